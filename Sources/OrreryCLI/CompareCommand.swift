import ArgumentParser
import Foundation
import OrreryKernel
import OrreryScenario
import OrreryScheduling

/// Runs one scenario under several scheduling policies on identical input and seed, so
/// differences in the table come from the policies alone.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run a scenario under several scheduling policies and print the results side by side.",
        discussion: """
            Every run uses the same jobs, cluster and seed; only scheduler.policy (and \
            --placement, when given) changes. All runs go into one results file, one `runs` \
            row each, labelled by its `variant` column (e.g. scheduler.policy=sjf). \
            Policies: \(SchedulerCatalogue.policies.map(\.name).joined(separator: ", ")).
            """)

    @OptionGroup var options: ScenarioOptions

    @Option(help: "Comma-separated scheduling policies, e.g. fifo,sjf,easy-backfill.")
    var policies: String

    @Option(help: "Placement for every run (default: the scenario's).")
    var placement: String?

    @Option(help: "Random seed (overrides the scenario's run.seed).")
    var seed: UInt64?

    @Option(name: .long, help: "Results file (SQLite); default Results/<name>-compare-seed<seed>.sqlite.")
    var out: String?

    var policyNames: [String] {
        policies.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
    }

    func validate() throws {
        let known = SchedulerCatalogue.policies.map(\.name)
        let names = policyNames
        guard !names.isEmpty, !names.contains(where: \.isEmpty) else {
            throw ValidationError("--policies needs one or more policy names separated by commas")
        }
        for name in names where !known.contains(name) {
            throw ValidationError("unknown policy '\(name)' in --policies (known: \(known.joined(separator: ", ")))")
        }
        if let duplicate = names.enumerated().first(where: { names[..<$0.offset].contains($0.element) }) {
            throw ValidationError("policy '\(duplicate.element)' is listed twice in --policies")
        }
        if let placement, SchedulerCatalogue.placement(named: placement) == nil {
            let placements = SchedulerCatalogue.placements.map(\.name)
            throw ValidationError("unknown placement '\(placement)' (known: \(placements.joined(separator: ", ")))")
        }
    }

    func run() throws {
        let scenario = try options.load()
        guard !scenario.workloads.isEmpty else {
            printError("\(scenario.path): compare needs at least one 'kind: jobs' workload; this scenario has none")
            throw ExitStatus.invalidInput
        }
        let seed = seed ?? scenario.run.seed
        let output = out ?? Self.defaultOutput(for: scenario, seed: seed)
        var columns: [(policy: String, metrics: [Metric])] = []
        for (index, policy) in policyNames.enumerated() {
            var variant = scenario
            variant.scheduler.policy = policy
            if let placement { variant.scheduler.placement = placement }
            let execution = ScenarioExecution(
                scenario: variant, seed: seed, output: output, showProgress: false, appending: index > 0,
                variant: "scheduler.policy=\(policy)")
            let outcome: ScenarioExecution.Outcome
            do {
                outcome = try execution.execute()
            } catch {
                printError("\(error)")
                throw ExitStatus.failure
            }
            columns.append((policy, outcome.metrics))
            if outcome.status == .interrupted {
                print(Self.table(columns))
                print("interrupted during '\(policy)'; results so far: \(output)")
                throw ExitStatus.interrupted
            }
        }
        print("orrery \(OrreryVersion.current) · \(scenario.name) · seed \(seed) · \(columns.count) policies")
        print(Self.table(columns))
        print("results: \(output)")
    }

    static func defaultOutput(for scenario: Scenario, seed: UInt64) -> String {
        ScenarioExecution.defaultOutput(for: scenario, seed: seed)
            .replacingOccurrences(of: "-seed\(seed).sqlite", with: "-compare-seed\(seed).sqlite")
    }

    /// Metrics as rows, policies as columns; a metric one policy lacks shows `—`.
    static func table(_ columns: [(policy: String, metrics: [Metric])]) -> String {
        var rows: [(name: String, unit: String)] = []
        var seen = Set<String>()
        for column in columns {
            for metric in column.metrics where seen.insert(metric.name).inserted {
                rows.append((metric.name, metric.unit))
            }
        }
        let values = columns.map { column in
            Dictionary(column.metrics.map { ($0.name, $0.value) }) { _, last in last }
        }
        var cells = [["metric", "unit"] + columns.map(\.policy)]
        for row in rows {
            cells.append([row.name, row.unit] + values.map { column in
                column[row.name].map(ScenarioExecution.Outcome.format) ?? "—"
            })
        }
        return alignedTable(cells, leftAligned: 2)
    }
}
