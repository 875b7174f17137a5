public import OrreryKernel

/// Writes one simulation's results into an SQLite file (schema: `docs/results.md`).
///
/// **Durability.** Rows are written inside a batch transaction that commits every
/// ``batchSize`` rows, on ``flush()``, on ``finishRun(_:)`` and when the store is released.
/// ``beginRun(_:)`` commits its `runs` row at once. The file uses SQLite's rollback journal
/// (not WAL), so it is always a single self-contained file. Consequences:
/// - an interrupted run (Ctrl-C, then `finishRun` with ``RunStatus/interrupted``) keeps
///   every row recorded;
/// - a hard kill loses at most the open batch; the file stays consistent (the next opener
///   rolls the half-written batch back) and its run keeps status `running`;
/// - another connection may read the file while the run goes on and sees whole batches.
///
/// **Determinism.** Rows hold only what they are given, in the order given; the only
/// wall-clock values are `runs.started_at`, `ended_at` and `wall_seconds`, which the caller
/// supplies. The same calls produce the same rows, byte for byte.
///
/// Several runs may share a file (one after another): each gets its own `run_id`.
public final class ResultsStore {
    /// Rows per batch transaction. 4096 small rows are a few hundred KiB: large enough that a
    /// commit (a few fsyncs) costs little per row, small enough that a hard kill loses little
    /// and the open batch stays in SQLite's page cache, so live readers are never locked out.
    public static let defaultBatchSize = 4096

    public var path: String { db.path }
    public let batchSize: Int
    /// The run being recorded, between ``beginRun(_:)`` and ``finishRun(_:)``.
    public private(set) var currentRunID: Int64?

    let db: SQLiteDatabase
    private let statements: WriteStatements
    private let resilienceStatements: ResilienceStatements
    private var declaredSeries: Set<String> = []
    private var rowsInBatch = 0

    /// Opens a results file for writing, creating it and its parent directories.
    ///
    /// - Parameters:
    ///   - replacing: start from an empty file, removing an existing results file at `path`
    ///     (a file that is not an Orrery results file is never removed: that throws).
    ///     When `false`, new runs are appended to an existing file of the current schema.
    ///   - batchSize: rows per commit; must be positive.
    public static func create(
        at path: String, replacing: Bool = true, batchSize: Int = defaultBatchSize
    ) throws -> ResultsStore {
        guard batchSize > 0 else {
            throw ResultsError.misuse(path: path, reason: "batch size must be positive, got \(batchSize)")
        }
        try StoreFile.prepareDirectory(for: path)
        if replacing { try StoreFile.removeExisting(at: path) }
        let db = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        // Rollback journal: a finished run is one file. FULL sync: a commit survives power loss.
        try db.execute("PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL")
        if try Schema.identify(db) == nil {
            try db.transaction { try db.execute(Schema.create) }
        } else {
            try Schema.requireCurrent(db)
        }
        return try ResultsStore(db: db, batchSize: batchSize)
    }

    private init(db: SQLiteDatabase, batchSize: Int) throws {
        self.db = db
        self.batchSize = batchSize
        self.statements = try WriteStatements(db)
        self.resilienceStatements = try ResilienceStatements(db)
    }

    /// Commits the open batch, so nothing recorded is lost when the store is released
    /// without ``finishRun(_:)``. Errors cannot be reported here; call ``flush()`` to see them.
    deinit {
        if db.isInTransaction { try? db.commit() }
    }

    /// Starts a run: inserts its `runs` row with status `running` (and its
    /// `variant_settings` rows) and commits them at once,
    /// so even a run killed immediately is visible.
    public func beginRun(_ info: RunInfo) throws {
        if let currentRunID {
            throw ResultsError.misuse(path: path, reason: "run \(currentRunID) is still in progress; finish it first")
        }
        currentRunID = try db.transaction { try RunStatements.begin(info, in: db) }
        declaredSeries = []
    }

    /// Records a job. Recording the same job id again in this run replaces its row.
    public func recordJob(_ job: JobRecord) throws {
        let run = try openBatch()
        try statements.insertJob(job, run: run)
        try rowWritten()
    }

    /// Records a serving request. Recording the same (workload, request id) again in this
    /// run replaces its row.
    public func recordRequest(_ request: RequestRow) throws {
        let run = try openBatch()
        try statements.upsertRequest(request, run: run)
        try rowWritten()
    }

    /// Records one interruption of a training job (`failures`).
    public func recordFailure(_ failure: FailureRow) throws {
        let run = try openBatch()
        try resilienceStatements.insertFailure(failure, run: run)
        try rowWritten()
    }

    /// Records one checkpoint of a training job (`checkpoints`).
    public func recordCheckpoint(_ checkpoint: CheckpointRow) throws {
        let run = try openBatch()
        try resilienceStatements.insertCheckpoint(checkpoint, run: run)
        try rowWritten()
    }

    /// Declares a time series before its first sample. Each name once per run.
    public func declareSeries(_ name: String, unit: String, description: String) throws {
        let run = try openBatch()
        guard !declaredSeries.contains(name) else {
            throw ResultsError.misuse(path: path, reason: "series '\(name)' is already declared in run \(run)")
        }
        try statements.insertSeries(SeriesInfo(name: name, unit: unit, description: description), run: run)
        declaredSeries.insert(name)
        try rowWritten()
    }

    /// Records one sample of a declared series at simulated time `time`. A NaN `value` is
    /// stored as NULL (SQLite has no NaN).
    public func recordSample(series: String, time: SimTime, value: Double) throws {
        let run = try openBatch()
        guard declaredSeries.contains(series) else {
            throw ResultsError.misuse(path: path, reason: "series '\(series)' was not declared before its first sample")
        }
        try statements.insertSample(series: series, time: time.nanoseconds, value: value, run: run)
        try rowWritten()
    }

    /// Records a scalar metric of this run. Recording the same name again replaces it.
    public func recordMetric(_ name: String, value: Double, unit: String) throws {
        let run = try openBatch()
        try statements.upsertMetric(Metric(name: name, value: value, unit: unit), run: run)
        try rowWritten()
    }

    /// Commits the open batch (if any), making every row recorded so far durable and
    /// visible to other connections.
    public func flush() throws {
        if db.isInTransaction { try db.commit() }
        rowsInBatch = 0
    }

    /// Ends the run: fills in status, end time, simulated end, event counts and wall
    /// seconds, and commits everything. `outcome.status` must not be `running`.
    public func finishRun(_ outcome: RunOutcome) throws {
        guard outcome.status != .running else {
            throw ResultsError.misuse(path: path, reason: "a run cannot finish with status 'running'")
        }
        let run = try openBatch()
        try RunStatements.finish(run, outcome, in: db)
        try flush()
        currentRunID = nil
        declaredSeries = []
    }

    /// The current run's id, with a batch transaction open for its rows.
    private func openBatch() throws -> Int64 {
        guard let currentRunID else {
            throw ResultsError.misuse(path: path, reason: "no run in progress; call beginRun first")
        }
        if !db.isInTransaction { try db.begin() }
        return currentRunID
    }

    private func rowWritten() throws {
        rowsInBatch += 1
        if rowsInBatch >= batchSize { try flush() }
    }
}
