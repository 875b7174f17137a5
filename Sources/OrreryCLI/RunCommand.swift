import ArgumentParser
import OrreryScenario

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write its results to SQLite.",
        discussion: """
            Results go to --out, else the scenario's run.output, else \
            Results/<name>-seed<seed>.sqlite. Ctrl-C stops the run and keeps what it wrote \
            (status 'interrupted', exit 130).
            """)

    @OptionGroup var options: ScenarioOptions

    @Option(parsing: .unconditional, help: "Random seed (overrides the scenario's run.seed).")
    var seed: UInt64?

    @Option(name: .long, help: "Results file (SQLite).")
    var out: String?

    @Option(parsing: .unconditional, help: "Monte-Carlo replications: run indices 0..<N of the same seed, one results file, mean and 95% interval per metric.")
    var replications: Int = 1

    @Option(parsing: .unconditional, help: "With --replications: run them in this many parallel orrery processes, then gather them into the one results file (default 1: in sequence, in this process).")
    var processes: Int = 1

    /// The first run index of `--replications` (the parallel processes' share).
    @Option(help: .hidden)
    var firstReplication: Int = 0

    @Flag(help: "Print the summary as JSON on standard output.")
    var json = false

    @Flag(help: "Do not draw the progress line, even on a terminal.")
    var quiet = false

    func validate() throws {
        guard (1...100_000).contains(replications) else {
            throw ValidationError("--replications must be from 1 to 100,000, got \(replications)")
        }
        if replications > 1, json { throw ValidationError("--json prints one run; it cannot be combined with --replications") }
        guard (1...256).contains(processes) else {
            throw ValidationError("--processes must be from 1 to 256, got \(processes)")
        }
        guard firstReplication >= 0 else { throw ValidationError("--first-replication must be ≥ 0") }
    }

    func run() throws {
        let scenario = try options.load()
        let seed = seed ?? scenario.run.seed
        let output = out ?? scenario.run.output ?? ScenarioExecution.defaultOutput(for: scenario, seed: seed)
        if replications > 1 || firstReplication > 0 {
            try ReplicatedRuns(
                scenario: scenario, scenarioPath: options.scenario, seed: seed, output: output, count: replications,
                first: firstReplication, processes: min(processes, replications), quiet: quiet
            ).run()
            return
        }
        let outcome: ScenarioExecution.Outcome
        do {
            outcome = try ScenarioExecution(scenario: scenario, seed: seed, output: output, showProgress: !quiet && !json).execute()
        } catch {
            printError("\(error)")
            throw ExitStatus.failure
        }
        print(json ? outcome.json : outcome.text)
        if outcome.status == .interrupted { throw ExitStatus.interrupted }
    }
}
