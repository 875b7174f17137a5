import Foundation
import ArgumentParser
import OrreryScenario

/// The scenario argument shared by the commands that read one.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "Path to a scenario YAML file.", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    /// Loads and validates, printing every problem to standard error on failure.
    func load() throws -> Scenario {
        do {
            let loaded = try Scenario.load(path: scenario)
            var stream = StandardError()
            for warning in loaded.serving.flatMap(\.warnings) { print("warning: " + warning, to: &stream) }
            for warning in loaded.workloads.flatMap(\.warnings) { print(warning, to: &stream) }
            return loaded
        } catch {
            printError(error.description)
            throw ExitStatus.invalidInput
        }
    }
}

extension ScenarioOptions {
    /// Loads the scenario and expands its sweep (with `--set` axes), checking every
    /// variant; prints every problem, or each distinct warning once, to standard error.
    func loadSweep(axes: [String] = [], combination: SweepCombination? = nil) throws -> ScenarioSweep {
        do throws(ScenarioErrors) {
            var extra: [SweepAxis] = []
            for assignment in axes {
                do { extra.append(try SweepAxis.parse(assignment: assignment)) } catch { throw ScenarioErrors([error]) }
            }
            let sweep = try ScenarioSweep.load(path: scenario, extraAxes: extra, combination: combination)
            var stream = StandardError()
            var printed = Set<String>()
            for variant in sweep.variants {
                let warnings = variant.scenario.serving.flatMap(\.warnings).map { "warning: " + $0 }
                    + variant.scenario.workloads.flatMap(\.warnings)
                for warning in warnings where printed.insert(warning).inserted { print(warning, to: &stream) }
            }
            return sweep
        } catch {
            printError(error.description)
            throw ExitStatus.invalidInput
        }
    }
}

func printError(_ message: String) {
    var stream = StandardError()
    print("error: " + message.replacingOccurrences(of: "\n", with: "\nerror: "), to: &stream)
}

/// Standard error as a `TextOutputStream`, for diagnostics and the progress line.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
