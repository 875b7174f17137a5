import OrreryKernel

/// Reads a results file written by ``ResultsStore``, through a read-only connection.
///
/// Opening checks that the file is an Orrery results file of this build's schema version,
/// so a wrong path or a file from a newer Orrery fails with a clear message instead of a
/// missing-column error later. The file may be read while a run is still writing it.
public struct ResultsReader {
    /// Sort order for ``jobs(run:order:)``.
    public enum JobOrder: Sendable {
        /// By `job_id` (text order).
        case jobID
        /// By submission time, ties by `job_id`.
        case submit
    }

    /// Sort order for ``metrics(run:order:)``.
    public enum MetricOrder: Sendable {
        /// By name.
        case name
        /// As the run recorded them (a name recorded again keeps its first place): the
        /// order of the run's own summary.
        case recorded
    }

    public var path: String { db.path }
    private let db: SQLiteDatabase

    public init(path: String) throws {
        db = try SQLiteDatabase.openForReading(path)
        try Schema.requireCurrent(db)
    }

    /// Every run in the file, by `run_id`.
    public func runs() throws -> [RunRow] {
        let query = try db.prepare("""
            SELECT run_id, scenario_name, scenario_path, scenario_sha256, seed, run_index, orrery_version,
                   started_at, status, horizon_ns, ended_at, sim_end_ns, events_executed, events_cancelled,
                   wall_seconds, variant
            FROM runs ORDER BY run_id
            """)
        var rows: [RunRow] = []
        while try query.step() {
            rows.append(try runRow(query))
        }
        for position in rows.indices {
            rows[position].info.settings = try settings(run: rows[position].runID)
        }
        return rows
    }

    /// The values that make the run's variant (`variant_settings`), in order.
    public func settings(run: Int64) throws -> [VariantSetting] {
        let query = try rows(
            forRun: run, "SELECT key_path, value FROM variant_settings WHERE run_id = ?1 ORDER BY position")
        var settings: [VariantSetting] = []
        while try query.step() {
            settings.append(VariantSetting(keyPath: query.text(at: 0) ?? "", value: query.text(at: 1) ?? ""))
        }
        return settings
    }

    /// The run's metrics, ordered by name unless asked otherwise.
    public func metrics(run: Int64, order: MetricOrder = .name) throws -> [Metric] {
        let orderBy = switch order {
        case .name: "name"
        case .recorded: "rowid"
        }
        let query = try rows(
            forRun: run, "SELECT name, value, unit FROM metrics WHERE run_id = ?1 ORDER BY \(orderBy)")
        var rows: [Metric] = []
        while try query.step() {
            rows.append(Metric(name: query.text(at: 0) ?? "", value: query.double(at: 1), unit: query.text(at: 2) ?? ""))
        }
        return rows
    }

    /// The run's jobs in the given order.
    public func jobs(run: Int64, order: JobOrder = .jobID) throws -> [JobRecord] {
        let orderBy = switch order {
        case .jobID: "job_id"
        case .submit: "submit_ns, job_id"
        }
        let query = try rows(forRun: run, """
            SELECT job_id, tenant, gpus, submit_ns, start_ns, end_ns, status, placement
            FROM jobs WHERE run_id = ?1 ORDER BY \(orderBy)
            """)
        var rows: [JobRecord] = []
        while try query.step() {
            rows.append(JobRecord(
                jobID: query.text(at: 0) ?? "", tenant: query.text(at: 1) ?? "",
                gpus: Int(clamping: query.int64(at: 2)), submit: SimTime(nanoseconds: query.int64(at: 3)),
                start: query.optionalInt64(at: 4).map(SimTime.init(nanoseconds:)),
                end: query.optionalInt64(at: 5).map(SimTime.init(nanoseconds:)),
                status: query.text(at: 6) ?? "", placement: query.text(at: 7) ?? ""))
        }
        return rows
    }

