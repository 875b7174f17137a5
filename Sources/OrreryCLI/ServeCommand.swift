import ArgumentParser
import Foundation
import OrreryKernel
import OrreryScenario
import OrreryServing

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Plan LLM serving deployments.", subcommands: [Plan.self])

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Find the fewest replicas of a serving workload that meet a latency SLO on its trace.",
            discussion: """
                Runs the scenario's serving workload at 1, 2, 4, … replicas until one meets the SLO, \
                then bisects between the last failing and the first passing count, and prints every \
                count tried. Assumes more replicas never hurt (true of the built-in routers up to noise). \
                The SLO is --slo, or the workload's own `slo`. Exits 1 if even --max-replicas misses it. \
                See docs/serving.md.
                """)

        @OptionGroup var options: ScenarioOptions

        @Option(help: "Latency limits, like ttft=2s,tpot=200ms or ttft-p99=1s,e2e=30s (percentile 90 unless given).")
        var slo: String?

        @Option(help: "Largest replica count to try.")
        var maxReplicas: Int = 1024

        @Option(help: "The serving workload to plan (default: the scenario's only one).")
        var workload: String?

        @Option(help: "Random seed (default: the scenario's).")
        var seed: UInt64?

        func validate() throws {
            guard (1...100_000).contains(maxReplicas) else { throw ValidationError("--max-replicas must be from 1 to 100,000") }
        }

        func run() throws {
            var scenario = try options.load()
            let chosen = try chooseWorkload(in: scenario)
            var target = chosen
            if let slo {
                target.configuration.slo = try Self.parseSLO(slo)
            }
            guard let objective = target.configuration.slo else {
                printError("no SLO: give --slo (like ttft=2s,tpot=200ms) or an `slo` in workload '\(chosen.name)'")
                throw ExitStatus.invalidInput
            }
            // Only this workload runs: jobs and other deployments cannot change its result.
            scenario.workloads = []
            var tried: [Int: SLOReport] = [:]
            func meets(_ replicas: Int) throws -> Bool {
                target.configuration.replicas = replicas
                do { try target.configuration.validate() } catch {
                    printError("workload '\(target.name)' at \(replicas) replicas: \(error)")
                    throw ExitStatus.invalidInput
                }
                scenario.serving = [target]
                let prepared = scenario.prepare(seed: seed)
                prepared.simulation.run(until: prepared.horizon)
                guard let report = prepared.serving.first?.model.sloReport(end: prepared.simulation.now) else { return false }
                tried[replicas] = report
                return report.isMet
            }
            var passing = 1
            while try !meets(passing) {
                guard passing < maxReplicas else {
                    print(Self.table(tried, objective: objective, tensorParallel: target.configuration.replica.tensorParallel))
                    printError("no replica count up to \(maxReplicas) meets the SLO")
                    throw ExitStatus.failure
                }
                passing = min(passing * 2, maxReplicas)
            }
            var failing = tried.keys.filter { $0 < passing }.max() ?? 0
            while passing - failing > 1 {
                let middle = (failing + passing) / 2
                if try meets(middle) { passing = middle } else { failing = middle }
            }
            let tp = target.configuration.replica.tensorParallel
            print("\(scenario.path): workload '\(target.name)', \(target.configuration.replica.model.name) on \(tp)× \(target.configuration.replica.gpu.name) per replica")
            print(Self.table(tried, objective: objective, tensorParallel: tp))
            print("smallest: \(passing) replica\(passing == 1 ? "" : "s") (\(passing * tp) GPUs)")
        }

        private func chooseWorkload(in scenario: Scenario) throws -> ServingWorkload {
            if let workload {
                guard let found = scenario.serving.first(where: { $0.name == workload }) else {
                    printError("no serving workload '\(workload)' (have: \(scenario.serving.map(\.name).joined(separator: ", ")))")
                    throw ExitStatus.invalidInput
                }
                return found
            }
            guard scenario.serving.count == 1, let only = scenario.serving.first else {
                printError(
                    scenario.serving.isEmpty
                        ? "the scenario has no serving workload"
                        : "the scenario has \(scenario.serving.count) serving workloads: pick one with --workload")
                throw ExitStatus.invalidInput
            }
            return only
        }

        /// `ttft=2s,tpot-p99=200ms` → an SLO.
        static func parseSLO(_ text: String) throws -> ServingSLO {
            var targets: [ServingSLO.Target] = []
            for part in text.split(separator: ",") {
                let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else {
                    printError("--slo: expected measure=limit pairs like ttft=2s,tpot=200ms, found '\(part)'")
                    throw ExitStatus.invalidInput
                }
                do {
                    targets.append(try ServingSLO.Target(name: pair[0], limit: try Quantity.parseDuration(pair[1])))
                } catch {
                    printError("--slo: \(pair[0])=\(pair[1]): \(error)")
                    throw ExitStatus.invalidInput
                }
            }
            do { return try ServingSLO(targets: targets) } catch {
                printError("--slo: \(error)")
                throw ExitStatus.invalidInput
            }
        }

        /// One row per replica count tried, ascending.
        static func table(_ tried: [Int: SLOReport], objective: ServingSLO, tensorParallel: Int) -> String {
            let header = ["replicas", "GPUs"] + objective.targets.map(\.name) + ["attainment", "goodput/s", "meets"]
            var rows = [header]
            for replicas in tried.keys.sorted() {
                guard let report = tried[replicas] else { continue }
                let observed = report.observed.map { $0.seconds.isFinite ? String(format: "%.4gs", $0.seconds) : "unfinished" }
                rows.append(
                    ["\(replicas)", "\(replicas * tensorParallel)"] + observed + [
                        String(format: "%.1f%%", report.attainment * 100), String(format: "%.3g", report.goodputRequestsPerSecond),
                        report.isMet ? "yes" : "no",
                    ])
            }
            let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            return rows.map { row in
                row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                    .trimmingCharacters(in: .whitespaces)
            }.joined(separator: "\n")
        }
    }
}
