import OrreryKernel

/// A preemptive policy that runs elastic jobs (``JobSpec/minGPUs``…``JobSpec/maxGPUs``)
/// at sizes of its choosing; the model runs them at their ``scaling`` curve's speed for
/// the size they got. A resize is a stop and a restart at the new size, keeping progress
/// and paying the restart cost (``PreemptionSettings/restartCost``).
public protocol ResizingPolicy: PreemptivePolicy {
    var scaling: AmdahlScaling { get }
}

extension ResizingPolicy {
    /// The scaling curve of `job`: its own serial fraction if it has one, else the policy's.
    public func scaling(of job: JobSpec) -> AmdahlScaling {
        job.serialFraction.map { AmdahlScaling(serialFraction: $0) } ?? scaling
    }
}

/// `elastic`: shrink-to-admit, grow-into-idle, in FIFO order.
///
/// Each pass walks the waiting jobs in arrival order. A job starts at the largest size
/// from its `gpus` down to its `minGPUs` that fits now; if none does, running elastic
/// jobs are shrunk toward their `minGPUs` (most GPUs above their minimum first, ties:
/// the newest run) until it fits at some size, and if even that fails nobody is shrunk
/// and the walk stops there (FIFO's head-of-line blocking: nothing overtakes it). Then
/// the GPUs left idle go to elastic jobs below their `maxGPUs`, in arrival order, each
/// growing as far as fits; a running job grows only if its remaining run, restart cost
/// included, gets shorter. Running jobs are resized only after the minimum runtime of
/// their current run (``PreemptionSettings/minimumRuntime``); jobs started in the pass
/// are sized for free. On a trace of rigid jobs this is `fifo`, start for start.
///
/// The rule is the common core of elastic cluster schedulers that shrink running jobs
/// to admit new ones and hand idle GPUs to jobs that scale (Hwang et al., AFS, NSDI'21;
/// Qiao et al., Pollux, OSDI'21), without their throughput models or optimisation:
/// AFS picks the job that gains most from each GPU, this walks jobs in arrival order.
public struct ElasticScheduler: ResizingPolicy {
    public var placement: any PlacementPolicy
    public var preemption: PreemptionSettings
    public var scaling: AmdahlScaling
    /// The run's jobs (``prepared(for:)``) and the sizes each may run at.
    var jobs: [JobSpec] = []
    var sizes: [ClosedRange<Int>] = []
    var submits: [SimTime] = []

    public init(
        placement: any PlacementPolicy = ConsolidatingPlacement(), preemption: PreemptionSettings = .init(),
        scaling: AmdahlScaling = AmdahlScaling()
    ) {
        self.placement = placement
        self.preemption = preemption
        self.scaling = scaling
    }

    public func prepared(for jobs: [JobSpec]) -> any SchedulingPolicy {
        var policy = self
        policy.jobs = jobs
        policy.sizes = jobs.map(Self.sizes(of:))
        policy.submits = jobs.map(\.submit)
        return policy
    }

    /// Whether job `index` of the run may be resized.
    func isElastic(_ index: Int) -> Bool { sizes.indices.contains(index) && sizes[index].lowerBound < sizes[index].upperBound }

    /// The sizes the policy may give `job`: its range if it is an elastic whole-GPU job.
    static func sizes(of job: JobSpec) -> ClosedRange<Int> {
        job.gpuMilli == ResourceRequest.wholeGPU ? job.sizeRange : job.gpus...job.gpus
    }

    public func plan(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext) -> SchedulingPlan {
        var pass = ElasticPass(policy: self, cluster: cluster, context: context)
        for i in queue.indices {
            guard pass.admit(queue[i].index, queue[i].spec) else { break }
        }
        pass.growIntoIdle()
        return pass.plan
    }

    /// While jobs wait: the first instant a running elastic job above its minimum passes
    /// the minimum runtime and may be shrunk.
    public func nextReview(context: SchedulingContext) -> SimTime? {
        guard preemption.minimumRuntime > .zero else { return nil }
        // Runs read in place: iterating the list copied each run, placement included.
        return context.running.withUnsafeBufferPointer { runs in
            var earliest: SimTime?
            for run in runs.indices where runs[run].index < sizes.count && runs[run].gpus > sizes[runs[run].index].lowerBound {
                let resizable = runs[run].runStart + preemption.minimumRuntime
                if resizable > context.now, earliest.map({ resizable < $0 }) ?? true { earliest = resizable }
            }
            return earliest
        }
    }
}
