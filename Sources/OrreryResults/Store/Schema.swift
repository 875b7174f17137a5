internal import CSQLite3

/// The results file layout, version 4 (version 1 had no `runs.variant` and no `requests`;
/// version 2 no `failures` and `checkpoints`; version 3 no `variant_settings`). `docs/results.md` documents every column.
///
/// All simulated times are integer nanoseconds (`_ns` columns); wall-clock times are
/// ISO-8601 UTC text. The version is recorded twice — `PRAGMA user_version` for tools,
/// `meta.schema_version` for humans — and readers check both.
enum Schema {
    /// The version this build writes and reads. Bump it for any incompatible change.
    static let version: Int64 = 4
    /// `meta.generator`: identifies a file as ours.
    static let generator = "orrery"

    /// Tables a reader may dump, in dependency order.
    static let tables = [
        "meta", "runs", "variant_settings", "jobs", "requests", "failures", "checkpoints", "series", "timeseries", "metrics",
    ]

    static let create = """
        CREATE TABLE meta(
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL);
        CREATE TABLE runs(
            run_id INTEGER PRIMARY KEY,
            scenario_name TEXT NOT NULL,
            scenario_path TEXT NOT NULL,
            scenario_sha256 TEXT NOT NULL,
            seed INTEGER NOT NULL,
            run_index INTEGER NOT NULL,
            variant TEXT,
            orrery_version TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
            horizon_ns INTEGER,
            sim_end_ns INTEGER,
            events_executed INTEGER,
            events_cancelled INTEGER,
            wall_seconds REAL);
        CREATE TABLE variant_settings(
            run_id INTEGER NOT NULL REFERENCES runs(run_id),
            position INTEGER NOT NULL,
            key_path TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_id, position));
        CREATE TABLE jobs(
            run_id INTEGER NOT NULL REFERENCES runs(run_id),
            job_id TEXT NOT NULL,
            tenant TEXT NOT NULL,
            gpus INTEGER NOT NULL,
            submit_ns INTEGER NOT NULL,
            start_ns INTEGER,
            end_ns INTEGER,
            queue_ns INTEGER,
            jct_ns INTEGER,
            status TEXT NOT NULL,
            placement TEXT NOT NULL,
            PRIMARY KEY (run_id, job_id));
        CREATE TABLE requests(
            run_id INTEGER NOT NULL REFERENCES runs(run_id),
            workload TEXT NOT NULL,
            request_id INTEGER NOT NULL,
            arrival_ns INTEGER NOT NULL,
            first_token_ns INTEGER,
            end_ns INTEGER,
            prompt_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            generated_tokens INTEGER NOT NULL,
            replica INTEGER,
            preemptions INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('finished', 'unfinished', 'rejected')),
            PRIMARY KEY (run_id, workload, request_id));
        CREATE TABLE failures(
            run_id INTEGER NOT NULL REFERENCES runs(run_id),
            workload TEXT NOT NULL,
            failure_index INTEGER NOT NULL,
            t_ns INTEGER NOT NULL,
            cause TEXT NOT NULL,
            scope TEXT NOT NULL,
            component INTEGER NOT NULL,
            nodes_struck INTEGER NOT NULL,
            phase TEXT NOT NULL,
            rolled_back_ns INTEGER NOT NULL,
            resumed_ns INTEGER,
            PRIMARY KEY (run_id, workload, failure_index));
        CREATE TABLE checkpoints(
            run_id INTEGER NOT NULL REFERENCES runs(run_id),
            workload TEXT NOT NULL,
            checkpoint_index INTEGER NOT NULL,
            step INTEGER NOT NULL,
            start_ns INTEGER NOT NULL,
            stall_end_ns INTEGER,
            persisted_ns INTEGER,
            bytes REAL NOT NULL,
            mode TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'aborted', 'skipped', 'unfinished')),
            PRIMARY KEY (run_id, workload, checkpoint_index));
        CREATE TABLE series(
            run_id INTEGER NOT NULL REFERENCES runs(run_id),
            name TEXT NOT NULL,
            unit TEXT NOT NULL,
            description TEXT NOT NULL,
            PRIMARY KEY (run_id, name));
        CREATE TABLE timeseries(
            run_id INTEGER NOT NULL REFERENCES runs(run_id),
            series TEXT NOT NULL,
            t_ns INTEGER NOT NULL,
            value REAL);
        CREATE INDEX timeseries_by_series ON timeseries(run_id, series, t_ns);
        CREATE TABLE metrics(
            run_id INTEGER NOT NULL REFERENCES runs(run_id),
            name TEXT NOT NULL,
            value REAL,
            unit TEXT NOT NULL,
            PRIMARY KEY (run_id, name));
        INSERT INTO meta(key, value) VALUES ('schema_version', '\(version)'), ('generator', '\(generator)');
        PRAGMA user_version = \(version);
        """

    /// Identifies an open file: `nil` for an empty database (a new file), its schema version
    /// if Orrery wrote it, whatever the version; throws
    /// ``ResultsError/notAnOrreryStore(path:reason:)`` for anything else.
    static func identify(_ db: SQLiteDatabase) throws -> Int64? {
        let userVersion: Int64
        let objects: Int64
        do {
            userVersion = try scalar(db, "PRAGMA user_version")
            objects = try scalar(db, "SELECT count(*) FROM sqlite_schema")
        } catch let ResultsError.sqlite(code, message, path, _) where code & 0xFF == SQLITE_NOTADB {
            throw ResultsError.notAnOrreryStore(path: path, reason: message)
        }
        if objects == 0 && userVersion == 0 { return nil }
        let hasMeta = try scalar(
            db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'") == 1
        guard hasMeta else {
            throw ResultsError.notAnOrreryStore(
                path: db.path, reason: "an SQLite database without Orrery's meta table")
        }
        let meta = try metaValues(db)
        guard meta["generator"] == generator else {
            throw ResultsError.notAnOrreryStore(
                path: db.path, reason: "meta.generator is \(meta["generator"].map { "'\($0)'" } ?? "missing")")
        }
        guard let recorded = meta["schema_version"].flatMap({ Int64($0) }), recorded == userVersion else {
            throw ResultsError.notAnOrreryStore(
                path: db.path,
                reason: "meta.schema_version \(meta["schema_version"] ?? "missing") disagrees with user_version \(userVersion)")
        }
        return userVersion
    }

    /// Throws unless the open file is an Orrery store of exactly ``version``.
    static func requireCurrent(_ db: SQLiteDatabase) throws {
        guard let found = try identify(db) else {
            throw ResultsError.notAnOrreryStore(path: db.path, reason: "the database is empty")
        }
        guard found == version else {
            throw ResultsError.unsupportedSchemaVersion(path: db.path, found: found, supported: version)
        }
    }

    private static func scalar(_ db: SQLiteDatabase, _ sql: String) throws -> Int64 {
        let statement = try db.prepare(sql)
        guard try statement.step() else { return 0 }
        return statement.int64(at: 0)
    }

    private static func metaValues(_ db: SQLiteDatabase) throws -> [String: String] {
        let statement = try db.prepare("SELECT key, value FROM meta")
        var values: [String: String] = [:]
        while try statement.step() {
            if let key = statement.text(at: 0) { values[key] = statement.text(at: 1) }
        }
        return values
    }
}
