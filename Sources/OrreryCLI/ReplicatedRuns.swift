import Foundation
import OrreryKernel
import OrreryResults
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
        let clock = ContinuousClock()
        let start = clock.now
        var aggregator = ReplicationAggregator()
        var interrupted: Int?
        if processes > 1 {
            let parallel = ParallelRuns(count: count, processes: processes, output: output) { share, part in
                ["run", scenarioPath, "--seed", String(seed), "--replications", String(share.count),
                 "--first-replication", String(first + share.lowerBound), "--out", part, "--quiet"]
            }
            let ending = try parallel.run()
            let reader = try ResultsReader(path: output)
            for run in try reader.runs() where run.status == .completed {
                aggregator.add(try reader.metrics(run: run.runID))
            }
            if ending == .interrupted { interrupted = aggregator.replications }
        } else {
            let runs = (first..<(first + count)).map { index in
                PlannedRun(scenario: scenario, seed: seed, runIndex: index, name: "replication \(index)")
            }
            try RunSequence(runs: runs, output: output, showProgress: !quiet).execute { finished in
                if finished.outcome.status == .interrupted { interrupted = finished.run.runIndex - first }
                else { aggregator.add(finished.outcome.metrics) }
            }
        }
        if let interrupted {
            print("interrupted: \(interrupted) complete replications are in \(output), with the interrupted ones")
            throw ExitStatus.interrupted
        }
        let wall = (clock.now - start).seconds
        let processNote = processes > 1 ? " in \(processes) processes" : ""
        print("orrery \(OrreryVersion.current) · \(scenario.name) · seed \(seed) · \(count) replications\(processNote) in "
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

extension Duration {
    /// The duration in seconds, for wall-clock reports.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
