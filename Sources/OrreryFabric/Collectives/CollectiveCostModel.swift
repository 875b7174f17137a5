import OrreryKernel

/// Closed-form times of collectives on an idle fabric, with the same algorithms and
/// constants as ``FabricCollectives`` (equations in `docs/fabric.md`, "Collectives").
///
/// Each phase costs α (base latency + steps × per-step latency) plus the time its most
/// loaded link needs for its bytes at the calibrated efficiency. Contention with other
/// traffic, ECMP collisions on the spines and link latencies are not included; run the
/// collective on ``FabricCollectives`` for those.
public struct CollectiveCostModel: Sendable {
    public var calibration: CollectiveCalibration

    public init(calibration: CollectiveCalibration = .nccl) {
        self.calibration = calibration
    }

    /// The time of a collective of `bytes` (nccl-tests convention) on a group of `shape`.
    /// - Throws: ``CollectiveError/unsupported(kind:algorithm:)`` when the algorithm does
    ///   not implement the kind, ``CollectiveError/invalidSize(_:)`` for a negative or
    ///   non-finite size, ``CollectiveError/invalidGroup(_:)`` for an empty shape or a
    ///   send/receive that is not between two ranks.
    public func time(
        _ kind: CollectiveKind, algorithm: CollectiveAlgorithm = .automatic, bytes: Double, shape: CollectiveShape
    ) throws(CollectiveError) -> SimTime {
        try check(kind, algorithm: algorithm, bytes: bytes, shape: shape)
        let resolved = resolvedAlgorithm(kind, algorithm: algorithm, bytes: bytes, shape: shape)
        return phases(kind, algorithm: resolved, bytes: bytes, shape: shape)
            .reduce(SimTime.zero) { $0 + $1.latency + .seconds($1.transferSeconds) }
    }

    /// The algorithm ``CollectiveAlgorithm/automatic`` stands for, as NCCL's tuner picks:
    /// direct for all-to-all and send/receive; for an all-reduce spanning several
    /// domains, whichever of ring and tree this model predicts faster (ring on a tie);
    /// ring otherwise (NCCL implements the other kinds with rings only). Hierarchical is
    /// never picked: NCCL has no such algorithm. NVLS is not picked either, though NCCL
    /// takes it for large single-node all-reduces where NVSwitches support it: choose it
    /// explicitly (keeping `automatic` as it was keeps existing results stable). Explicit
    /// algorithms are returned as is.
    public func resolvedAlgorithm(
        _ kind: CollectiveKind, algorithm: CollectiveAlgorithm, bytes: Double, shape: CollectiveShape
    ) -> CollectiveAlgorithm {
        guard algorithm == .automatic else { return algorithm }
        switch kind {
        case .allToAll, .sendRecv: return .direct
        case .allReduce where shape.domains > 1:
            let ring = total(phases(kind, algorithm: .ring, bytes: bytes, shape: shape))
            let tree = total(phases(kind, algorithm: .tree, bytes: bytes, shape: shape))
            return tree < ring ? .tree : .ring
        default: return .ring
        }
    }

    private func total(_ phases: [PhaseCost]) -> Double {
        phases.reduce(0) { $0 + $1.latency.seconds + $1.transferSeconds }
    }

    func check(_ kind: CollectiveKind, algorithm: CollectiveAlgorithm, bytes: Double, shape: CollectiveShape) throws(CollectiveError) {
        guard algorithm.implements(kind) else { throw .unsupported(kind: kind, algorithm: algorithm) }
        guard bytes.isFinite, bytes >= 0 else { throw .invalidSize(bytes) }
        guard shape.ranksPerDomain >= 1, shape.domains >= 1 else {
            throw .invalidGroup("a group needs at least one rank in at least one domain")
        }
        if kind == .sendRecv, shape.ranks != 2 {
            throw .invalidGroup("send/recv needs exactly two ranks, sender first; got \(shape.ranks)")
        }
        if algorithm == .nvls { try NVLS.check(rates: shape.rates, domains: shape.domains) }
    }

