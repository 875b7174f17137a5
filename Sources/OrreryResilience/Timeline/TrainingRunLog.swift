import OrreryKernel

/// One interruption of the job: what failed, when, what it took down and what it cost.
/// The results store keeps one row per event (`failures` table), so a run can be
/// inspected failure by failure, not only through its totals.
public struct FailureEvent: Sendable, Equatable {
    /// When the component failed.
    public var time: SimTime
    /// The failure mode (cause), as named in the failure model.
    public var mode: String
    public var scope: ComponentScope
    /// Which component of its scope failed (GPU rank, NIC, node slot, leaf switch; 0 for `job`).
    public var component: Int
    /// Nodes the failure took out of the job (its blast radius among nodes the job holds);
    /// 0 for failures that restart the job in place.
    public var nodesStruck: Int
    /// What the job was doing when it struck (running, a checkpoint stall, or a recovery
    /// phase of an earlier failure).
    public var phase: RunPhase
    /// Training time since the last completed checkpoint, rolled back, seconds.
    public var rolledBackSeconds: Double
    /// When the job ran again after the outage this failure belongs to; nil if it never did.
    public var resumedAt: SimTime?
}

/// One checkpoint the timeline tried to take.
public struct CheckpointEvent: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable {
        /// Persisted on storage: the job can roll back to it.
        case completed
        /// Abandoned by a failure during its stall or its background write.
        case aborted
        /// Not taken: the previous background write was still in flight.
        case skipped
        /// Still being written when the run stopped.
        case unfinished
    }

    /// Training step (progress, fractional steps never occur here) the checkpoint saves.
    public var step: Double
    /// When the job reached the checkpoint's step boundary.
    public var startedAt: SimTime
    /// When the job resumed training (end of the stall); nil if it never did.
    public var stallEndedAt: SimTime?
    /// When the checkpoint was persisted on storage; nil unless completed.
    public var persistedAt: SimTime?
    public var bytes: Double
    public var mode: CheckpointPolicy.Mode
    public var outcome: Outcome
}
