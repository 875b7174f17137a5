import ArgumentParser
import Foundation
import OrreryHardware
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
                The SLO is --slo, or the workload's own `slo`. With --gpus, plans on each GPU type and \
                ends with a comparison (smallest count and cost per million output tokens). Exits 1 if \
                even --max-replicas misses the SLO on every GPU. See docs/serving.md.
                """)

        @OptionGroup var options: ScenarioOptions

        @Option(help: "Latency limits, like ttft=2s,tpot=200ms or ttft-p99=1s,e2e=30s (percentile 90 unless given).")
        var slo: String?

        @Option(parsing: .unconditional, help: "Largest replica count to try.")
        var maxReplicas: Int = 1024

        @Option(help: "The serving workload to plan (default: the scenario's only one).")
        var workload: String?

        @Option(parsing: .unconditional, help: "Random seed (default: the scenario's).")
        var seed: UInt64?

        @Option(help: "Plan on each of these catalogue GPUs in turn (comma-separated), and compare them.")
        var gpus: String?

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
            guard target.configuration.disaggregation == nil else {
                printError("workload '\(chosen.name)' is disaggregated: planning prefill and decode pools is not supported yet")
                throw ExitStatus.invalidInput
            }
            // The plan compares fixed counts; an autoscaler would blur them.
            target.configuration.autoscaler = nil
            // Only this workload runs: jobs and other deployments cannot change its result.
            scenario.workloads = []
            // The plan asks how many GPUs the traffic needs, not whether this cluster has them.
            scenario.servingTakesClusterGPUs = false
            let candidates = try gpuCandidates(default: target.configuration.replica.gpu)
            var summary: [(gpu: String, replicas: Int?, cost: Double?)] = []
            for gpu in candidates {
                var candidate = target
                candidate.configuration.replica.gpu = gpu
                candidate.configuration.replicas = 1
                do { try candidate.configuration.validate() } catch {
                    guard candidates.count > 1 else {
                        printError("workload '\(target.name)': \(error)")
                        throw ExitStatus.invalidInput
                    }
                    print("\(gpu.name): skipped, \(error)\n")
                    summary.append((gpu.name, nil, nil))
                    continue
                }
                let gpus = candidate.configuration.replica.gpusPerReplica
                print("\(scenario.path): workload '\(target.name)', \(candidate.configuration.replica.model.name) on \(gpus)× \(gpu.name) per replica")
                let (passing, tried) = search(candidate, in: scenario)
                print(Self.table(tried, objective: objective, gpusPerReplica: gpus))
                if let passing {
                    let gpuCount = passing * gpus
                    print("smallest: \(passing) replica\(passing == 1 ? "" : "s") (\(gpuCount) GPU\(gpuCount == 1 ? "" : "s"))\n")
                } else {
                    print("none up to \(maxReplicas) replicas\n")
                }
                summary.append((gpu.name, passing, passing.flatMap { tried[$0]?.cost }))
            }
            if candidates.count > 1 {
                print(Self.summaryTable(summary))
            }
            if summary.allSatisfy({ $0.replicas == nil }) {
                printError("no replica count up to \(maxReplicas) meets the SLO")
                throw ExitStatus.failure
            }
        }

        /// One run of the plan: how the SLO fared and the cost per million output tokens.
        struct Trial {
            var report: SLOReport
            var cost: Double?
        }

        /// Doubling from one replica until the SLO is met (or `--max-replicas` misses it),
        /// then bisection between the last failing and the first passing count.
        private func search(_ workload: ServingWorkload, in scenario: Scenario) -> (passing: Int?, tried: [Int: Trial]) {
            var scenario = scenario
            var workload = workload
            var tried: [Int: Trial] = [:]
            func meets(_ replicas: Int) -> Bool {
                workload.configuration.replicas = replicas
                scenario.serving = [workload]
                let prepared = scenario.prepare(seed: seed)
                prepared.simulation.run(until: prepared.horizon)
                guard let model = prepared.serving.first?.model, let report = model.sloReport(end: prepared.simulation.now)
                else { return false }
                let cost = model.metrics(end: prepared.simulation.now)
                    .first { $0.name == "serving.cost.dollars-per-million-tokens" }?.value
                tried[replicas] = Trial(report: report, cost: cost)
                return report.isMet
            }
            var passing = 1
            while !meets(passing) {
                guard passing < maxReplicas else { return (nil, tried) }
                passing = min(passing * 2, maxReplicas)
            }
            var failing = tried.keys.filter { $0 < passing }.max() ?? 0
            while passing - failing > 1 {
                let middle = (failing + passing) / 2
                if meets(middle) { passing = middle } else { failing = middle }
            }
            return (passing, tried)
        }

        /// `--gpus` as catalogue GPUs, or the workload's own GPU.
        private func gpuCandidates(default gpu: GPUSpec) throws -> [GPUSpec] {
            guard let gpus else { return [gpu] }
            let catalogue = HardwareCatalogue.builtIn
            var found: [GPUSpec] = []
            for name in gpus.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let spec = catalogue.gpu(named: name) else {
                    printError("--gpus: unknown GPU '\(name)' (catalogue: \(catalogue.gpuNames.joined(separator: ", ")))")
                    throw ExitStatus.invalidInput
                }
                found.append(spec)
            }
            guard !found.isEmpty else {
                printError("--gpus: give one or more catalogue GPU names, comma-separated")
                throw ExitStatus.invalidInput
            }
            return found
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

        /// One row per GPU type: the smallest passing count and its cost, if known.
        static func summaryTable(_ rows: [(gpu: String, replicas: Int?, cost: Double?)]) -> String {
            let header = ["GPU", "replicas", "$/Mtoken"]
            let body = rows.map { row in
                [row.gpu, row.replicas.map(String.init) ?? "none", row.cost.map { String(format: "%.3f", $0) } ?? "-"]
            }
            return align([header] + body)
        }

        /// Columns padded to their widest cell, two spaces apart.
        static func align(_ rows: [[String]]) -> String {
            let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            return rows.map { row in
                row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                    .trimmingCharacters(in: .whitespaces)
            }.joined(separator: "\n")
        }

        /// One row per replica count tried, ascending.
        static func table(_ tried: [Int: Trial], objective: ServingSLO, gpusPerReplica: Int) -> String {
            let header = ["replicas", "GPUs"] + objective.targets.map(\.name) + ["attainment", "goodput/s", "meets"]
            var rows = [header]
            for replicas in tried.keys.sorted() {
                guard let report = tried[replicas]?.report else { continue }
                let observed = report.observed.map { $0.seconds.isFinite ? String(format: "%.4gs", $0.seconds) : "unfinished" }
                rows.append(
                    ["\(replicas)", "\(replicas * gpusPerReplica)"] + observed + [
                        String(format: "%.1f%%", report.attainment * 100), String(format: "%.3g", report.goodputRequestsPerSecond),
                        report.isMet ? "yes" : "no",
                    ])
            }
            return align(rows)
        }
    }
}
