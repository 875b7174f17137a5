import OrreryKernel
import Foundation
import OrreryResults
import Testing

@Suite struct BaselineFileTests {
    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory() }

    static let baseline = Baseline(
        scenario: "Scenarios/quickstart.yaml", seed: 42,
        metrics: [
            "jobs.jct.mean": .init(value: 1234.5, unit: "s", relative: 0.01, absolute: 0),
            "cluster.utilization": .init(value: 0.75, unit: "fraction", relative: 0, absolute: 0.02),
        ])

    static let expectedFile = """
        {
          "format" : 1,
          "metrics" : {
            "cluster.utilization" : {
              "absolute" : 0.02,
              "relative" : 0,
              "unit" : "fraction",
              "value" : 0.75
            },
            "jobs.jct.mean" : {
              "absolute" : 0,
              "relative" : 0.01,
              "unit" : "s",
              "value" : 1234.5
            }
          },
          "scenario" : "Scenarios/quickstart.yaml",
          "seed" : 42
        }

        """

    @Test func writesStableSortedJSONAndReadsItBack() throws {
        let directory = scratch.path
        let path = directory + "/baselines/quickstart.json"
        try Self.baseline.write(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == Self.expectedFile)
        #expect(try Baseline.load(path: path) == Self.baseline)

        try Baseline.load(path: path).write(to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text, "rewriting changes nothing")
    }

    @Test func makeAppliesOneToleranceToEveryMetric() throws {
        let made = try Baseline.make(
            from: [Metric(name: "a", value: -2, unit: "s"), Metric(name: "b", value: 3, unit: "jobs")],
            scenario: "s.yaml", seed: UInt64.max, relative: 0.05, absolute: 0.5)
        #expect(made.format == Baseline.currentFormat)
        #expect(made.seed == UInt64.max)
        #expect(made.metrics["a"] == .init(value: -2, unit: "s", relative: 0.05, absolute: 0.5))
        #expect(made.metrics["b"]?.unit == "jobs")
        #expect(made.metrics["a"]?.band == 0.5)
        #expect(made.metrics.count == 2)
    }

    @Test func makeRejectsWhatJSONCannotHoldOrTolerancesThatMakeNoSense() {
        #expect(throws: BaselineError.invalidMetric(path: nil, metric: "x", reason: "value nan is not finite")) {
            try Baseline.make(from: [Metric(name: "x", value: .nan, unit: "s")], scenario: "", seed: 0, relative: 0, absolute: 0)
        }
        #expect(throws: BaselineError.self) {
            try Baseline.make(from: [Metric(name: "x", value: 1, unit: "s")], scenario: "", seed: 0, relative: -0.1, absolute: 0)
        }
        #expect(throws: BaselineError.self) {
            try Baseline.make(from: [Metric(name: "x", value: 1, unit: "s")], scenario: "", seed: 0, relative: 0, absolute: .infinity)
        }
    }

    @Test func missingFileIsReported() throws {
        let directory = scratch.path
        let path = directory + "/nope.json"
        #expect(throws: BaselineError.fileNotFound(path: path)) { try Baseline.load(path: path) }
    }

    @Test func invalidJSONIsReported() throws {
        let error = #expect(throws: BaselineError.self) {
            try Baseline.decode(Data("{ \"format\": 1, ".utf8), path: "b.json")
        }
        guard case let .malformed(path, codingPath, _)? = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
        #expect(path == "b.json")
        #expect(codingPath == "/")
    }

    @Test func wrongShapeNamesTheCodingPath() {
        let json = """
            { "format": 1, "scenario": "s.yaml", "seed": 1,
              "metrics": { "jobs.jct.mean": { "value": 1, "unit": "s", "relative": "lots", "absolute": 0 } } }
            """
        let error = #expect(throws: BaselineError.self) { try Baseline.decode(Data(json.utf8), path: "b.json") }
        guard case let .malformed(_, codingPath, reason)? = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
        #expect(codingPath == "/metrics/jobs.jct.mean/relative")
        #expect(reason.contains("Double"))
        #expect(error?.description.contains("/metrics/jobs.jct.mean/relative") == true)

        let missing = #"{ "format": 1, "scenario": "s.yaml", "metrics": {} }"#
        #expect(throws: BaselineError.malformed(path: "b.json", codingPath: "/seed", reason: "missing key 'seed'")) {
            try Baseline.decode(Data(missing.utf8), path: "b.json")
        }
    }

    @Test func otherFormatVersionsAreRejectedBeforeTheirShapeIsChecked() {
        let future = #"{ "format": 2, "everything": "different" }"#
        #expect(throws: BaselineError.unsupportedFormat(path: "b.json", found: 2, supported: 1)) {
            try Baseline.decode(Data(future.utf8), path: "b.json")
        }
        let unversioned = #"{ "scenario": "s.yaml", "seed": 1, "metrics": {} }"#
        #expect(throws: BaselineError.malformed(path: "b.json", codingPath: "/format", reason: "missing key 'format'")) {
            try Baseline.decode(Data(unversioned.utf8), path: "b.json")
        }
    }

    @Test func negativeTolerancesAreRejected() {
        let json = """
            { "format": 1, "scenario": "s.yaml", "seed": 1,
              "metrics": { "m": { "value": 1, "unit": "s", "relative": 0.1, "absolute": -1 } } }
            """
        let error = #expect(throws: BaselineError.self) { try Baseline.decode(Data(json.utf8), path: "b.json") }
        guard case let .invalidMetric(path, metric, reason)? = error else {
            Issue.record("expected invalidMetric, got \(String(describing: error))")
            return
        }
        #expect(path == "b.json")
        #expect(metric == "m")
        #expect(reason.contains("absolute tolerance -1.0"))
    }

    @Test func unwritablePathIsReported() throws {
        let directory = scratch.path
        let blocker = directory + "/blocker"
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data()))
        let path = blocker + "/b.json"
        let error = #expect(throws: BaselineError.self) { try Self.baseline.write(to: path) }
        guard case .unwritable(path, _)? = error else {
            Issue.record("expected unwritable, got \(String(describing: error))")
            return
        }
    }
}
