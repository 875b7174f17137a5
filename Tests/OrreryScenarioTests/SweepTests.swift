import Foundation
import Testing
import OrreryKernel
@testable import OrreryScenario

private let base = """
    name: t
    cluster:
      nodes:
        - { type: DGX-A100, count: 2 }
        - { type: DGX-H100, count: 1 }
    workloads:
      - kind: jobs
        jobs:
          - { id: a, gpus: 8, duration: 1h }
          - { id: b, gpus: 16, duration: 2h, submit: 10m }
    scheduler: { policy: fifo }

    """

/// Expands `yaml` (in memory, file `s.yaml`) with optional `--set` axes.
private func sweep(_ yaml: String, set: [String] = [], combine: SweepCombination? = nil) throws -> ScenarioSweep {
    let document = try ConfigDocument.parse(text: yaml, file: "s.yaml")
    let axes = try set.map { text throws(ScenarioError) in try SweepAxis.parse(assignment: text) }
    return try ScenarioSweep.expand(document, extraAxes: axes, combination: combine)
}

/// The error text of a sweep that must fail.
private func failure(_ yaml: String, set: [String] = [], combine: SweepCombination? = nil) -> String {
    do {
        let result = try sweep(yaml, set: set, combine: combine)
        return "expanded into \(result.variants.count) variants"
    } catch { return "\(error)" }
}

@Suite struct DocumentPathTests {
    @Test(arguments: ["scheduler.policy", "cluster.nodes[0].count", "workloads[1].arrival.rate", "a[0][2].b", "power"])
    func pathsReadBackAsWritten(text: String) throws {
        #expect(try DocumentPath(parsing: text).description == text)
    }

    @Test func segments() throws {
        let path = try DocumentPath(parsing: "cluster.nodes[12].count")
        #expect(path.segments == [.key("cluster"), .key("nodes"), .index(12), .key("count")])
        #expect(path.section == "cluster")
    }

