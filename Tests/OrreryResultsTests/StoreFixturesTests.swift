import Foundation
import OrreryKernel
import OrreryResults
import Testing

/// Shared fixtures for the store and baseline tests (named `*Tests.swift` to sit with them).

/// A fresh directory for one test, removed when the suite instance holding it goes away
/// (Swift Testing makes one instance per test).
///
/// Tests keep their bodies at function level rather than in a `withTemporaryDirectory { }`
/// closure: inside a closure, Swift 6.3.1 can give a `#expect(throws:)` closure and a later
/// closure of the same type the same symbol, so the wrong one runs.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("orrery-results-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// `n` whole seconds of simulated time.
func seconds(_ n: Int64) -> SimTime { SimTime(nanoseconds: n * 1_000_000_000) }

enum Fixture {
    static let runInfo = RunInfo(
        scenarioName: "quickstart", scenarioPath: "Scenarios/quickstart.yaml",
        scenarioSHA256: String(repeating: "ab", count: 32), seed: 42, runIndex: 0,
        orreryVersion: "0.1.0-test", startedAt: "2025-01-31T12:00:00.000Z", horizon: .hour)

    static let outcome = RunOutcome(
        status: .completed, endedAt: "2025-01-31T12:00:01.500Z", simulatedEnd: SimTime.minute.scaled(by: 50),
        eventsExecuted: 12_345, eventsCancelled: 67, wallSeconds: 1.5)

    static let jobs = [
        JobRecord(
            jobID: "j1", tenant: "teamA", gpus: 8, submit: .zero, start: .second, end: seconds(5),
            status: "completed", placement: "node0"),
        JobRecord(
            jobID: "j0", tenant: "teamB", gpus: 16, submit: .millisecond, start: seconds(2), end: nil,
            status: "running", placement: "node1,node2"),
        JobRecord(
            jobID: "j2", tenant: "teamA", gpus: 1, submit: .millisecond, start: nil, end: nil,
            status: "queued", placement: ""),
    ]

    static let metrics = [
        Metric(name: "jobs.jct.mean", value: 5.0, unit: "s"),
        Metric(name: "cluster.utilization", value: 0.625, unit: "fraction"),
        Metric(name: "jobs.completed", value: 1, unit: "jobs"),
    ]

    /// Writes one complete run with every kind of row into `store`.
    static func writeRun(into store: ResultsStore, info: RunInfo = runInfo) throws {
        try store.beginRun(info)
        try store.declareSeries("gpus.busy", unit: "gpus", description: "GPUs allocated to jobs")
        try store.declareSeries("queue.length", unit: "jobs", description: "Jobs waiting")
        for job in jobs { try store.recordJob(job) }
        for step in 0..<10 {
            let time = SimTime.second.scaled(by: Int64(step))
            try store.recordSample(series: "gpus.busy", time: time, value: Double(step * 8))
            try store.recordSample(series: "queue.length", time: time, value: Double(10 - step))
        }
        for metric in metrics { try store.recordMetric(metric.name, value: metric.value, unit: metric.unit) }
        try store.finishRun(outcome)
    }
}

@Suite struct FixtureTests {
    @Test func temporaryDirectoryIsRemoved() throws {
        var scratch: TemporaryDirectory? = try TemporaryDirectory()
        let path = try #require(scratch?.path)
        #expect(FileManager.default.fileExists(atPath: path))
        scratch = nil
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
