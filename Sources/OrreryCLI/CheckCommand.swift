import OrreryKernel
import ArgumentParser
import OrreryResults
import OrreryScenario

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run a scenario and compare its metrics with a committed baseline.",
        discussion: """
            Uses the baseline's seed unless --seed is given. A scenario with a sweep runs every \
            variant once with that seed; its metric names start with the variant, like \
            [scheduler.policy=sjf] jobs.jct.mean. Prints a table of every metric; \
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
        let sweep = try options.loadSweep()
        let seed = seed ?? expected.seed
        let metrics: [Metric]
        do {
            metrics = try BaselineMetrics.collect(sweep, seed: seed, output: out)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("\(error)")
            throw ExitStatus.failure
        }
        let report = expected.compare(metrics)
        let variants = sweep.axes.isEmpty ? "" : ", \(sweep.variants.count) sweep variants"
        print("\(sweep.path) against \(baseline) (seed \(seed)\(variants))")
        print(report.renderTable())
        if !report.passed { throw ExitStatus.failure }
    }
}
