/// The two `runs` writes (with the run's `variant_settings`), made once per run (so prepared on demand, not kept).
enum RunStatements {
    /// Inserts the `runs` row with status `running`; returns the new `run_id`.
    static func begin(_ info: RunInfo, in db: SQLiteDatabase) throws -> Int64 {
        let insert = try db.prepare("""
            INSERT INTO runs(scenario_name, scenario_path, scenario_sha256, seed, run_index, orrery_version,
                             started_at, status, horizon_ns, variant)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """)
        try insert.bind(info.scenarioName, at: 1)
        try insert.bind(info.scenarioPath, at: 2)
        try insert.bind(info.scenarioSHA256, at: 3)
        try insert.bind(Int64(bitPattern: info.seed), at: 4)
        try insert.bind(Int64(info.runIndex), at: 5)
        try insert.bind(info.orreryVersion, at: 6)
        try insert.bind(info.startedAt, at: 7)
        try insert.bind(RunStatus.running.rawValue, at: 8)
        try insert.bind(info.horizon?.nanoseconds, at: 9)
        try insert.bind(info.variant, at: 10)
        try insert.run()
        let run = db.lastInsertRowID
        let setting = try db.prepare("INSERT INTO variant_settings(run_id, position, key_path, value) VALUES (?1, ?2, ?3, ?4)")
        for (position, value) in info.settings.enumerated() {
            try setting.bind(run, at: 1)
            try setting.bind(Int64(position), at: 2)
            try setting.bind(value.keyPath, at: 3)
            try setting.bind(value.value, at: 4)
            try setting.run()
        }
        return run
    }

    /// Fills in the end-of-run columns.
    static func finish(_ run: Int64, _ outcome: RunOutcome, in db: SQLiteDatabase) throws {
        let update = try db.prepare("""
            UPDATE runs SET status = ?2, ended_at = ?3, sim_end_ns = ?4, events_executed = ?5,
                            events_cancelled = ?6, wall_seconds = ?7
            WHERE run_id = ?1
            """)
        try update.bind(run, at: 1)
        try update.bind(outcome.status.rawValue, at: 2)
        try update.bind(outcome.endedAt, at: 3)
        try update.bind(outcome.simulatedEnd.nanoseconds, at: 4)
        try update.bind(Int64(clamping: outcome.eventsExecuted), at: 5)
        try update.bind(Int64(clamping: outcome.eventsCancelled), at: 6)
        try update.bind(outcome.wallSeconds, at: 7)
        try update.run()
    }
}
