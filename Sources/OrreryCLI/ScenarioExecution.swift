import Foundation
import OrreryKernel
import OrreryResults
import OrreryScenario

/// Runs a loaded scenario: builds the models, attaches the results recorder, runs the
/// loop with interrupt handling and progress, and finishes the results file.
struct ScenarioExecution {
    struct Outcome {
        var scenario: Scenario
        var seed: UInt64
        var status: RunStatus
        var statistics: RunStatistics
        var metrics: [Metric]
        /// The results file, when one was written.
        var output: String?
    }

    let scenario: Scenario
    let seed: UInt64
    /// Where to write results; nil runs without a results file (used by `check`).
    let output: String?
    let showProgress: Bool
    /// Append to an existing results file instead of replacing it (`orrery compare`).
    var appending = false
    /// Labels the run in the results file when several variants of a scenario share it.
    var variant: String? = nil
    /// The values that make the variant (`variant_settings`), for a sweep.
    var settings: [VariantSetting] = []
    /// Which replication this is: its random streams are seeded from (seed, run index).
    var runIndex = 0

    /// The default results path: `Results/<scenario name>-seed<seed>.sqlite`.
    static func defaultOutput(for scenario: Scenario, seed: UInt64) -> String {
        let safe = scenario.name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }
        return "Results/\(String(safe))-seed\(seed).sqlite"
    }

    func execute() throws -> Outcome {
        let prepared = scenario.prepare(seed: seed, runIndex: UInt64(runIndex))
        var recorder: RunRecorder?
        if let output {
            let store = try ResultsStore.create(at: output, replacing: !appending)
            recorder = try RunRecorder(
                store: store, simulation: prepared.simulation, jobs: prepared.jobs,
                run: RunInfo(
                    scenarioName: scenario.name, scenarioPath: scenario.path, scenarioSHA256: scenario.contentHash,
                    seed: seed, runIndex: runIndex, variant: variant, settings: settings, orreryVersion: OrreryVersion.current,
                    startedAt: WallClock.timestamp(), horizon: scenario.run.horizon))
        }
        InterruptSignal.install()
        let progress = ProgressLine(enabled: showProgress && isatty(STDERR_FILENO) == 1)
        let statistics = prepared.simulation.run(until: prepared.horizon, monitorInterval: 4096) { state in
            progress.update(state)
            return InterruptSignal.pending == nil
        }
        progress.clear()
        let status: RunStatus = InterruptSignal.pending != nil ? .interrupted : .completed
        let resilience = try prepared.resilienceRun()
        let metrics = prepared.metrics() + (resilience?.result.metrics ?? [])
        let rows = resilience.map { ResilienceRows(workload: $0.workload, result: $0.result) } ?? ResilienceRows()
        try recorder?.finish(
            status: status, metrics: metrics, requests: Self.requestRows(prepared), failures: rows.failures,
            checkpoints: rows.checkpoints, series: rows.series)
        return Outcome(scenario: scenario, seed: seed, status: status, statistics: statistics, metrics: metrics, output: output)
    }

    /// Every serving workload's requests, workload by workload in file order.
    static func requestRows(_ prepared: PreparedRun) -> [RequestRow] {
        prepared.serving.flatMap { workload in
            workload.model.records.map { record in
                let status: RequestRow.Status =
                    record.rejected ? .rejected : record.completion != nil ? .finished : .unfinished
                return RequestRow(
                    workload: workload.name, requestID: record.id, arrival: record.arrival,
                    firstToken: record.firstToken, end: record.completion, promptTokens: record.promptTokens,
                    outputTokens: record.outputTokens, generatedTokens: record.generatedTokens,
                    replica: record.replica, preemptions: record.preemptions, status: status)
            }
        }
    }
}
