import OrreryKernel

/// Runs collectives as flows on a ``NetworkSimulator`` laid out by a ``Topology``, so they
/// share links with each other and with everything else on the fabric.
///
/// Each collective is expanded by its algorithm into phases (``CollectivePlan``); a phase
/// waits its α latency, then starts all its flows at once, and the next phase starts
/// when the last of them completes; `onComplete` always runs from the event loop. Flow `k` of the `s`-th collective started by this
/// executor routes with ECMP flow id `s << 32 | k`, so runs are deterministic.
///
/// The topology must already be installed in the simulator (``Topology/install(into:)-(NetworkSimulator)``).
public final class FabricCollectives: CollectiveExecutor {
    public let topology: Topology
    public let costModel: CollectiveCostModel
    private let simulation: Simulation
    private let network: NetworkSimulator
    private let rates: CollectiveLinkRates
    private var sequence: UInt64 = 0

    public private(set) var statistics = FabricCollectivesStatistics()

    public init(
        simulation: Simulation, network: NetworkSimulator, topology: Topology, calibration: CollectiveCalibration = .nccl
    ) {
        self.simulation = simulation
        self.network = network
        self.topology = topology
        self.costModel = CollectiveCostModel(calibration: calibration)
        self.rates = CollectiveLinkRates(node: topology.nodeSpec, calibration: calibration)
    }

    /// The phases and flows `collective` expands into, without running it.
    public func plan(_ collective: Collective) throws(CollectiveError) -> CollectivePlan {
        let topology = topology
        let group = try CollectiveGroup(ranks: collective.ranks) { try? topology.scaleUpDomain(ofRank: $0) }
        return try CollectivePlanner(group: group, rates: rates, costModel: costModel).plan(collective)
    }

    public func start(_ collective: Collective, onComplete: @escaping (SimTime) -> Void) throws(CollectiveError) {
        let plan = try plan(collective)
        let run = RunningCollective(plan: plan, sequence: sequence, onComplete: onComplete)
        sequence += 1
        statistics.collectivesStarted += 1
        // Even a collective with nothing to do (one rank) completes from the event loop,
        // never inside `start`, so callers see one order of events.
        simulation.schedule(after: .zero) { [self] in startPhase(run) }
    }

    private func startPhase(_ run: RunningCollective) {
        guard run.phase < run.plan.phases.count else {
            statistics.collectivesCompleted += 1
            run.onComplete(simulation.now)
            return
        }
        let latency = run.plan.phases[run.phase].latency
        if latency == .zero {
            launchFlows(run)
        } else {
            simulation.schedule(after: latency) { [self] in launchFlows(run) }
        }
    }

    private func launchFlows(_ run: RunningCollective) {
        let flows = run.plan.phases[run.phase].flows
        guard !flows.isEmpty else { return finishPhase(run) }
        run.outstanding = flows.count
        for flow in flows {
            let id = run.sequence << 32 | UInt64(run.nextFlowIndex)
            run.nextFlowIndex += 1
            do {
                let route = try topology.route(fromRank: flow.source, toRank: flow.destination, flow: id)
                try network.transfer(route: route, bytes: flow.bytes) { [self] _ in
                    run.outstanding -= 1
                    if run.outstanding == 0 { finishPhase(run) }
                }
            } catch {
                // Groups are validated and flows join distinct ranks with finite bytes ≥ 0.
                fatalError("FabricCollectives: a planned flow \(flow) was refused: \(error)")
            }
            statistics.flowsStarted += 1
        }
    }

    private func finishPhase(_ run: RunningCollective) {
        run.phase += 1
        startPhase(run)
    }
}

/// Counters of a ``FabricCollectives``.
public struct FabricCollectivesStatistics: Hashable, Sendable {
    public var collectivesStarted = 0
    public var collectivesCompleted = 0
    public var flowsStarted = 0
}

/// A collective in progress: which phase it is in and how many of its flows are still
/// moving.
private final class RunningCollective {
    let plan: CollectivePlan
    let sequence: UInt64
    let onComplete: (SimTime) -> Void
    var phase = 0
    var outstanding = 0
    var nextFlowIndex = 0

    init(plan: CollectivePlan, sequence: UInt64, onComplete: @escaping (SimTime) -> Void) {
        self.plan = plan
        self.sequence = sequence
        self.onComplete = onComplete
    }
}
