import OrreryKernel
/// The writer's prepared statements, compiled once per store and reused for every row:
/// each write is bind, step, reset — no SQL parsing or Swift allocation per row.
///
/// Jobs, requests and metrics are upserts: recording the same job id or metric name again in a run
/// replaces the row, so an observer may record a job when it is submitted and again when
/// it ends. Series and samples are plain inserts.
struct WriteStatements {
    private let job: SQLiteStatement
    private let series: SQLiteStatement
    private let sample: SQLiteStatement
    private let metric: SQLiteStatement
    private let request: SQLiteStatement

    init(_ db: SQLiteDatabase) throws {
        job = try db.prepare("""
            INSERT INTO jobs(run_id, job_id, tenant, gpus, submit_ns, start_ns, end_ns, queue_ns, jct_ns,
                             status, placement)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            ON CONFLICT (run_id, job_id) DO UPDATE SET
                tenant = excluded.tenant, gpus = excluded.gpus, submit_ns = excluded.submit_ns,
                start_ns = excluded.start_ns, end_ns = excluded.end_ns, queue_ns = excluded.queue_ns,
                jct_ns = excluded.jct_ns, status = excluded.status, placement = excluded.placement
            """)
        request = try db.prepare("""
            INSERT INTO requests(run_id, workload, request_id, arrival_ns, first_token_ns, end_ns, prompt_tokens,
                                 output_tokens, generated_tokens, replica, preemptions, status)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
            ON CONFLICT (run_id, workload, request_id) DO UPDATE SET
                arrival_ns = excluded.arrival_ns, first_token_ns = excluded.first_token_ns,
                end_ns = excluded.end_ns, prompt_tokens = excluded.prompt_tokens,
                output_tokens = excluded.output_tokens, generated_tokens = excluded.generated_tokens,
                replica = excluded.replica, preemptions = excluded.preemptions, status = excluded.status
            """)
        series = try db.prepare("INSERT INTO series(run_id, name, unit, description) VALUES (?1, ?2, ?3, ?4)")
        sample = try db.prepare("INSERT INTO timeseries(run_id, series, t_ns, value) VALUES (?1, ?2, ?3, ?4)")
        metric = try db.prepare("""
            INSERT INTO metrics(run_id, name, value, unit) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value, unit = excluded.unit
            """)
    }

    func insertJob(_ record: JobRecord, run: Int64) throws {
        try job.bind(run, at: 1)
        try job.bind(record.jobID, at: 2)
        try job.bind(record.tenant, at: 3)
        try job.bind(Int64(record.gpus), at: 4)
        try job.bind(record.submit.nanoseconds, at: 5)
        try job.bind(record.start?.nanoseconds, at: 6)
        try job.bind(record.end?.nanoseconds, at: 7)
        try job.bind(record.queueTime?.nanoseconds, at: 8)
        try job.bind(record.completionTime?.nanoseconds, at: 9)
        try job.bind(record.status, at: 10)
        try job.bind(record.placement, at: 11)
        try job.run()
    }

    func upsertRequest(_ record: RequestRow, run: Int64) throws {
        try request.bind(run, at: 1)
        try request.bind(record.workload, at: 2)
        try request.bind(Int64(record.requestID), at: 3)
        try request.bind(record.arrival.nanoseconds, at: 4)
        try request.bind(record.firstToken?.nanoseconds, at: 5)
        try request.bind(record.end?.nanoseconds, at: 6)
        try request.bind(Int64(record.promptTokens), at: 7)
        try request.bind(Int64(record.outputTokens), at: 8)
        try request.bind(Int64(record.generatedTokens), at: 9)
        try request.bind(record.replica.map(Int64.init), at: 10)
        try request.bind(Int64(record.preemptions), at: 11)
        try request.bind(record.status.rawValue, at: 12)
        try request.run()
    }

    func insertSeries(_ info: SeriesInfo, run: Int64) throws {
        try series.bind(run, at: 1)
        try series.bind(info.name, at: 2)
        try series.bind(info.unit, at: 3)
        try series.bind(info.description, at: 4)
        try series.run()
    }

    func insertSample(series name: String, time: Int64, value: Double, run: Int64) throws {
        try sample.bind(run, at: 1)
        try sample.bind(name, at: 2)
        try sample.bind(time, at: 3)
        try sample.bind(value, at: 4)
        try sample.run()
    }

    func upsertMetric(_ row: Metric, run: Int64) throws {
        try metric.bind(run, at: 1)
        try metric.bind(row.name, at: 2)
        try metric.bind(row.value, at: 3)
        try metric.bind(row.unit, at: 4)
        try metric.run()
    }
}
