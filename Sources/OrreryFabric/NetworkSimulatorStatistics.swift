/// What a ``NetworkSimulator`` did, for tests and profiling.
public struct NetworkSimulatorStatistics: Sendable, Equatable {
    /// Solve events run: at most one per simulated instant with changes.
    public var solves: UInt64 = 0
    /// Times the single completion event was (re)scheduled.
    public var completionEventsScheduled: UInt64 = 0
    /// Transfers whose bytes started flowing (after their route latency).
    public var transfersStarted: UInt64 = 0
    public var transfersCompleted: UInt64 = 0
    /// Transfers cancelled before they completed (waiting or flowing).
    public var transfersCancelled: UInt64 = 0
}
