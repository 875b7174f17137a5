import OrreryKernel

/// What happened to a job, published on the simulation's event bus for observers.
public enum JobState: String, Sendable {
    case queued, running, finished
    /// It can never run here: more GPUs (of its type) than the cluster has.
    case rejected
}

/// One job's life so far. Times are simulated; `start`/`end` are nil until they happen.
public struct JobOutcome: Sendable, Equatable {
    public var spec: JobSpec
    public var state: JobState
    public var start: SimTime?
    public var end: SimTime?
    /// Human-readable placement (`DGX-A100#0[0-7]`), empty until started.
    public var placement: String
    /// How often the job was preempted (stopped and put back in the queue) so far.
    public var preemptions: Int = 0

    /// First start − submit: time spent waiting after a preemption is not counted here
    /// (it shows in the completion time).
    public var queueingDelay: SimTime? { start.map { $0 - spec.submit } }
    public var completionTime: SimTime? { end.map { $0 - spec.submit } }
}

/// A job started (state `running`), finished, was rejected, or was preempted (state
/// `queued` again, with ``JobOutcome/preemptions`` one higher).
public struct JobChanged: SimulationEvent {
    public var outcome: JobOutcome
}

/// A job ended: it finished or was rejected (also published as a ``JobChanged``). What
/// a results store records per job, without following every start and stop: a
/// round-based policy makes millions, and nothing builds their events when no one
/// subscribes to ``JobChanged``.
public struct JobEnded: SimulationEvent {
    public var outcome: JobOutcome
}

/// The GPU capacity held by jobs changed; published once per instant's last change.
public struct GPUAllocationChanged: SimulationEvent {
    /// GPUs held by jobs, wholly or in part.
    public var allocatedGPUs: Int
    public var totalGPUs: Int
    /// GPU capacity held in milli-GPUs: 1,000 per whole GPU, a share as its part.
    public var allocatedMilliGPUs: Int

    public init(allocatedGPUs: Int, totalGPUs: Int, allocatedMilliGPUs: Int? = nil) {
        self.allocatedGPUs = allocatedGPUs
        self.totalGPUs = totalGPUs
        self.allocatedMilliGPUs = allocatedMilliGPUs ?? allocatedGPUs * ResourceRequest.wholeGPU
    }

    /// GPU capacity held, in GPUs (a share counts as its fraction).
    public var allocated: Double { Double(allocatedMilliGPUs) / Double(ResourceRequest.wholeGPU) }
}

/// The cluster's fragmentation with respect to the run's workload changed
/// (``TargetWorkload``); published once per instant's last change, only by runs that
/// track it.
public struct FragmentationChanged: SimulationEvent {
    /// Σ_n F_n(M): free GPU capacity the workload's typical job could not use, in GPUs.
    public var fragmentedGPUs: Double
    /// Free GPU capacity, in GPUs (shares counted as fractions).
    public var freeGPUs: Double
}
