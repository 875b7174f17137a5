import OrreryKernel
import OrreryScheduling

/// Writes a run's results into a ``ResultsStore`` as the simulation publishes them.
///
/// Job rows are written when a job finishes or is rejected, allocation samples when the
/// allocation changes, so an interrupted run keeps everything up to the interruption;
/// jobs still queued or running are written by ``finish(status:metrics:)``. While the
/// simulation runs, the rows are written on a thread of their own (``BackgroundRows``),
/// in the order they come; ``finish(status:metrics:)`` and ``finishFailed()`` wait for
/// them first. Event handlers cannot throw, so the first write error is kept, the
/// simulation is asked to stop (when the handlers learn of it: the write is behind
/// them), and the error is rethrown by ``finish(status:metrics:)``.
public final class RunRecorder {
    public static let allocationSeries = "gpu.allocated"
    /// Declared with its first sample: only runs that track fragmentation have it.
    public static let fragmentationSeries = "gpu.fragmented"

    private let store: ResultsStore
    private let simulation: Simulation
    private let jobs: RigidJobsModel
    private var written = Set<String>()
    private let rows: BackgroundRows
    private var writeError: (any Error)?
    /// Whether a failed write has asked the simulation to stop.
    private var stopAsked = false
    private var fragmentationDeclared = false

    public init(store: ResultsStore, simulation: Simulation, jobs: RigidJobsModel, run: RunInfo) throws {
        self.store = store
        self.simulation = simulation
        self.jobs = jobs
        try store.beginRun(run)
        try store.declareSeries(Self.allocationSeries, unit: "GPUs", description: "GPUs allocated to jobs")
        try store.recordSample(series: Self.allocationSeries, time: .zero, value: 0)
        rows = BackgroundRows(store: store)
        simulation.bus.subscribe(JobEnded.self) { [unowned self] event, _ in
            self.written.insert(event.outcome.spec.id)
            self.append(.job(Self.row(event.outcome)))
        }
        simulation.bus.subscribe(GPUAllocationChanged.self) { [unowned self] event, time in
            self.append(.sample(series: Self.allocationSeries, time: time, value: event.allocated))
        }
        simulation.bus.subscribe(FragmentationChanged.self) { [unowned self] event, time in
            if !self.fragmentationDeclared {
                self.fragmentationDeclared = true
                self.append(
                    .series(
                        name: Self.fragmentationSeries, unit: "GPUs",
                        description: "free GPU capacity the run's typical job could not use (Weng et al., ATC'23)"))
            }
            self.append(.sample(series: Self.fragmentationSeries, time: time, value: event.fragmentedGPUs))
        }
    }

    /// Hands `row` to the writing thread; once a write has failed, asks the simulation
    /// to stop (the error comes back from ``finish(status:metrics:)``).
    private func append(_ row: BackgroundRows.Row) {
        guard !stopAsked else { return }
        if !rows.append(row) {
            stopAsked = true
            simulation.requestStop()
        }
    }

    /// Writes the unfinished jobs, the serving requests, a training run's failures,
    /// checkpoints and extra series (power), the summary metrics and the run's outcome,
    /// and commits. Requests are written here rather than as they finish:
    /// a serving run keeps every request's record until the end anyway.
    public func finish(
        status: RunStatus, metrics: [Metric], requests: [RequestRow] = [], failures: [FailureRow] = [],
        checkpoints: [CheckpointRow] = [], series: [(info: SeriesInfo, samples: [Sample])] = []
    ) throws {
        do { try rows.finish() } catch { writeError = error }
        if let writeError {
            // Best effort: mark the run failed so readers do not take it for one still going.
            try? store.finishRun(outcome(.failed))
            throw writeError
        }
        for outcome in jobs.outcomes where !written.contains(outcome.spec.id) {
            try record(outcome)
        }
        for request in requests {
            try store.recordRequest(request)
        }
        for failure in failures {
            try store.recordFailure(failure)
        }
        for checkpoint in checkpoints {
            try store.recordCheckpoint(checkpoint)
        }
        for (info, samples) in series {
            try store.declareSeries(info.name, unit: info.unit, description: info.description)
            for sample in samples {
                try store.recordSample(series: info.name, time: sample.time, value: sample.value)
            }
        }
        for metric in metrics {
            try store.recordMetric(metric.name, value: metric.value, unit: metric.unit)
        }
        try store.finishRun(outcome(status))
    }

    /// Ends a run that failed after it started (a model or a write threw): the job rows
    /// written so far stay, jobs not yet written are added where the store still accepts
    /// them, and the run is marked `failed` rather than left `running`. Best effort: the
    /// caller reports the original error.
    public func finishFailed() {
        do { try rows.finish() } catch { writeError = error }
        if writeError == nil {
            for outcome in jobs.outcomes where !written.contains(outcome.spec.id) {
                guard (try? record(outcome)) != nil else { break }
            }
        }
        try? store.finishRun(outcome(.failed))
    }

    private func outcome(_ status: RunStatus) -> RunOutcome {
        let statistics = simulation.statistics
        return RunOutcome(
            status: status, endedAt: WallClock.timestamp(), simulatedEnd: statistics.endTime,
            eventsExecuted: statistics.eventsExecuted, eventsCancelled: statistics.eventsCancelled,
            wallSeconds: statistics.wallSeconds)
    }

    private func record(_ outcome: JobOutcome) throws {
        written.insert(outcome.spec.id)
        try store.recordJob(Self.row(outcome))
    }

    private static func row(_ outcome: JobOutcome) -> JobRecord {
        JobRecord(
            jobID: outcome.spec.id, tenant: outcome.spec.tenant, gpus: outcome.spec.gpus,
            submit: outcome.spec.submit, start: outcome.start, end: outcome.end,
            status: outcome.state.rawValue, placement: outcome.placement)
    }
}
