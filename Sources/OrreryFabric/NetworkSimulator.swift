import OrreryKernel

/// Drives a ``FlowNetwork`` from the kernel's event loop.
///
/// - Batching: every change at one simulated instant (transfers starting, completions,
///   capacity changes) schedules at most one zero-delay solve event, so the network is
///   solved once per instant however many changes it saw.
/// - One event: the simulator keeps exactly one pending kernel event, at the network's
///   earliest completion, and moves it (cancel + schedule) only when a solve changes it.
/// - Latency: a transfer's bytes start flowing after the sum of its route's link
///   latencies; its bandwidth share is taken only from then on. This models the
///   first byte's propagation delay without holding bandwidth during it, and a transfer
///   completes at (total latency + time to push its bytes at the shares it gets).
public final class NetworkSimulator {
    private let simulation: Simulation
    private let network = FlowNetwork()
    private var onComplete: [FlowID: (SimTime) -> Void] = [:]
    private var solvePending = false
    private var completionEvent: EventHandle?
    private var completionTime: SimTime?

    public private(set) var statistics = NetworkSimulatorStatistics()

    private static let solveTag = 0
    private static let completionTag = 1

    public init(simulation: Simulation) {
        self.simulation = simulation
    }

    /// Adds a link (bytes/s, finite, ≥ 0; latency ≥ 0).
    public func addLink(capacityBytesPerSecond: Double, latency: SimTime = .zero) throws(FlowError) -> LinkID {
        try network.addLink(capacityBytesPerSecond: capacityBytesPerSecond, latency: latency)
    }

    /// Changes a link's capacity now (0 stalls its flows until capacity returns).
    public func setCapacity(_ link: LinkID, bytesPerSecond: Double) throws(FlowError) {
        try network.setCapacity(link, bytesPerSecond: bytesPerSecond)
        scheduleSolve()
    }

    /// Starts a transfer now: after the route's latency its bytes flow, sharing
    /// bandwidth by weighted max-min fairness; `onComplete` runs at the simulated time
    /// its last byte arrives. Throws at once for a bad route, byte count, cap or weight.
    public func transfer(
        route: [LinkID], bytes: Double, rateCap: Double? = nil, weight: Double = 1,
        onComplete: @escaping (SimTime) -> Void
    ) throws(FlowError) {
        try network.validateFlow(route: route, bytes: bytes, rateCap: rateCap, weight: weight)
        let latency = try network.latency(of: route)
        let start = { [self] in
            do {
                let flow = try network.startFlow(route: route, bytes: bytes, rateCap: rateCap, weight: weight)
                self.onComplete[flow] = onComplete
                statistics.transfersStarted += 1
                scheduleSolve()
            } catch {
                fatalError("NetworkSimulator: a validated transfer failed to start: \(error)")
            }
        }
        if latency == .zero { start() } else { simulation.schedule(after: latency, start) }
    }

    /// Transfers started and not yet complete (excluding those still in their latency).
    public var activeTransfers: Int { network.flowCount }

    /// The solver's own counters (components, flows re-solved).
    public var networkStatistics: FlowNetworkStatistics { network.statistics }

    /// Checks the network's invariants; for tests.
    public func checkInvariants() throws(FlowError) { try network.checkInvariants() }

    private func scheduleSolve() {
        guard !solvePending else { return }
        solvePending = true
        simulation.schedule(at: simulation.now, handler: self, tag: Self.solveTag)
    }

    private func solve(at now: SimTime) {
        solvePending = false
        do { try network.solve(at: now) } catch { fatalError("NetworkSimulator: \(error)") }
        statistics.solves += 1
        let next = network.nextCompletion
        guard next != completionTime else { return }
        if let completionEvent { simulation.cancel(completionEvent) }
        completionTime = next
        completionEvent = next.map { simulation.schedule(at: $0, handler: self, tag: Self.completionTag) }
        if next != nil { statistics.completionEventsScheduled += 1 }
    }

    private func complete(at now: SimTime) {
        completionEvent = nil
        completionTime = nil
        let done: [FlowID]
        do { done = try network.popCompleted(at: now) } catch { fatalError("NetworkSimulator: \(error)") }
        // Re-solve (the finished flows freed bandwidth) after the callbacks, so transfers
        // they start at this instant join the same solve.
        scheduleSolve()
        for flow in done {
            statistics.transfersCompleted += 1
            onComplete.removeValue(forKey: flow)?(now)
        }
    }
}

extension NetworkSimulator: EventHandler {
    public func handleEvent(tag: Int, at time: SimTime) {
        if tag == Self.solveTag { solve(at: time) } else { complete(at: time) }
    }
}
