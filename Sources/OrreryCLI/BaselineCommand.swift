import OrreryKernel
import Foundation
import ArgumentParser
import OrreryResults
import OrreryScenario

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline", abstract: "Manage regression baselines.", subcommands: [Update.self])

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Run a scenario and write its metrics as the new baseline.",
            discussion: """
                Default file: Results/baselines/<scenario file name>.json. A scenario with a sweep \
                records every variant, each metric name prefixed by the variant's label. Review the \
                diff before committing it.
                """)

        @OptionGroup var options: ScenarioOptions

        @Option(help: "Baseline file to write.")
        var baseline: String?

        @Option(help: "Random seed (default: the scenario's run.seed).")
        var seed: UInt64?

        @Option(help: "Relative tolerance for every metric.")
        var relative: Double = 1e-9

        @Option(help: "Absolute tolerance for every metric.")
        var absolute: Double = 0

        func validate() throws {
            guard relative.isFinite, relative >= 0, absolute.isFinite, absolute >= 0 else {
                throw ValidationError("--relative and --absolute must be finite and ≥ 0")
            }
        }

        func run() throws {
            let sweep = try options.loadSweep()
            let seed = seed ?? BaselineMetrics.defaultSeed(sweep)
            let stem = URL(fileURLWithPath: sweep.path).deletingPathExtension().lastPathComponent
            let path = baseline ?? "Results/baselines/\(stem).json"
            do {
                let metrics = try BaselineMetrics.collect(sweep, seed: seed, output: nil)
                let made = try Baseline.make(from: metrics, scenario: sweep.path, seed: seed, relative: relative, absolute: absolute)
                try made.write(to: path)
                print("wrote \(path): \(made.metrics.count) metrics, seed \(seed)")
            } catch let exit as ExitCode {
                throw exit
            } catch {
                printError("\(error)")
                throw ExitStatus.failure
            }
        }
    }
}
