import OrreryKernel

/// A ``CollectiveExecutor`` that creates no flows: each collective completes after its
/// closed-form ``CollectiveCostModel`` time, as if the fabric were idle.
///
/// For fast paths (many collectives on groups that do not contend) and for comparing
/// against ``FabricCollectives``. Groups must be regular (the same number of ranks in
/// every scale-up domain), as the closed form assumes.
public final class CostModelCollectives: CollectiveExecutor {
    public let topology: Topology
    public let costModel: CollectiveCostModel
    private let simulation: Simulation
    private let rates: CollectiveLinkRates

    public init(simulation: Simulation, topology: Topology, calibration: CollectiveCalibration = .nccl) {
        self.simulation = simulation
        self.topology = topology
        self.costModel = CollectiveCostModel(calibration: calibration)
        self.rates = CollectiveLinkRates(node: topology.nodeSpec, calibration: calibration)
    }

    /// The closed-form time of `collective` on this topology.
    public func time(of collective: Collective) throws(CollectiveError) -> SimTime {
        let topology = topology
        let group = try CollectiveGroup(ranks: collective.ranks) { try? topology.scaleUpDomain(ofRank: $0) }
        let shape = try group.regularShape(rates: rates, for: "the closed-form cost model")
        return try costModel.time(collective.kind, algorithm: collective.algorithm, bytes: collective.bytes, shape: shape)
    }

    public func start(_ collective: Collective, onComplete: @escaping (SimTime) -> Void) throws(CollectiveError) {
        let duration = try time(of: collective)
        simulation.schedule(after: duration) { [simulation] in onComplete(simulation.now) }
    }
}
