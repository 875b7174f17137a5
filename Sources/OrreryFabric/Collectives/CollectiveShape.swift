/// The shape of a regular collective group, all the closed-form cost model needs:
/// `domains` scale-up domains with `ranksPerDomain` of the group's ranks each.
public struct CollectiveShape: Hashable, Sendable {
    public var ranksPerDomain: Int
    public var domains: Int
    public var rates: CollectiveLinkRates

    public init(ranksPerDomain: Int, domains: Int, rates: CollectiveLinkRates) {
        self.ranksPerDomain = ranksPerDomain
        self.domains = domains
        self.rates = rates
    }

    /// The shape of `ranks` on `topology`.
    /// - Throws: ``CollectiveError/invalidGroup(_:)`` for an empty group, duplicate or
    ///   unknown ranks, or domains holding different numbers of the group's ranks.
    public init(topology: Topology, ranks: [Int], calibration: CollectiveCalibration = .nccl) throws(CollectiveError) {
        let group = try CollectiveGroup(ranks: ranks) { try? topology.scaleUpDomain(ofRank: $0) }
        self = try group.regularShape(rates: CollectiveLinkRates(node: topology.nodeSpec, calibration: calibration), for: "the closed-form cost model")
    }

    /// Ranks in the group.
    public var ranks: Int { ranksPerDomain * domains }
}

extension CollectiveKind {
    /// nccl-tests' bus bandwidth factor for `ranks` ranks: bus bandwidth = algorithm
    /// bandwidth × factor, which makes it comparable with link speed whatever the
    /// group size (nccl-tests `doc/PERFORMANCE.md`).
    public func busBandwidthFactor(ranks: Int) -> Double {
        let n = Double(max(ranks, 1))
        switch self {
        case .allReduce: return 2 * (n - 1) / n
        case .reduceScatter, .allGather, .allToAll: return (n - 1) / n
        case .broadcast, .sendRecv: return 1
        }
    }
}

extension CollectiveAlgorithm {
    /// Whether this algorithm implements `kind` (``automatic`` implements every kind).
    public func implements(_ kind: CollectiveKind) -> Bool {
        switch self {
        case .automatic: true
        case .ring: [.allReduce, .reduceScatter, .allGather, .broadcast].contains(kind)
        case .tree: kind == .allReduce
        case .hierarchical: [.allReduce, .reduceScatter, .allGather].contains(kind)
        case .direct: kind == .allToAll || kind == .sendRecv
        case .nvls: kind == .allReduce
        }
    }
}
