import OrreryKernel

/// The communication patterns a group of GPUs performs together, as NCCL names them.
public enum CollectiveKind: String, CaseIterable, Sendable {
    case allReduce = "all-reduce"
    case reduceScatter = "reduce-scatter"
    case allGather = "all-gather"
    case allToAll = "all-to-all"
    case broadcast
    /// Point-to-point: the first rank of the group sends to the second.
    case sendRecv = "send-recv"
}

/// How a collective is broken into transfers (see `docs/fabric.md`, "Collectives").
public enum CollectiveAlgorithm: String, CaseIterable, Sendable {
    case ring
    /// NCCL's double binary tree.
    case tree
    /// Intra-node reduce-scatter, inter-node across rails, intra-node all-gather.
    case hierarchical
    /// Every rank sends straight to every other rank (all-to-all, send/recv).
    case direct
    /// NVLink SHARP: the NVSwitch reduces and multicasts (all-reduce inside one scale-up
    /// domain of NVSwitch-attached NVLink4-or-newer GPUs, such as an 8 × H100 node).
    case nvls
    /// The executor picks per kind, group shape and size, as NCCL's tuner does.
    case automatic = "auto"
}

/// One collective operation over a group of GPUs.
///
/// `bytes` follows the nccl-tests convention, so algorithm and bus bandwidths computed
/// from it compare directly with published tables: the buffer each rank reduces for
/// all-reduce; the full output (per-rank input × group size) for all-gather; the full
/// input for reduce-scatter; each rank's total send for all-to-all; the root's buffer for
/// broadcast; the message for send/recv.
public struct Collective: Hashable, Sendable {
    public var kind: CollectiveKind
    public var algorithm: CollectiveAlgorithm
    /// Global GPU ranks taking part, in the order rings are built. Broadcast's root and
    /// send/recv's sender come first.
    public var ranks: [Int]
    public var bytes: Double

    public init(kind: CollectiveKind, algorithm: CollectiveAlgorithm = .automatic, ranks: [Int], bytes: Double) {
        self.kind = kind
        self.algorithm = algorithm
        self.ranks = ranks
        self.bytes = bytes
    }
}

/// Something that runs collectives in simulated time: the fabric (flows that share links
/// with everything else on the network) or a closed-form cost model in tests.
public protocol CollectiveExecutor: AnyObject {
    /// Starts `collective` now; `onComplete` runs once, at the simulated time its last
    /// transfer ends. Throws at once, before anything is scheduled, for an invalid group
    /// (empty, duplicate or unknown ranks), a negative or non-finite size, or an
    /// algorithm that does not implement the kind.
    func start(_ collective: Collective, onComplete: @escaping (SimTime) -> Void) throws(CollectiveError)
}

/// Why a collective cannot run.
public enum CollectiveError: Error, Equatable, CustomStringConvertible, Sendable {
    case invalidGroup(String)
    case invalidSize(Double)
    case unsupported(kind: CollectiveKind, algorithm: CollectiveAlgorithm)
    /// The algorithm needs hardware the group's GPUs lack (NVLS: NVSwitches with NVLink SHARP).
    case unavailable(algorithm: CollectiveAlgorithm, reason: String)

    public var description: String {
        switch self {
        case .invalidGroup(let why): "invalid collective group: \(why)"
        case .invalidSize(let bytes): "invalid collective size \(bytes) bytes: expected a finite number ≥ 0"
        case .unsupported(let kind, let algorithm):
            "the \(algorithm.rawValue) algorithm does not implement \(kind.rawValue)"
        case .unavailable(let algorithm, let reason): "the \(algorithm.rawValue) algorithm is not available: \(reason)"
        }
    }
}
