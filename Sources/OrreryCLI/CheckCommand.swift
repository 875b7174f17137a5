import OrreryKernel
import ArgumentParser
import OrreryResults
import OrreryScenario

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run a scenario and compare its metrics with a committed baseline.",
        discussion: """
            Uses the baseline's seed unless --seed is given. Prints a table of every metric; \
            exits 1 if any leaves its band (|actual − expected| > max(absolute, relative × |expected|)) \
            or is missing.
            """)

    @OptionGroup var options: ScenarioOptions

    @Option(help: "Baseline JSON file (see docs/results.md).", completion: .file(extensions: ["json"]))
    var baseline: String

    @Option(help: "Random seed (default: the baseline's).")
    var seed: UInt64?

    @Option(name: .long, help: "Also write the run's results to this SQLite file.")
    var out: String?

    func run() throws {
        let expected: Baseline
        do { expected = try Baseline.load(path: baseline) } catch {
            printError("\(error)")
            throw ExitStatus.invalidInput
        }
        let scenario = try options.load()
        let outcome: ScenarioExecution.Outcome
        do {
            outcome = try ScenarioExecution(scenario: scenario, seed: seed ?? expected.seed, output: out, showProgress: false).execute()
        } catch {
            printError("\(error)")
            throw ExitStatus.failure
        }
        let report = expected.compare(outcome.metrics)
        print("\(scenario.path) against \(baseline) (seed \(outcome.seed))")
        print(report.renderTable())
        if !report.passed { throw ExitStatus.failure }
    }
}
