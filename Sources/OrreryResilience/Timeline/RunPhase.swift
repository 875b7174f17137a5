import OrreryKernel

/// What a training job is doing at an instant; the timeline's time is partitioned by phase.
public enum RunPhase: Int, Sendable, CaseIterable {
    /// Training steps.
    case running
    /// Stalled for a checkpoint (the whole write if synchronous, the snapshot if asynchronous).
    case checkpointStall
    /// A failure has happened and has not yet been noticed.
    case detecting
    /// Stopping every rank.
    case tearingDown
    /// Waiting for replacement nodes (the spare pool is empty; repairs are pending).
    case waitingForNodes
    /// Relaunching processes and communicators.
    case reinitialising
    /// Reading the last checkpoint from storage.
    case loadingCheckpoint
    /// The token budget is consumed.
    case finished

    /// Stable lower-case name for metrics.
    public var name: String {
        switch self {
        case .running: "running"
        case .checkpointStall: "checkpoint-stall"
        case .detecting: "detecting"
        case .tearingDown: "tearing-down"
        case .waitingForNodes: "waiting-for-nodes"
        case .reinitialising: "reinitialising"
        case .loadingCheckpoint: "loading-checkpoint"
        case .finished: "finished"
        }
    }

    /// Phases of recovery after a failure (their time is charged to the failure's cause).
    var isRecovery: Bool {
        switch self {
        case .detecting, .tearingDown, .waitingForNodes, .reinitialising, .loadingCheckpoint: true
        case .running, .checkpointStall, .finished: false
        }
    }
}

/// Job power at an instant, from then until the next sample.
public struct PowerSample: Sendable, Equatable {
    /// When the job's power changed to these figures.
    public var time: SimTime
    /// Seconds since the run started.
    public var seconds: Double { time.seconds }
    public var gpuWatts: Double
    /// GPUs plus node overhead.
    public var nodeWatts: Double
    /// Node power × PUE.
    public var facilityWatts: Double
    /// IT power of one full rack of the job's nodes (0 when racks are not modelled).
    public var rackWatts: Double
}
