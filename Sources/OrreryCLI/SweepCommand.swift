import ArgumentParser
import Foundation
import OrreryKernel
import OrreryResults
import OrreryScenario

/// `orrery sweep`: every variant of a scenario (the cross product, or zip, of its sweep
/// axes), each optionally replicated, into one results file, summarised one row per
/// variant.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run every variant of a scenario's sweep and print one row per variant.",
        discussion: """
            Axes come from the scenario's 'sweep' section and from --set (see \
            docs/scenario-format.md). Each variant's values are written into the YAML \
            document before it is parsed, and every variant is checked before any runs. \
            All variants use the same seed (common random numbers), so differences come \
            from the values swept, not from noise. All runs go into one results file, \
            labelled by runs.variant and their variant_settings rows. Ctrl-C keeps the \
            finished runs and marks the one in progress 'interrupted' (exit 130).
            """)

    @OptionGroup var options: ScenarioOptions

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "An axis: key.path=value1,value2,… (repeatable), e.g. --set scheduler.policy=fifo,sjf. Replaces a file axis of the same path.",
        valueName: "key.path=values"))
    var axes: [String] = []

    @Option(help: "How the axes combine: cross (every combination; the default) or zip (the i-th values together).")
    var combine: SweepCombination?

    @Option(help: "Replications per variant: run indices 0..<N of the same seed; mean ± 95% interval per metric (default: sweep.replications, else 1).")
    var replications: Int?

    @Option(help: "Run the sweep's runs in this many parallel orrery processes, then gather them into the one results file.")
    var processes: Int = 1

    @Option(help: "Random seed for every variant (default: the scenario's run.seed).")
    var seed: UInt64?

    @Option(name: .long, help: "Results file (SQLite); default Results/<name>-sweep-seed<seed>.sqlite.")
    var out: String?

    @Option(help: "Comma-separated metrics for the table; 'prefix.*' matches a family (default: sweep.metrics, else the headline metrics).")
    var metrics: String?

    @Flag(help: "Print the summary as JSON on standard output.")
    var json = false

    @Flag(help: "Do not draw the progress line, even on a terminal.")
    var quiet = false

    /// A parallel child's share of the runs: the first run and how many (hidden).
    @Option(help: .hidden)
    var firstRun: Int = 0
    @Option(help: .hidden)
    var runCount: Int?

    func validate() throws {
        if let replications, !(1...100_000).contains(replications) {
            throw ValidationError("--replications must be from 1 to 100,000, got \(replications)")
        }
        guard (1...256).contains(processes) else { throw ValidationError("--processes must be from 1 to 256, got \(processes)") }
        guard firstRun >= 0, (runCount ?? 1) >= 1 else { throw ValidationError("--first-run must be ≥ 0 and --run-count ≥ 1") }
        if let metrics, SweepSummary.patterns(metrics).isEmpty {
            throw ValidationError("--metrics needs one or more metric names separated by commas")
        }
    }

    func run() throws {
        let sweep = try options.loadSweep(axes: axes, combination: combine)
        guard !sweep.axes.isEmpty else {
            printError("\(sweep.path): nothing to sweep: add a 'sweep' section or give --set key.path=value1,value2")
            throw ExitStatus.invalidInput
        }
        let count = replications ?? sweep.section.replications ?? 1
        let plan = SweepPlan(sweep: sweep, seed: seed, replications: count)
        let output = out ?? plan.defaultOutput
        if let runCount {
            // A parallel child: its share of the runs into its part file, nothing printed.
            let share = Array(plan.runs.dropFirst(firstRun).prefix(runCount))
            var interrupted = false
            try RunSequence(runs: share, output: output).execute { interrupted = $0.outcome.status == .interrupted }
            if interrupted { throw ExitStatus.interrupted }
            return
        }
        let clock = ContinuousClock()
        let start = clock.now
        var summary = SweepSummary(plan: plan)
        var interrupted = false
        if processes > 1 {
            let parallel = ParallelRuns(count: plan.runs.count, processes: min(processes, plan.runs.count), output: output) { share, part in
                childArguments(share: share, part: part, replications: count)
            }
            interrupted = try parallel.run() == .interrupted
            try summary.add(readingBack: output)
        } else {
            try RunSequence(runs: plan.runs, output: output, showProgress: !quiet && !json).execute { finished in
                if finished.outcome.status == .interrupted { interrupted = true }
                else { summary.add(finished.outcome.metrics, variant: finished.run.variant) }
            }
        }
        let wall = (clock.now - start).seconds
        let selection = metrics.map(SweepSummary.patterns) ?? sweep.section.metrics
        if json {
            print(summary.json(output: output, selection: selection, status: interrupted ? "interrupted" : "completed"))
        } else {
            print(summary.header(wall: wall, processes: min(processes, plan.runs.count)))
            print(summary.table(selection: selection))
        }
        if interrupted {
            if !json { print("interrupted: finished runs and the interrupted one are in \(output)") }
            throw ExitStatus.interrupted
        }
        if !json { print("results: \(output)") }
    }

    /// What a parallel child is told: the same sweep, its share of the runs, its part file.
    private func childArguments(share: Range<Int>, part: String, replications: Int) -> [String] {
        var arguments = ["sweep", options.scenario]
        for axis in axes { arguments += ["--set", axis] }
        if let combine { arguments += ["--combine", combine.rawValue] }
        if let seed { arguments += ["--seed", String(seed)] }
        arguments += [
            "--replications", String(replications), "--first-run", String(share.lowerBound),
            "--run-count", String(share.count), "--out", part, "--quiet",
        ]
        return arguments
    }
}

extension SweepCombination: ExpressibleByArgument {}
