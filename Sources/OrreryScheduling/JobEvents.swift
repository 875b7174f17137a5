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

/// The number of allocated GPUs changed; published once per instant's last change.
public struct GPUAllocationChanged: SimulationEvent {
    public var allocatedGPUs: Int
    public var totalGPUs: Int
}
