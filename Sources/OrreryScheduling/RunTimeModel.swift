import OrreryKernel

/// How long a job runs once placed: the trace's duration, or a duration that depends on
/// where it landed or on what it computes.
///
/// The model answers with the whole job's run time on `placement` (asked once the pass's
/// starts are all allocated on `cluster`); a job that is preempted and restarted
/// elsewhere progresses at the rate of each placement (its progress is kept in units of
/// its trace duration). Policies keep planning waiting jobs with the trace duration
/// (`JobSpec.duration`, the oracle) while running jobs' expected ends are their real ones,
/// so a model that slows jobs down makes backfill reservations optimistic, as user
/// estimates are in practice.
public protocol RunTimeModel: Sendable {
    func runTime(of job: JobSpec, on placement: Placement, in cluster: ClusterState) -> SimTime
    /// True when every answer is the job's trace duration, so the model need not ask
    /// (and copy the job's record) on every start.
    var answersTraceDurations: Bool { get }
}

extension RunTimeModel {
    public var answersTraceDurations: Bool { false }
}

/// The trace's duration, wherever the job runs (the default).
public struct TraceRunTime: RunTimeModel {
    public init() {}

    public func runTime(of job: JobSpec, on placement: Placement, in cluster: ClusterState) -> SimTime { job.duration }
    public var answersTraceDurations: Bool { true }
}

/// A job spread over several nodes, or several leaf switches, runs slower: its trace
/// duration × (1 + `perExtraNode` × (nodes − 1) + `perExtraLeaf` × (leaves − 1)), leaves
/// being runs of `nodesPerLeaf` consecutive nodes (as ``TopologyAwarePlacement`` groups
/// them).
///
/// The penalty stands for gradient exchange leaving NVLink for the network, and then the
/// leaf switch. Measurements put it anywhere from a few per cent (compute-heavy CNNs such
/// as ResNet-50) to about 2× (VGG-class models with large, skewed parameter tensors):
/// Gu et al., Tiresias (NSDI'19) §2.2 and Xiao et al., Gandiva (OSDI'18) §2 ("intra-job
/// locality"). The defaults, 10 % per extra node and 10 % more per extra leaf, are
/// Orrery's middle-of-the-road choice, not a fit to either paper: set them per study.
public struct PlacementSlowdownRunTime: RunTimeModel {
    /// Default slowdown per node beyond the first (fraction of the trace duration).
    public static let defaultPerExtraNode = 0.10
    /// Default slowdown per leaf switch beyond the first, on top of the nodes'.
    public static let defaultPerExtraLeaf = 0.10

    public var perExtraNode: Double
    public var perExtraLeaf: Double
    public var nodesPerLeaf: Int

    public init(perExtraNode: Double = Self.defaultPerExtraNode, perExtraLeaf: Double = Self.defaultPerExtraLeaf, nodesPerLeaf: Int = 32) {
        self.perExtraNode = Swift.max(0, perExtraNode)
        self.perExtraLeaf = Swift.max(0, perExtraLeaf)
        self.nodesPerLeaf = Swift.max(1, nodesPerLeaf)
    }

    /// The run-time factor of a placement: 1 on one node.
    public func slowdown(of placement: Placement) -> Double {
        let nodes = placement.nodeCount
        guard nodes > 1 else { return 1 }
        let leaves = Set(placement.shares.map { $0.node / nodesPerLeaf }).count
        return 1 + perExtraNode * Double(nodes - 1) + perExtraLeaf * Double(leaves - 1)
    }

    public func runTime(of job: JobSpec, on placement: Placement, in cluster: ClusterState) -> SimTime {
        let factor = slowdown(of: placement)
        return factor == 1 ? job.duration : .seconds(job.duration.seconds * factor)
    }
}