    /// One phase: its latency and the seconds its busiest link needs.
    struct PhaseCost {
        var latency: SimTime
        var transferSeconds: Double
    }

    func phases(_ kind: CollectiveKind, algorithm: CollectiveAlgorithm, bytes s: Double, shape: CollectiveShape) -> [PhaseCost] {
        let m = shape.ranksPerDomain, d = shape.domains, n = m * d
        guard n > 1 else { return [] }
        let c = calibration
        let up = shape.rates.lineRate(.scaleUp) * shape.rates.efficiency(.scaleUp)
        let out = shape.rates.lineRate(.scaleOut) * shape.rates.efficiency(.scaleOut)
        let steps = RingSteps(kind: kind, ranks: n, domains: d)
        switch algorithm {
        case .ring, .automatic:
            let perLink = RingSteps.perLinkBytes(kind: kind, ranks: n, bytes: s)
            let seconds = max(m > 1 ? perLink / up : 0, d > 1 ? perLink / Double(m) / out : 0)
            return [PhaseCost(latency: ringLatency(steps), transferSeconds: seconds)]
        case .tree:
            let f = c.treeBandwidthFactor
            let chain = m > 1 ? 2 * Double(m - 1) / Double(m) * s / (up * f) : 0
            let across = d > 1 ? Double(DoubleBinaryTree(count: d).maxDegree) * s / Double(2 * m) / (out * f) : 0
            return [PhaseCost(latency: treeLatency(ranksPerDomain: m, domains: d), transferSeconds: max(chain, across))]
        case .hierarchical:
            return HierarchicalStages(kind: kind, ranksPerDomain: m, domains: d, bytes: s).stages.map { stage in
                let rate = stage.tier == .scaleUp ? up : out
                let step = stage.tier == .scaleUp ? c.ringScaleUpStepLatency : c.ringScaleOutStepLatency
                return PhaseCost(
                    latency: c.ringBaseLatency + step.scaled(by: Int64(stage.steps)),
                    transferSeconds: stage.perLinkBytes / rate)
            }
        case .nvls:
            let rate = shape.rates.lineRate(.scaleUp) * shape.rates.inSwitchReductionEfficiency
            return [PhaseCost(latency: c.nvlsLatency, transferSeconds: NVLS.perLinkBytes(ranks: n, bytes: s) / rate)]
        case .direct:
            let tier: CollectiveLinkTier = d > 1 ? .scaleOut : .scaleUp
            let latency = c.ringBaseLatency + (tier == .scaleUp ? c.ringScaleUpStepLatency : c.ringScaleOutStepLatency)
            if kind == .sendRecv {
                return [PhaseCost(latency: latency, transferSeconds: s / (tier == .scaleUp ? up : out))]
            }
            let inside = Double(m - 1) * s / Double(n) / up
            let across = Double((d - 1) * m) * s / Double(n) / out
            return [PhaseCost(latency: latency, transferSeconds: max(inside, across))]
        }
    }

    /// α of a ring: NCCL's base latency plus one step latency per hop a chunk makes,
    /// the hops between domains at the network's step latency.
    func ringLatency(_ steps: RingSteps) -> SimTime {
        calibration.ringBaseLatency
            + calibration.ringScaleUpStepLatency.scaled(by: Int64(steps.total - steps.acrossDomains))
            + calibration.ringScaleOutStepLatency.scaled(by: Int64(steps.acrossDomains))
    }

    /// α of a tree: NCCL's base latency plus, up and down, the chain inside a domain and
    /// ⌊log₂ domains⌋ network levels.
    func treeLatency(ranksPerDomain m: Int, domains d: Int) -> SimTime {
        let levels = d > 1 ? Int.bitWidth - 1 - d.leadingZeroBitCount : 0
        return calibration.treeBaseLatency
            + calibration.treeScaleUpStepLatency.scaled(by: Int64(2 * (m - 1)))
            + calibration.treeScaleOutStepLatency.scaled(by: Int64(2 * levels))
    }
}

