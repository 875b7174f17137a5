import ArgumentParser
import OrreryScenario

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario without running it.",
        discussion: "Reports every problem with its file, line and key path; exits 2 if there are any.")

    @OptionGroup var options: ScenarioOptions

    func run() throws {
        let scenario = try options.load()
        let gpus = scenario.schedulerNodes.reduce(0) { $0 + $1.gpus }
        let nodes = scenario.schedulerNodes.count
        let jobs = scenario.workloads.reduce(0) { $0 + $1.jobs.count }
        let serving = scenario.serving.isEmpty
            ? "" : ", \(scenario.serving.count) serving workload\(scenario.serving.count == 1 ? "" : "s")"
        print("\(scenario.path): valid — \(nodes) nodes, \(gpus) GPUs, \(jobs) jobs\(serving), scheduler \(scenario.scheduler.policy)/\(scenario.scheduler.placement)")
    }
}
