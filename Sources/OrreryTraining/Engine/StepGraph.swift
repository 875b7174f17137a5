import OrreryFabric
import OrreryKernel

/// What an op's time counts as in the step breakdown.
public enum StepOpCategory: UInt8, CaseIterable, Sendable {
    /// Forward, backward and recomputation kernels.
    case compute
    /// The optimizer update (memory-bound; counted as compute time).
    case optimizer
    /// Tensor- or context-parallel collectives inside a layer.
    case layerCommunication
    /// Pipeline send/receive of activations and their gradients.
    case pipelineCommunication
    /// Data-parallel gradient reductions and ZeRO/FSDP gathers.
    case dataCommunication
}

/// An op of the step graph (an index into its flat arrays).
public struct StepOpID: Hashable, Sendable {
    public let index: Int32
}

/// A FIFO lane of ops on one modelled GPU (a CUDA stream): an op starts only after the
/// op before it on its stream has finished and all its dependencies are done.
public struct StepStreamID: Hashable, Sendable {
    public let index: Int32
}

/// One training step as a DAG of ops on streams, in flat arrays (structure of arrays),
/// so that building and running it touches no per-op objects.
///
/// A *timeline* is one modelled GPU. Strategies model one GPU per distinct role (one per
/// pipeline stage, say) and rely on the symmetry of tensor- and data-parallel replicas;
/// collectives still name every rank they involve, so the fabric carries all the traffic.
/// Each timeline has one compute stream, on which the breakdown is measured.
public struct StepGraph: Sendable {
    /// Stream of each op.
    public internal(set) var opStream: [Int32] = []
    /// Duration of a timed op in ns (0 for a collective op).
    public internal(set) var opDuration: [Int64] = []
    /// The part of a timed op's duration that is exposed layer communication, in ns.
    public internal(set) var opExposedCommunication: [Int64] = []
    public internal(set) var opCategory: [StepOpCategory] = []
    /// First collective of a collective op in ``collectives``, and how many (0: timed op).
    public internal(set) var opCollectiveStart: [Int32] = []
    public internal(set) var opCollectiveCount: [Int32] = []
    /// Successors in compressed-row form: op i's are `successors[successorStart[i]..<successorStart[i+1]]`.
    public internal(set) var successorStart: [Int32] = []
    public internal(set) var successors: [Int32] = []
    public internal(set) var predecessorCount: [Int32] = []
    /// Ops of each stream in program order, compressed-row form.
    public internal(set) var streamOpStart: [Int32] = []
    public internal(set) var streamOps: [Int32] = []
    /// Timeline of each stream, and the compute stream of each timeline.
    public internal(set) var streamTimeline: [Int32] = []
    public internal(set) var timelineComputeStream: [Int32] = []
    /// GPUs each timeline stands for (used to weight the breakdown).
    public internal(set) var timelineWeight: [Double] = []
    public internal(set) var collectives: [Collective] = []

    public var opCount: Int { opStream.count }
    public var streamCount: Int { streamTimeline.count }
    public var timelineCount: Int { timelineComputeStream.count }
}