/// A ring's step counts, as NCCL's tuner counts them: all-reduce 2(n−1) steps of which
/// 2(d−1) cross domains; reduce-scatter and all-gather n−1 and d−1; broadcast (a
/// pipelined chain) n−1 and d−1.
struct RingSteps {
    var total: Int
    var acrossDomains: Int

    init(kind: CollectiveKind, ranks n: Int, domains d: Int) {
        switch kind {
        case .allReduce:
            total = 2 * (n - 1)
            acrossDomains = 2 * (d - 1)
        default:
            total = n - 1
            acrossDomains = d - 1
        }
    }

    /// Bytes each rank sends to its ring successor: 2(n−1)/n·S for all-reduce,
    /// (n−1)/n·S for reduce-scatter and all-gather, S for broadcast.
    static func perLinkBytes(kind: CollectiveKind, ranks n: Int, bytes s: Double) -> Double {
        let n = Double(n)
        switch kind {
        case .allReduce: return 2 * (n - 1) / n * s
        case .broadcast: return s
        default: return (n - 1) / n * s
        }
    }
}

/// The stages of a hierarchical collective: rings inside each domain and rings across
/// domains between ranks at the same position (the same rail).
struct HierarchicalStages {
    struct Stage {
        /// Inside domains (scale-up) or across them (scale-out).
        var tier: CollectiveLinkTier
        var steps: Int
        /// Bytes each rank sends to its ring successor in this stage.
        var perLinkBytes: Double
    }

    let stages: [Stage]

    /// All-reduce: reduce-scatter inside (m−1)/m·S, all-reduce across on S/m
    /// (2(d−1)/d·S/m), all-gather inside. Reduce-scatter: inside then across on S/m.
    /// All-gather: across on S/m, then inside. Stages with one rank per ring are left out.
    init(kind: CollectiveKind, ranksPerDomain m: Int, domains d: Int, bytes s: Double) {
        let inside = Stage(tier: .scaleUp, steps: m - 1, perLinkBytes: Double(m - 1) / Double(m) * s)
        let share = s / Double(m)
        var across = Stage(tier: .scaleOut, steps: d - 1, perLinkBytes: Double(d - 1) / Double(d) * share)
        var stages: [Stage]
        switch kind {
        case .allReduce:
            across.steps = 2 * (d - 1)
            across.perLinkBytes *= 2
            stages = [inside, across, inside]
        case .allGather: stages = [across, inside]
        default: stages = [inside, across]
        }
        self.stages = stages.filter { $0.steps > 0 }
    }
}

/// NVLS (NVLink SHARP) all-reduce inside one NVSwitch domain. Each GPU reduces 1/n of
/// the buffer in the switch (`multimem.ld_reduce`: the switch reads that slice from all
/// n GPUs and returns the sum) and multicasts the result (`multimem.st`: one write, n
/// copies). Per GPU that is S up and S/n down for the reduction, S/n up and S down for
/// the multicast: S (n + 1) / n each way, against 2 (n − 1) / n · S for a ring, so
/// all-reduce bus bandwidth can exceed the link's.
enum NVLS {
    static func perLinkBytes(ranks n: Int, bytes s: Double) -> Double {
        s * Double(n + 1) / Double(n)
    }

    /// Throws unless NVLS can run: in-switch reduction, and one scale-up domain (NCCL's
    /// multi-node NVLS-Tree needs CollNet/SHARP on the network, not modelled).
    static func check(rates: CollectiveLinkRates, domains: Int) throws(CollectiveError) {
        guard rates.inSwitchReduction else {
            throw .unavailable(
                algorithm: .nvls,
                reason: "needs NVSwitches with NVLink SHARP (NVLink4 or newer); these GPUs' scale-up links run at "
                    + "\(rates.scaleUpBytesPerSecond / 1e9) GB/s per direction or have no NVSwitch")
        }
        guard domains == 1 else {
            throw .invalidGroup("nvls runs inside one NVSwitch domain; this group spans \(domains) domains")
        }
    }
}
