/// Work done by a ``FlowNetwork``'s solver, for tests and profiling.
public struct FlowNetworkStatistics: Sendable, Equatable {
    /// Solves that found something to do (at least one dirty link).
    public var solves: UInt64
    /// Regions re-solved: local repairs, plus whole connected components when a repair
    /// gives up (one solve may cover several components).
    public var componentsSolved: UInt64
    /// Flow rates recomputed (the incremental solver's main cost).
    public var flowsResolved: UInt64
    /// Flows whose rate changed and whose bytes were therefore settled.
    public var flowsSettled: UInt64
    /// Solves finished by a local repair (only the flows a change can move).
    public var localRepairs: UInt64
    /// Links those repairs made active (the links a change reached, summed over repairs).
    public var repairLinks: UInt64
    /// Local repairs given up, their dirty components re-solved whole instead.
    public var repairFallbacks: UInt64
}