    /// The run's serving requests, ordered by workload then request id.
    public func requests(run: Int64) throws -> [RequestRow] {
        let query = try rows(forRun: run, """
            SELECT workload, request_id, arrival_ns, first_token_ns, end_ns, prompt_tokens, output_tokens,
                   generated_tokens, replica, preemptions, status
            FROM requests WHERE run_id = ?1 ORDER BY workload, request_id
            """)
        var rows: [RequestRow] = []
        while try query.step() {
            let statusText = query.text(at: 10) ?? ""
            guard let status = RequestRow.Status(rawValue: statusText) else {
                throw ResultsError.malformedRow(path: path, table: "requests", reason: "status '\(statusText)'")
            }
            rows.append(RequestRow(
                workload: query.text(at: 0) ?? "", requestID: Int(clamping: query.int64(at: 1)),
                arrival: SimTime(nanoseconds: query.int64(at: 2)),
                firstToken: query.optionalInt64(at: 3).map(SimTime.init(nanoseconds:)),
                end: query.optionalInt64(at: 4).map(SimTime.init(nanoseconds:)),
                promptTokens: Int(clamping: query.int64(at: 5)), outputTokens: Int(clamping: query.int64(at: 6)),
                generatedTokens: Int(clamping: query.int64(at: 7)),
                replica: query.optionalInt64(at: 8).map { Int(clamping: $0) },
                preemptions: Int(clamping: query.int64(at: 9)), status: status))
        }
        return rows
    }

    /// The run's declared series, ordered by name.
    public func series(run: Int64) throws -> [SeriesInfo] {
        let query = try rows(
            forRun: run, "SELECT name, unit, description FROM series WHERE run_id = ?1 ORDER BY name")
        var rows: [SeriesInfo] = []
        while try query.step() {
            rows.append(SeriesInfo(
                name: query.text(at: 0) ?? "", unit: query.text(at: 1) ?? "", description: query.text(at: 2) ?? ""))
        }
        return rows
    }

    /// One series' samples in time order (ties in recording order).
    public func samples(run: Int64, series: String) throws -> [Sample] {
        let query = try rows(forRun: run, """
            SELECT t_ns, value FROM timeseries WHERE run_id = ?1 AND series = ?2 ORDER BY t_ns, rowid
            """)
        try query.bind(series, at: 2)
        var rows: [Sample] = []
        while try query.step() {
            rows.append(Sample(time: SimTime(nanoseconds: query.int64(at: 0)), value: query.double(at: 1)))
        }
        return rows
    }

    /// Every row of `table` (one of `meta`, `runs`, `variant_settings`, `jobs`, `requests`, `series`, `timeseries`,
    /// `metrics`) in storage order, each rendered as `|`-separated SQL literals
    /// (see ``SQLiteValue/description``). For determinism checks: two runs fed the same
    /// records give identical dumps.
    public func tableDump(_ table: String) throws -> [String] {
        guard Schema.tables.contains(table) else {
            throw ResultsError.misuse(
                path: path, reason: "no table '\(table)'; tables are \(Schema.tables.joined(separator: ", "))")
        }
        let query = try db.prepare("SELECT * FROM \(table) ORDER BY rowid")
        var rows: [String] = []
        while try query.step() {
            rows.append((0..<query.columnCount).map { query.value(at: $0).description }.joined(separator: "|"))
        }
        return rows
    }

    /// Prepares a per-run query with the run id bound to `?1`, after checking the run exists
    /// (so an unknown id is an error, not an empty answer).
    private func rows(forRun run: Int64, _ sql: String) throws -> SQLiteStatement {
        let exists = try db.prepare("SELECT 1 FROM runs WHERE run_id = ?1")
        try exists.bind(run, at: 1)
        guard try exists.step() else { throw ResultsError.runNotFound(path: path, runID: run) }
        let query = try db.prepare(sql)
        try query.bind(run, at: 1)
        return query
    }

    private func runRow(_ query: SQLiteStatement) throws -> RunRow {
        let runID = query.int64(at: 0)
        let statusText = query.text(at: 8) ?? ""
        guard let status = RunStatus(rawValue: statusText) else {
            throw ResultsError.malformedRow(path: path, table: "runs", reason: "run \(runID) has status '\(statusText)'")
        }
        let info = RunInfo(
            scenarioName: query.text(at: 1) ?? "", scenarioPath: query.text(at: 2) ?? "",
            scenarioSHA256: query.text(at: 3) ?? "", seed: UInt64(bitPattern: query.int64(at: 4)),
            runIndex: Int(clamping: query.int64(at: 5)), variant: query.text(at: 15), orreryVersion: query.text(at: 6) ?? "",
            startedAt: query.text(at: 7) ?? "",
            horizon: query.optionalInt64(at: 9).map(SimTime.init(nanoseconds:)))
        let outcome = status == .running ? nil : RunOutcome(
            status: status, endedAt: query.text(at: 10) ?? "",
            simulatedEnd: SimTime(nanoseconds: query.int64(at: 11)),
            eventsExecuted: UInt64(clamping: query.int64(at: 12)),
            eventsCancelled: UInt64(clamping: query.int64(at: 13)),
            wallSeconds: query.double(at: 14))
        return RunRow(runID: runID, info: info, status: status, outcome: outcome)
    }
}
