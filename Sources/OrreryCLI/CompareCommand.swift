import ArgumentParser
import Foundation
import OrreryKernel
import OrreryResults
import OrreryScenario
import OrreryScheduling

/// Runs one scenario under several scheduling policies (and/or placements) on identical
/// input and seed, so differences in the table come from the policies alone.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run a scenario under several scheduling policies or placements and print the results side by side.",
        discussion: """
            Every run uses the same jobs, cluster and seed; only scheduler.policy (and \
            --placement, when given) changes, or, with --placements, scheduler.placement \
            (every policy with every placement when both lists are given). All runs go into \
            one results file, one `runs` row each, labelled by its `variant` column (e.g. \
            scheduler.policy=sjf). With --threads the runs are spread over threads of this \
            process, which share the loaded scenario; with --processes, over parallel orrery \
            processes, each loading it again. Either way the file and the table hold exactly \
            the rows of the runs made one after another. \
            Policies: \(SchedulerCatalogue.policies.map(\.name).joined(separator: ", ")). \
            Placements: \(SchedulerCatalogue.placements.map(\.name).joined(separator: ", ")).
            """)

    @OptionGroup var options: ScenarioOptions

    @Option(help: "Comma-separated scheduling policies, e.g. fifo,sjf,easy-backfill (default: the scenario's).")
    var policies: String?

    @Option(help: "Placement for every run (default: the scenario's).")
    var placement: String?

    @Option(help: "Comma-separated placements to compare, e.g. fgd,best-fit,random.")
    var placements: String?

    @Option(parsing: .unconditional, help: "Random seed (overrides the scenario's run.seed).")
    var seed: UInt64?

    @Option(name: .long, help: "Results file (SQLite); default Results/<name>-compare-seed<seed>.sqlite.")
    var out: String?

    @Option(parsing: .unconditional, help: "Run the policies in this many parallel orrery processes, then gather them into the one results file (default 1: in sequence, in this process).")
    var processes: Int = 1

    @Option(parsing: .unconditional, help: "Run the policies on this many threads of this process, sharing the loaded scenario, then gather them into the one results file (default 1: in sequence).")
    var threads: Int = 1

    /// A parallel child's share of the runs: the first run and how many (hidden).
    @Option(help: .hidden)
    var firstRun: Int = 0
    @Option(help: .hidden)
    var runCount: Int?

    var policyNames: [String] { Self.list(policies) }
    var placementNames: [String] { Self.list(placements) }

    static func list(_ text: String?) -> [String] {
        text.map { $0.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) } } ?? []
    }

    func validate() throws {
        guard policies != nil || placements != nil else {
            throw ValidationError("give --policies, --placements or both: the runs to compare")
        }
        guard placement == nil || placements == nil else {
            throw ValidationError("--placement fixes one placement for every run; --placements compares several: give one of them")
        }
        guard (1...256).contains(processes) else { throw ValidationError("--processes must be from 1 to 256, got \(processes)") }
        guard (1...256).contains(threads) else { throw ValidationError("--threads must be from 1 to 256, got \(threads)") }
        guard processes == 1 || threads == 1 else {
            throw ValidationError("--threads and --processes both spread the runs: give one of them")
        }
        guard firstRun >= 0, (runCount ?? 1) >= 1 else { throw ValidationError("--first-run must be ≥ 0 and --run-count ≥ 1") }
        try Self.check(policies, names: policyNames, known: SchedulerCatalogue.policies.map(\.name), what: "policy", option: "--policies")
        try Self.check(placements, names: placementNames, known: SchedulerCatalogue.placements.map(\.name), what: "placement", option: "--placements")
        if let placement, SchedulerCatalogue.placement(named: placement) == nil {
            let placements = SchedulerCatalogue.placements.map(\.name)
            throw ValidationError("unknown placement '\(placement)' (known: \(placements.joined(separator: ", ")))")
        }
    }

    /// A list option, if given: non-empty names, all known, none twice.
    static func check(_ text: String?, names: [String], known: [String], what: String, option: String) throws {
        guard text != nil else { return }
        guard !names.isEmpty, !names.contains(where: \.isEmpty) else {
            throw ValidationError("\(option) needs one or more \(what) names separated by commas")
        }
        for name in names where !known.contains(name) {
            throw ValidationError("unknown \(what) '\(name)' in \(option) (known: \(known.joined(separator: ", ")))")
        }
        if let duplicate = names.enumerated().first(where: { names[..<$0.offset].contains($0.element) }) {
            throw ValidationError("\(what) '\(duplicate.element)' is listed twice in \(option)")
        }
    }

    /// The runs: every listed policy (or the scenario's) with every listed placement (or
    /// the scenario's, or --placement), labelled by what varies.
    func variants(of scenario: Scenario) -> [(label: String, settings: [VariantSetting], policy: String, placement: String)] {
        let policyList = policies == nil ? [scenario.scheduler.policy] : policyNames
        let placementList = placements == nil ? [placement ?? scenario.scheduler.placement] : placementNames
        return policyList.flatMap { policy in
            placementList.map { place in
                let policySetting = VariantSetting(keyPath: "scheduler.policy", value: policy)
                let placementSetting = VariantSetting(keyPath: "scheduler.placement", value: place)
                return switch (policies != nil, placements != nil) {
                case (true, true): ("\(policy)/\(place)", [policySetting, placementSetting], policy, place)
                case (false, true): (place, [placementSetting], policy, place)
                default: (policy, [policySetting], policy, place)
                }
            }
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
        let variants = variants(of: scenario)
        let runs = variants.map { run in
            var variant = scenario
            variant.scheduler.policy = run.policy
            variant.scheduler.placement = run.placement
            return PlannedRun(
                scenario: variant, seed: seed, variant: run.settings.map { "\($0.keyPath)=\($0.value)" }.joined(separator: ","),
                settings: run.settings, name: "'\(run.label)'")
        }
        if let runCount {
            // A parallel child: its share of the runs into its part file, nothing printed.
            var interrupted = false
            try RunSequence(runs: Array(runs.dropFirst(firstRun).prefix(runCount)), output: output).execute {
                interrupted = $0.outcome.status == .interrupted
            }
            if interrupted { throw ExitStatus.interrupted }
            return
        }
        var columns: [(policy: String, metrics: [Metric])] = []
        var interrupted = false
        // The runs the interrupt stopped: the last one in sequence, one per process or thread in parallel.
        var stopped: [String] = []
        let processCount = min(processes, runs.count), threadCount = min(threads, runs.count)
        if threadCount > 1 {
            let outcomes = try ThreadedRuns(runs: runs, threads: threadCount, output: output).run()
            for (variant, outcome) in zip(variants, outcomes) {
                guard let outcome else { continue }
                columns.append((variant.label, outcome.metrics))
                if outcome.status == .interrupted { stopped.append(variant.label) }
            }
            interrupted = !stopped.isEmpty || InterruptSignal.pending != nil
        } else if processCount > 1 {
            // One run per child: policies differ in cost by tens of times, so contiguous
            // shares would leave processes idle while one makes the costly runs.
            let parallel = ParallelRuns(count: runs.count, processes: processCount, chunks: runs.count, output: output) { share, part in
                childArguments(share: share, part: part)
            }
            interrupted = try parallel.run() == .interrupted
            let gathered = try Self.columns(readingBack: output, runs: runs, labels: variants.map(\.label))
            columns = gathered.map { ($0.label, $0.metrics) }
            stopped = gathered.filter { $0.status == .interrupted }.map(\.label)
        } else {
            try RunSequence(runs: runs, output: output).execute { finished in
                columns.append((variants[columns.count].label, finished.outcome.metrics))
                interrupted = finished.outcome.status == .interrupted
                if interrupted { stopped = [variants[columns.count - 1].label] }
            }
        }
        if interrupted {
            print(Self.table(columns))
            let during = stopped.isEmpty ? "" : " during \(stopped.joined(separator: ", "))"
            print("interrupted\(during); results so far: \(output)")
            throw ExitStatus.interrupted
        }
        let spreadNote = threadCount > 1 ? " on \(threadCount) threads" : processCount > 1 ? " in \(processCount) processes" : ""
        print("orrery \(OrreryVersion.current) · \(scenario.name) · seed \(seed) · \(columns.count) \(placements != nil && policies == nil ? "placements" : "policies")\(spreadNote)")
        print(Self.table(columns))
        print("results: \(output)")
    }

    /// What a parallel child is told: the same comparison, its share of the runs, its
    /// part file.
    private func childArguments(share: Range<Int>, part: String) -> [String] {
        var arguments = ["compare", options.scenario]
        if let policies { arguments += ["--policies", policies] }
        if let placement { arguments += ["--placement", placement] }
        if let placements { arguments += ["--placements", placements] }
        if let seed { arguments += ["--seed", String(seed)] }
        return arguments + ["--first-run", String(share.lowerBound), "--run-count", String(share.count), "--out", part]
    }

    /// The columns of the runs gathered in `output` from parallel processes, in file
    /// order (the runs' order, each process's share after the one before), each labelled
    /// by the planned run it is and holding its metrics in the order the run recorded
    /// them, so the table is the sequential one.
    static func columns(
        readingBack output: String, runs: [PlannedRun], labels: [String]
    ) throws -> [(label: String, status: RunStatus, metrics: [Metric])] {
        let reader = try ResultsReader(path: output)
        return try reader.runs().compactMap { row in
            guard let planned = runs.firstIndex(where: { $0.variant == row.info.variant }) else { return nil }
            return (labels[planned], row.status, try reader.metrics(run: row.runID, order: .recorded))
        }
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
