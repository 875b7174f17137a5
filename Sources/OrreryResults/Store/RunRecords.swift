public import OrreryKernel

/// What is known about a run when it starts: the `runs` row written by
/// ``ResultsStore/beginRun(_:)``.
public struct RunInfo: Equatable, Sendable {
    public var scenarioName: String
    /// The scenario file as given on the command line.
    public var scenarioPath: String
    /// Hex SHA-256 of the scenario file's bytes, so a result can be traced to the exact input.
    public var scenarioSHA256: String
    /// The root random seed. Stored in the INTEGER column `seed` by bit pattern: seeds
    /// above `Int64.max` appear negative to SQL readers (`seed % 2**64` in Python restores
    /// them); ``ResultsReader`` converts back.
    public var seed: UInt64
    /// Which replication this is, counting from 0, when a scenario is run several times.
    public var runIndex: Int
    /// What distinguishes this run from others of the same scenario in one file, e.g.
    /// `scheduler.policy=sjf` for `orrery compare`; nil for a plain run.
    public var variant: String?
    /// The values that make this run's variant, one `variant_settings` row each, in order:
    /// `scheduler.policy` = `sjf`. Empty for a plain run.
    public var settings: [VariantSetting]
    public var orreryVersion: String
    /// Wall-clock start, ISO-8601 UTC (see ``WallClock/timestamp(_:)``).
    public var startedAt: String
    /// The simulated-time limit, or `nil` to run until the event queue drains.
    public var horizon: SimTime?

    public init(
        scenarioName: String, scenarioPath: String, scenarioSHA256: String, seed: UInt64,
        runIndex: Int, variant: String? = nil, settings: [VariantSetting] = [], orreryVersion: String, startedAt: String,
        horizon: SimTime?
    ) {
        self.scenarioName = scenarioName
        self.scenarioPath = scenarioPath
        self.scenarioSHA256 = scenarioSHA256
        self.seed = seed
        self.runIndex = runIndex
        self.variant = variant
        self.settings = settings
        self.orreryVersion = orreryVersion
        self.startedAt = startedAt
        self.horizon = horizon
    }
}

/// One value a variant sets: a key path into the scenario document and the value written
/// there, as text (`cluster.nodes[0].count`, `4`).
public struct VariantSetting: Equatable, Sendable {
    public var keyPath: String
    public var value: String

    public init(keyPath: String, value: String) {
        self.keyPath = keyPath
        self.value = value
    }
}

/// The `runs.status` column. A file whose run says `running` was not finished: the
/// process was killed, and only committed batches are in it.
public enum RunStatus: String, Sendable {
    case running, completed, interrupted, failed
}

/// How a run ended: the columns ``ResultsStore/finishRun(_:)`` fills in.
public struct RunOutcome: Equatable, Sendable {
    /// Any status but ``RunStatus/running``.
    public var status: RunStatus
    /// Wall-clock end, ISO-8601 UTC.
    public var endedAt: String
    /// Simulated time when the run stopped.
    public var simulatedEnd: SimTime
    /// Events executed and cancelled by the loop. Stored as INTEGER, saturating at `Int64.max`.
    public var eventsExecuted: UInt64
    public var eventsCancelled: UInt64
    /// Wall-clock duration of the run, in seconds.
    public var wallSeconds: Double

    public init(
        status: RunStatus, endedAt: String, simulatedEnd: SimTime, eventsExecuted: UInt64,
        eventsCancelled: UInt64, wallSeconds: Double
    ) {
        self.status = status
        self.endedAt = endedAt
        self.simulatedEnd = simulatedEnd
        self.eventsExecuted = eventsExecuted
        self.eventsCancelled = eventsCancelled
        self.wallSeconds = wallSeconds
    }
}

/// One `runs` row as read back.
public struct RunRow: Equatable, Sendable {
    public var runID: Int64
    public var info: RunInfo
    public var status: RunStatus
    /// `nil` while the status is ``RunStatus/running`` (the end columns are NULL).
    public var outcome: RunOutcome?

    public init(runID: Int64, info: RunInfo, status: RunStatus, outcome: RunOutcome?) {
        self.runID = runID
        self.info = info
        self.status = status
        self.outcome = outcome
    }
}
