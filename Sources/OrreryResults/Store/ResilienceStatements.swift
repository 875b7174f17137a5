/// Prepared inserts for the `failures` and `checkpoints` tables (bind, step, reset per row).
struct ResilienceStatements {
    private let failure: SQLiteStatement
    private let checkpoint: SQLiteStatement

    init(_ db: SQLiteDatabase) throws {
        failure = try db.prepare("""
            INSERT INTO failures(run_id, workload, failure_index, t_ns, cause, scope, component, nodes_struck, phase,
                                 rolled_back_ns, resumed_ns)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """)
        checkpoint = try db.prepare("""
            INSERT INTO checkpoints(run_id, workload, checkpoint_index, step, start_ns, stall_end_ns, persisted_ns, bytes,
                                    mode, outcome)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """)
    }

    func insertFailure(_ row: FailureRow, run: Int64) throws {
        try failure.bind(run, at: 1)
        try failure.bind(row.workload, at: 2)
        try failure.bind(Int64(row.index), at: 3)
        try failure.bind(row.time.nanoseconds, at: 4)
        try failure.bind(row.cause, at: 5)
        try failure.bind(row.scope, at: 6)
        try failure.bind(Int64(row.component), at: 7)
        try failure.bind(Int64(row.nodesStruck), at: 8)
        try failure.bind(row.phase, at: 9)
        try failure.bind(row.rolledBack.nanoseconds, at: 10)
        try failure.bind(row.resumed?.nanoseconds, at: 11)
        try failure.run()
    }

    func insertCheckpoint(_ row: CheckpointRow, run: Int64) throws {
        try checkpoint.bind(run, at: 1)
        try checkpoint.bind(row.workload, at: 2)
        try checkpoint.bind(Int64(row.index), at: 3)
        try checkpoint.bind(Int64(row.step), at: 4)
        try checkpoint.bind(row.start.nanoseconds, at: 5)
        try checkpoint.bind(row.stallEnd?.nanoseconds, at: 6)
        try checkpoint.bind(row.persisted?.nanoseconds, at: 7)
        try checkpoint.bind(row.bytes, at: 8)
        try checkpoint.bind(row.mode, at: 9)
        try checkpoint.bind(row.outcome.rawValue, at: 10)
        try checkpoint.run()
    }
}