    @Test(arguments: [
        ("", "empty"), (".a", "starts with '.'"), ("a..b", "a key is missing"), ("a.", "a key is missing"),
        ("[0].a", "starts with a list index"), ("a[", "never closed"), ("a[x]", "not a list index"),
        ("a[-1]", "not a list index"), ("a[]", "not a list index"), ("a]b", "']' without '['"), ("a[0]b", "after ']'"),
    ])
    func malformedPathsSayWhy(text: String, reason: String) {
        #expect(throws: PathSyntaxError.self) { try DocumentPath(parsing: text) }
        do { _ = try DocumentPath(parsing: text) } catch { #expect(error.reason.contains(reason), "\(text): \(error)") }
    }
}

@Suite struct SweepExpansionTests {
    @Test func crossProductVariesTheFirstAxisSlowest() throws {
        let s = try sweep(base + """
            sweep:
              axes:
                cluster.nodes[0].count: [2, 4]
                scheduler.policy: [fifo, sjf, easy-backfill]
            """)
        #expect(s.variants.count == 6)
        #expect(s.variants.map(\.label) == [
            "cluster.nodes[0].count=2,scheduler.policy=fifo", "cluster.nodes[0].count=2,scheduler.policy=sjf",
            "cluster.nodes[0].count=2,scheduler.policy=easy-backfill", "cluster.nodes[0].count=4,scheduler.policy=fifo",
            "cluster.nodes[0].count=4,scheduler.policy=sjf", "cluster.nodes[0].count=4,scheduler.policy=easy-backfill",
        ])
        #expect(s.variants.map { $0.scenario.cluster[0].count } == [2, 2, 2, 4, 4, 4])
        #expect(s.variants.map(\.scenario.scheduler.policy) == ["fifo", "sjf", "easy-backfill", "fifo", "sjf", "easy-backfill"])
        #expect(s.variants.allSatisfy { $0.scenario.cluster[1].count == 1 }, "values not swept stay as written")
    }

    @Test func zipPairsTheIthValues() throws {
        let s = try sweep(base + """
            sweep:
              combine: zip
              axes:
                cluster.nodes[0].count: [2, 3, 4]
                cluster.nodes[1].count: [3, 2, 1]
            """)
        #expect(s.variants.map { [$0.scenario.cluster[0].count, $0.scenario.cluster[1].count] } == [[2, 3], [3, 2], [4, 1]])
    }

    /// The variant that sets what the file already says is the scenario itself.
    @Test func variantEqualToTheBaseParsesLikeTheBase() throws {
        let plain = try Scenario.parse(try ConfigDocument.parse(text: base, file: "s.yaml"))
        let text = base + "sweep: { axes: { scheduler.policy: [fifo] } }"
        let s = try sweep(text)
        let variant = try #require(s.variants.first?.scenario)
        #expect(variant.cluster.map(\.count) == plain.cluster.map(\.count))
        #expect(variant.workloads.map(\.jobs) == plain.workloads.map(\.jobs))
        #expect(variant.scheduler == plain.scheduler)
        #expect(variant.run == plain.run)
        #expect(variant.contentHash == (try ConfigDocument.parse(text: text, file: "s.yaml").contentHash), "results record the file's own hash")
    }

    @Test func valuesKeepTheirUnitsAndMissingKeysAreAdded() throws {
        let s = try sweep(base + """
            sweep:
              axes:
                run.horizon: [90m, 1d]
            """)
        #expect(s.variants.map(\.scenario.run.horizon) == [SimTime.minute.scaled(by: 90), SimTime.day])
        #expect(s.variants.map { $0.settings.map(\.value) } == [["90m"], ["1d"]])
    }

    @Test func aWholeMappingCanBeAValue() throws {
        let s = try sweep(base, set: ["cluster.nodes[1]={type: DGX-H100, count: 3},{type: DGX-A100, count: 1}"])
        #expect(s.variants.map { $0.scenario.cluster[1].count } == [3, 1])
        #expect(s.variants[0].settings == [SweepSetting(path: "cluster.nodes[1]", value: "{type: DGX-H100, count: 3}")])
    }

    @Test func commandLineAxesFollowAndReplaceTheFilesAxes() throws {
        let yaml = base + "sweep:\n  axes:\n    scheduler.policy: [fifo, sjf]\n    cluster.nodes[0].count: [2, 3]"
        let s = try sweep(yaml, set: ["scheduler.policy=las"], combine: .cross)
        #expect(s.axes.map(\.path.description) == ["cluster.nodes[0].count", "scheduler.policy"])
        #expect(s.variants.map(\.scenario.scheduler.policy) == ["las", "las"])
    }

    @Test func aScenarioWithoutASweepIsOneVariant() throws {
        let s = try sweep(base)
        #expect(s.axes.isEmpty && s.variants.count == 1 && s.variants[0].label == nil)
    }

    @Test func setSplitsOnTopLevelCommasOnly() {
        #expect(SweepAxis.splitTopLevelCommas("a,[b,c],{d: e, f: g},\"h,i\"") == ["a", "[b,c]", "{d: e, f: g}", "\"h,i\""])
    }

    @Test func sectionOptions() throws {
        let s = try sweep(base + "sweep: { axes: { scheduler.policy: [fifo, sjf] }, replications: 3, metrics: [jobs.jct.mean] }")
        #expect(s.section.replications == 3)
        #expect(s.section.metrics == ["jobs.jct.mean"])
        #expect(s.section.combination == .cross)
    }
}

