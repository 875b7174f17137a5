public import OrreryKernel

/// One interruption of a training job, a row of `failures`. The store keeps its own row
/// type (the command line converts from the resilience model), so the results layer
/// depends on no model.
public struct FailureRow: Equatable, Sendable {
    /// The training workload's name.
    public var workload: String
    /// The failure's position in the run (0, 1, …).
    public var index: Int
    public var time: SimTime
    /// The failure mode, e.g. `gpu`, `switch-cable`.
    public var cause: String
    /// What the mode's rate is counted per: `gpu`, `nic`, `node`, `leaf-switch`, `job`.
    public var scope: String
    /// Which component of the scope failed.
    public var component: Int
    /// Nodes the failure took out of the job.
    public var nodesStruck: Int
    /// What the job was doing when it struck (`running`, `checkpoint-stall`, a recovery phase).
    public var phase: String
    /// Training time rolled back to the last completed checkpoint.
    public var rolledBack: SimTime
    /// When the job ran again; nil if it never did before the run ended.
    public var resumed: SimTime?

    public init(
        workload: String, index: Int, time: SimTime, cause: String, scope: String, component: Int, nodesStruck: Int,
        phase: String, rolledBack: SimTime, resumed: SimTime?
    ) {
        self.workload = workload
        self.index = index
        self.time = time
        self.cause = cause
        self.scope = scope
        self.component = component
        self.nodesStruck = nodesStruck
        self.phase = phase
        self.rolledBack = rolledBack
        self.resumed = resumed
    }
}

/// One checkpoint a training job started or skipped, a row of `checkpoints`.
public struct CheckpointRow: Equatable, Sendable {
    public enum Outcome: String, Sendable {
        case completed, aborted, skipped, unfinished
    }

    public var workload: String
    public var index: Int
    /// The training step it saves.
    public var step: Int
    /// When the job reached the step boundary.
    public var start: SimTime
    /// When training resumed after the stall; nil if it never did.
    public var stallEnd: SimTime?
    /// When it was on storage; nil unless completed.
    public var persisted: SimTime?
    public var bytes: Double
    /// `synchronous` or `asynchronous`.
    public var mode: String
    public var outcome: Outcome

    public init(
        workload: String, index: Int, step: Int, start: SimTime, stallEnd: SimTime?, persisted: SimTime?, bytes: Double,
        mode: String, outcome: Outcome
    ) {
        self.workload = workload
        self.index = index
        self.step = step
        self.start = start
        self.stallEnd = stallEnd
        self.persisted = persisted
        self.bytes = bytes
        self.mode = mode
        self.outcome = outcome
    }
}
