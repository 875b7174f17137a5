/// Scheduling and placement policies, registered by name for scenario files.
///
/// A scenario names a policy (`scheduler: { policy: fifo, placement: consolidate }`);
/// unknown names are reported with the list below. Adding a policy means adding an
/// entry here and a type conforming to ``SchedulingPolicy`` or ``PlacementPolicy``.
public enum SchedulerCatalogue {
    public struct Entry<Made>: Sendable {
        public let name: String
        public let summary: String
        public let make: @Sendable () -> Made
    }

    public static let placements: [Entry<any PlacementPolicy>] = [
        Entry(
            name: "consolidate",
            summary: "one node if possible (the fullest that fits), else the fewest nodes",
            make: { ConsolidatingPlacement() }),
        Entry(
            name: "spread",
            summary: "the emptiest node that fits, else the emptiest nodes first (least-allocated)",
            make: { SpreadPlacement() }),
    ]

    public static let policies: [Entry<@Sendable (any PlacementPolicy) -> any SchedulingPolicy>] = [
        Entry(
            name: "fifo",
            summary: "first come, first served; gang start; no job overtakes another",
            make: { { FIFOScheduler(placement: $0) } }),
        Entry(
            name: "sjf",
            summary: "shortest job first by the trace's duration; the shortest waiting job blocks the rest",
            make: { { ShortestJobFirstScheduler(placement: $0) } }),
        Entry(
            name: "easy-backfill",
            summary: "FIFO whose head gets a reservation; later jobs start now if they do not delay it",
            make: { { EASYBackfillScheduler(placement: $0) } }),
        Entry(
            name: "lifo",
            summary: "last in, first out; gang start; the newest waiting job blocks the rest",
            make: { { LastInFirstOutScheduler(placement: $0) } }),
        Entry(
            name: "fair-share",
            summary: "tenant with the least decayed GPU usage first (half-life 1 h); non-preemptive",
            make: { { FairShareScheduler(placement: $0) } }),
        Entry(
            name: "las",
            summary: "Tiresias-style discretised LAS on tenants' attained GPU-time (queues split at 10 GPU-h)",
            make: { { LeastAttainedServiceScheduler(placement: $0) } }),
        Entry(
            name: "conservative-backfill",
            summary: "every waiting job gets a reservation in arrival order; a job starts now only if it delays none",
            make: { { ConservativeBackfillScheduler(placement: $0) } }),
    ]

    public static func placement(named name: String) -> (any PlacementPolicy)? {
        placements.first { $0.name == name }?.make()
    }

    public static func policy(named name: String, placement: any PlacementPolicy) -> (any SchedulingPolicy)? {
        policies.first { $0.name == name }.map { $0.make()(placement) }
    }
}
