import Foundation
import OrreryKernel
import OrreryScenario

/// `orrery run --replications N`: the same scenario and seed under run indices 0..<N, so
/// every model's random streams differ between replications while each replication
/// stays reproducible on its own (`RandomStreams` seeds from (seed, run index, name)).
struct ReplicatedRuns {
    let scenario: Scenario
    /// The scenario file as given on the command line (for the parallel processes).
    let scenarioPath: String
    let seed: UInt64
    let output: String
    let count: Int
    /// The first run index (a parallel process's share starts here).
    var first = 0
    /// Parallel `orrery` processes to spread the replications over; 1 runs them here.
    var processes = 1
    let quiet: Bool

    func run() throws {
        if processes > 1 {
            try ParallelReplications(runs: self).run()
            return
        }
        var aggregator = ReplicationAggregator()
        var wall = 0.0
        for index in first..<(first + count) {
            let execution = ScenarioExecution(
                scenario: scenario, seed: seed, output: output, showProgress: !quiet, appending: index > first,
                variant: nil, runIndex: index)
            let outcome: ScenarioExecution.Outcome
            do { outcome = try execution.execute() } catch {
                printError("replication \(index): \(error)")
                throw ExitStatus.failure
            }
            wall += outcome.statistics.wallSeconds
            if outcome.status == .interrupted {
                print("interrupted in replication \(index); \(index - first) complete replications are in \(output)")
                throw ExitStatus.interrupted
            }
            aggregator.add(outcome.metrics)
        }
        print("orrery \(OrreryVersion.current) · \(scenario.name) · seed \(seed) · \(count) replications in "
              + String(format: "%.3f s wall", wall))
        print(Self.table(aggregator.summary()))
        print("results: \(output) (run_index \(first)–\(first + count - 1))")
    }

    /// Mean and 95% Student-t half-width per metric, and how many replications reported
    /// it; `—` when fewer than two did.
    static func table(_ rows: [MetricInterval]) -> String {
        var cells = [["metric", "unit", "mean", "± 95%", "n"]]
        for row in rows {
            let half = row.halfWidth.map(ScenarioExecution.Outcome.format) ?? "—"
            cells.append([row.name, row.unit, ScenarioExecution.Outcome.format(row.mean), half, String(row.count)])
        }
        return alignedTable(cells, leftAligned: 2)
    }
}