@Suite struct SweepErrorTests {
    /// Each failure names the file (and line where there is one), the key path and what is wrong.
    @Test(arguments: [
        // Bad path syntax: at the axis key.
        ("sweep:\n  axes:\n    cluster..count: [1]", [String](), ["s.yaml:14:5", "a key is missing"]),
        // Index out of range.
        ("sweep:\n  axes:\n    cluster.nodes[5].count: [1, 2]", [], ["s.yaml:14:5", "cluster.nodes[5].count", "index 5 is out of range: 'cluster.nodes' has 2 entries (indices 0–1)"]),
        // A list where a mapping is, and the reverse.
        ("sweep:\n  axes:\n    cluster.nodes.count: [1]", [], ["'cluster.nodes' is a list, not a mapping"]),
        ("sweep:\n  axes:\n    scheduler[0]: [1]", [], ["'scheduler' is a mapping, not a list"]),
        ("sweep:\n  axes:\n    scheduler.policy.name: [x]", [], ["'scheduler.policy' is 'fifo', not a mapping"]),
        // Wrong type: the scenario's own check, at the sweep value, with the variant.
        ("sweep:\n  axes:\n    cluster.nodes[0].count: [2, abc]", [],
         ["s.yaml:14:33", "cluster.nodes[0].count: expected", "found 'abc'", "sweep variant 2 of 2: cluster.nodes[0].count=abc"]),
        // Unknown key inside a mapping value.
        ("sweep:\n  axes:\n    cluster.nodes[0]: [{type: DGX-A100, cuont: 2}]", [],
         ["unknown key 'cuont' in cluster.nodes[0]", "did you mean 'count'", "sweep variant 1 of 1"]),
        // A misspelt key is added, then rejected by the scenario's key check.
        ("sweep:\n  axes:\n    schedular.policy: [sjf]", [], ["unknown key 'schedular'", "did you mean 'scheduler'"]),
        // Semantic checks of the whole scenario run per variant.
        ("sweep:\n  axes:\n    cluster.nodes[0].count: [2, 1]\n    cluster.nodes[1].count: [0, 1]", [], ["s.yaml:15:30: cluster.nodes[1].count: expected an integer from 1", "found '0'"]),
        ("sweep:\n  axes:\n    scheduler.policy: [sjf, fifoo]", [], ["unknown scheduling policy 'fifoo'", "did you mean 'fifo'"]),
        // Section structure.
        ("sweep:\n  axes:\n    scheduler.policy: []", [], ["one or more values"]),
        ("sweep:\n  axes:\n    scheduler.policy: fifo", [], ["expected a list"]),
        ("sweep:\n  axes: {}", [], ["at least one axis"]),
        ("sweep:\n  axes:\n    scheduler.policy: [fifo, fifo]", [], ["listed twice"]),
        ("sweep:\n  combine: product\n  axes:\n    scheduler.policy: [fifo]", [], ["unknown combination 'product'"]),
        ("sweep:\n  axes:\n    sweep.combine: [zip]", [], ["cannot change the sweep"]),
        ("sweep:\n  axs:\n    scheduler.policy: [fifo]", [], ["unknown key 'axs'", "did you mean 'axes'"]),
        ("sweep:\n  combine: zip\n  axes:\n    scheduler.policy: [fifo, sjf]\n    cluster.nodes[0].count: [1]", [],
         ["every axis needs the same number of values", "scheduler.policy has 2, cluster.nodes[0].count has 1"]),
        // Command-line axes.
        ("", ["scheduler.policy"], ["--set", "expected key.path=value1,value2"]),
        ("", ["scheduler.policy=fifo,,sjf"], ["--set:1:23", "an empty value"]),
        ("", ["scheduler.policy=fifo,sjff"], ["--set:1:23: scheduler.policy: unknown scheduling policy 'sjff'", "did you mean 'sjf'"]),
        ("", ["cluster.nodes[9].count=1"], ["cluster.nodes[9].count", "index 9 is out of range"]),
        ("", ["cluster.nodes[0]={type: [DGX"], ["--set", "invalid YAML"]),
        ("", ["a..b=1"], ["--set", "cannot read the key path 'a..b'"]),
    ])
    func errorsNameWhereAndWhat(sweepText: String, set: [String], expected: [String]) {
        let message = failure(base + sweepText, set: set)
        for part in expected { #expect(message.contains(part), "missing '\(part)' in: \(message)") }
    }

    /// A problem shared by several variants is reported once, with how many had it.
    @Test func aProblemInEveryVariantIsReportedOnce() {
        let broken = base.replacingOccurrences(of: "gpus: 16", with: "gpus: 64")
        let message = failure(broken + "sweep: { axes: { scheduler.policy: [fifo, sjf, las] } }")
        #expect(message.contains("needs 64 GPUs"), "\(message)")
        #expect(message.contains("in sweep variant 1 of 3 and 2 more"), "\(message)")
        #expect(message.components(separatedBy: "needs 64 GPUs").count == 2, "once: \(message)")
    }

    /// Without a sweep, a scenario's errors read exactly as `Scenario.load` gives them.
    @Test func withoutASweepErrorsAreThePlainOnes() {
        let broken = base.replacingOccurrences(of: "gpus: 16", with: "gpus: 64")
        let plain: String
        do { _ = try Scenario.parse(try ConfigDocument.parse(text: broken, file: "s.yaml")); plain = "" } catch { plain = "\(error)" }
        #expect(plain.contains("needs 64 GPUs"))
        #expect(failure(broken) == plain)
    }

    @Test func crossProductsAreBounded() {
        let values = "[" + (1...101).map(String.init).joined(separator: ", ") + "]"
        let message = failure(base + "sweep:\n  axes:\n    run.seed: \(values)\n    cluster.nodes[0].count: \(values)")
        #expect(message.contains("more than 10000 variants"), "\(message)")
    }

    @Test func plainLoadingPointsToOrrerySweep() {
        let message: String
        do { _ = try Scenario.parse(try ConfigDocument.parse(text: base + "sweep: { axes: { scheduler.policy: [sjf] } }", file: "s.yaml")); message = "" }
        catch { message = "\(error)" }
        #expect(message.contains("s.yaml:12:8: sweep:"), "\(message)")
        #expect(message.contains("orrery sweep"), "\(message)")
    }
}
