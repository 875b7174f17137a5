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

    /// The default results path: `Results/<scenario name>-seed<seed>.sqlite`.
    static func defaultOutput(for scenario: Scenario, seed: UInt64) -> String {
        let safe = scenario.name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }
        return "Results/\(String(safe))-seed\(seed).sqlite"
    }

    func execute() throws -> Outcome {
        let prepared = scenario.prepare(seed: seed)
        var recorder: RunRecorder?
        if let output {
            let store = try ResultsStore.create(at: output)
            recorder = try RunRecorder(
                store: store, simulation: prepared.simulation, jobs: prepared.jobs,
                run: RunInfo(
                    scenarioName: scenario.name, scenarioPath: scenario.path, scenarioSHA256: scenario.contentHash,
                    seed: seed, runIndex: 0, orreryVersion: OrreryVersion.current,
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
        let metrics = prepared.metrics()
        try recorder?.finish(status: status, metrics: metrics)
        return Outcome(scenario: scenario, seed: seed, status: status, statistics: statistics, metrics: metrics, output: output)
    }
}
