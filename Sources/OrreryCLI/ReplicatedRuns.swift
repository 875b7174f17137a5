import Foundation
import OrreryKernel
import OrreryScenario

/// `orrery run --replications N`: the same scenario and seed under run indices 0..<N, so
/// every model's random streams differ between replications while each replication
/// stays reproducible on its own (`RandomStreams` seeds from (seed, run index, name)).
struct ReplicatedRuns {
    let scenario: Scenario
    let seed: UInt64
    let output: String
    let count: Int
    let quiet: Bool

    func run() throws {
        var aggregator = ReplicationAggregator()
        var wall = 0.0
        for index in 0..<count {
            let execution = ScenarioExecution(
                scenario: scenario, seed: seed, output: output, showProgress: !quiet, appending: index > 0,
                variant: nil, runIndex: index)
            let outcome: ScenarioExecution.Outcome
            do { outcome = try execution.execute() } catch {
                printError("replication \(index): \(error)")
                throw ExitStatus.failure
            }
            wall += outcome.statistics.wallSeconds
            if outcome.status == .interrupted {
                print("interrupted in replication \(index); \(index) complete replications are in \(output)")
                throw ExitStatus.interrupted
            }
            aggregator.add(outcome.metrics)
        }
        print("orrery \(OrreryVersion.current) · \(scenario.name) · seed \(seed) · \(count) replications in "
              + String(format: "%.3f s wall", wall))
        print(Self.table(aggregator.summary()))
        print("results: \(output) (run_index 0–\(count - 1))")
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
