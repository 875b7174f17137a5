import OrreryKernel
import OrreryResilience
import OrreryResults

/// A training run's failures, checkpoints and power series as results-store rows
/// (`failures`, `checkpoints`, and the `power.*` series of `timeseries`).
struct ResilienceRows {
    var failures: [FailureRow] = []
    var checkpoints: [CheckpointRow] = []
    var series: [(info: SeriesInfo, samples: [Sample])] = []

    init() {}

    init(workload: String, result: TrainingRunResult) {
        failures = result.failures.enumerated().map { index, event in
            FailureRow(
                workload: workload, index: index, time: event.time, cause: event.mode, scope: event.scope.rawValue,
                component: event.component, nodesStruck: event.nodesStruck, phase: event.phase.name,
                rolledBack: .seconds(event.rolledBackSeconds), resumed: event.resumedAt)
        }
        checkpoints = result.checkpoints.enumerated().map { index, event in
            let outcome: CheckpointRow.Outcome =
                switch event.outcome {
                case .completed: .completed
                case .aborted: .aborted
                case .skipped: .skipped
                case .unfinished: .unfinished
                }
            return CheckpointRow(
                workload: workload, index: index, step: Int(event.step.rounded()), start: event.startedAt,
                stallEnd: event.stallEndedAt, persisted: event.persistedAt, bytes: event.bytes,
                mode: event.mode.rawValue, outcome: outcome)
        }
        let power = result.powerSeries
        func series(_ name: String, _ description: String, _ watts: (PowerSample) -> Double)
            -> (info: SeriesInfo, samples: [Sample])
        {
            (SeriesInfo(name: name, unit: "W", description: description),
             power.map { Sample(time: $0.time, value: watts($0)) })
        }
        self.series = [
            series("power.gpu", "\(workload): GPU power of the job's nodes", \.gpuWatts),
            series("power.node", "\(workload): node power (GPUs + node overhead)", \.nodeWatts),
            series("power.facility", "\(workload): facility power (node power × PUE)", \.facilityWatts),
        ]
        if result.hasRacks {
            self.series.append(series("power.rack", "\(workload): IT power of one rack of the job's nodes", \.rackWatts))
        }
    }
}
