import ArgumentParser
import OrreryScenario

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario without running it.",
        discussion: """
            Reports every problem with its file, line and key path; exits 2 if there are any. \
            A scenario with a sweep (or --set axes) is checked variant by variant.
            """)

    @OptionGroup var options: ScenarioOptions

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "A sweep axis to check as well, key.path=value1,value2,… (repeatable), as for orrery sweep.",
        valueName: "key.path=values"))
    var axes: [String] = []

    func run() throws {
        let sweep = try options.loadSweep(axes: axes)
        guard !sweep.axes.isEmpty else {
            if let scenario = sweep.variants.first?.scenario { print("\(scenario.path): valid — \(Self.describe(scenario))") }
            return
        }
        print("\(sweep.path): valid — \(sweep.variants.count) sweep variants (\(sweep.section.combination.rawValue))")
        for variant in sweep.variants {
            print("  \(variant.index + 1). \(variant.label ?? ""): \(Self.describe(variant.scenario))")
        }
    }

    static func describe(_ scenario: Scenario) -> String {
        let gpus = scenario.schedulerNodes.reduce(0) { $0 + $1.gpus }
        let nodes = scenario.schedulerNodes.count
        let jobs = scenario.workloads.reduce(0) { $0 + $1.jobs.count }
        let serving = scenario.serving.isEmpty
            ? "" : ", \(scenario.serving.count) serving workload\(scenario.serving.count == 1 ? "" : "s")"
        return "\(nodes) nodes, \(gpus) GPUs, \(jobs) jobs\(serving), scheduler \(scenario.scheduler.policy)/\(scenario.scheduler.placement)"
    }
}
