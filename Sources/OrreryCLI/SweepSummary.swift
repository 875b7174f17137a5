import Foundation
import OrreryKernel
import OrreryResults
import OrreryScenario

/// A sweep's results, one row per variant: its axis values, then each metric's mean
/// over the variant's completed replications with a 95% Student-t half-width.
struct SweepSummary {
    let plan: SweepPlan
    private var aggregators: [ReplicationAggregator]

    /// Metrics shown when neither --metrics nor sweep.metrics chooses: the headline of
    /// each kind of workload, those a run produced, in this order.
    static let headline = [
        "jobs.jct.mean", "jobs.queueing.mean", "jobs.queueing.p99", "jobs.makespan", "gpu.allocation",
        "serving.ttft.p99", "serving.tpot.p99", "serving.throughput.tokens-per-s", "serving.slo.attainment",
        "training.step-time", "training.mfu", "training.time-to-train",
        "resilience.ettr", "resilience.time-to-train", "power.energy.facility",
    ]

    init(plan: SweepPlan) {
        self.plan = plan
        aggregators = Array(repeating: ReplicationAggregator(), count: plan.sweep.variants.count)
    }

    /// One completed run of the variant labelled `variant`.
    mutating func add(_ metrics: [Metric], variant: String?) {
        guard let position = plan.sweep.variants.firstIndex(where: { $0.label == variant }) else { return }
        aggregators[position].add(metrics)
    }

    /// Every completed run in a results file gathered from parallel processes.
    mutating func add(readingBack output: String) throws {
        let reader = try ResultsReader(path: output)
        for run in try reader.runs() where run.status == .completed {
            add(try reader.metrics(run: run.runID), variant: run.info.variant)
        }
    }

    /// `a, b.*` → `["a", "b.*"]`.
    static func patterns(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The metrics to show, in order: those matching `selection` (exact names, or
    /// `prefix.*`), else the headline ones the runs produced, else the first four.
    func columns(selection: [String]?) -> [(name: String, unit: String)] {
        var produced: [(name: String, unit: String)] = []
        for aggregator in aggregators {
            for interval in aggregator.summary() where !produced.contains(where: { $0.name == interval.name }) {
                produced.append((interval.name, interval.unit))
            }
        }
        guard let selection else {
            let headline = Self.headline.compactMap { name in produced.first { $0.name == name } }
            return headline.isEmpty ? Array(produced.sorted { $0.name < $1.name }.prefix(4)) : headline
        }
        var chosen: [(name: String, unit: String)] = []
        for pattern in selection {
            let matches = produced.filter { Self.matches($0.name, pattern) }.sorted { $0.name < $1.name }
            for match in matches where !chosen.contains(where: { $0.name == match.name }) { chosen.append(match) }
            if matches.isEmpty { chosen.append((pattern, "")) }
        }
        return chosen
    }

    static func matches(_ name: String, _ pattern: String) -> Bool {
        pattern.hasSuffix("*") ? name.hasPrefix(pattern.dropLast()) : name == pattern
    }

    func header(wall: Double, processes: Int) -> String {
        let sweep = plan.sweep
        let seeds = plan.seeds
        let seedText = seeds.count == 1 ? "seed \(seeds[0]) for every variant" : "seeds \(seeds.map(String.init).joined(separator: ", "))"
        let name = sweep.variants.first?.scenario.name ?? sweep.path
        let replications = plan.replications == 1 ? "" : " × \(plan.replications) replications"
        let inProcesses = processes > 1 ? " in \(processes) processes" : ""
        return "orrery \(OrreryVersion.current) · \(name) · \(sweep.variants.count) variants (\(sweep.section.combination.rawValue))"
            + "\(replications) · \(seedText)\(inProcesses) · " + String(format: "%.3f s wall", wall)
    }

    /// One row per variant with at least one completed run: `#`, the axis values, then
    /// the metrics (`mean ± half-width` with replications, `—` where a variant lacks one).
    func table(selection: [String]?) -> String {
        let columns = self.columns(selection: selection)
        let axes = plan.sweep.axes.map(\.path.description)
        var cells = [["#"] + axes + columns.map { $0.unit.isEmpty ? $0.name : "\($0.name) (\($0.unit))" }]
        for (variant, aggregator) in zip(plan.sweep.variants, aggregators) where aggregator.replications > 0 {
            let intervals = aggregator.summary()
            cells.append([String(variant.index + 1)] + variant.settings.map(\.value) + columns.map { column in
                guard let interval = intervals.first(where: { $0.name == column.name }) else { return "—" }
                let mean = ScenarioExecution.Outcome.format(interval.mean)
                return plan.replications > 1 ? mean + " ± " + (interval.halfWidth.map(ScenarioExecution.Outcome.format) ?? "—") : mean
            })
        }
        return alignedTable(cells, leftAligned: 1 + axes.count)
    }

    func json(output: String, selection: [String]?, status: String) -> String {
        struct Document: Encodable {
            struct Setting: Encodable { var path: String; var value: String }
            struct Value: Encodable { var mean: Double; var half_width_95: Double?; var n: Int; var unit: String }
            struct Variant: Encodable {
                var index: Int
                var label: String
                var settings: [Setting]
                var replications: Int
                var metrics: [String: Value]
            }
            var orrery: String
            var scenario: String
            var scenario_path: String
            var scenario_sha256: String
            var seeds: [UInt64]
            var combine: String
            var replications: Int
            var status: String
            var output: String
            var axes: [String]
            var variants: [Variant]
        }
        let wanted = selection.map { patterns in { (name: String) in patterns.contains { Self.matches(name, $0) } } }
        let variants = zip(plan.sweep.variants, aggregators).map { variant, aggregator in
            Document.Variant(
                index: variant.index + 1, label: variant.label ?? "",
                settings: variant.settings.map { Document.Setting(path: $0.path, value: $0.value) },
                replications: aggregator.replications,
                metrics: Dictionary(aggregator.summary().filter { wanted?($0.name) ?? true }.map {
                    ($0.name, Document.Value(mean: $0.mean, half_width_95: $0.halfWidth, n: $0.count, unit: $0.unit))
                }) { _, last in last })
        }
        let first = plan.sweep.variants.first?.scenario
        let document = Document(
            orrery: OrreryVersion.current, scenario: first?.name ?? "", scenario_path: plan.sweep.path,
            scenario_sha256: first?.contentHash ?? "", seeds: plan.seeds, combine: plan.sweep.section.combination.rawValue,
            replications: plan.replications, status: status, output: output,
            axes: plan.sweep.axes.map(\.path.description), variants: variants)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
