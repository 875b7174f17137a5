import Foundation
import OrreryKernel
import OrreryResults
import Testing

@Suite struct StoreDurabilityTests {
    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory() }

    @Test func fullBatchesAreVisibleToAnotherConnectionBeforeTheRunEnds() throws {
        let directory = scratch.path
        let path = directory + "/run.sqlite"
        let store = try ResultsStore.create(at: path)
        #expect(store.batchSize == ResultsStore.defaultBatchSize)
        try store.beginRun(Fixture.runInfo)
        try store.declareSeries("s", unit: "x", description: "")
        try store.flush()
        let extra = 100
        for i in 0..<(store.batchSize + extra) {
            try store.recordSample(series: "s", time: SimTime(nanoseconds: Int64(i)), value: Double(i))
        }

        let live = try ResultsReader(path: path)
        #expect(try live.samples(run: 1, series: "s").count == store.batchSize)
        #expect(try live.runs().first?.status == .running)

        try store.finishRun(Fixture.outcome)
        #expect(try live.samples(run: 1, series: "s").count == store.batchSize + extra)
    }

    @Test func flushCommitsThePartialBatch() throws {
        let directory = scratch.path
        let path = directory + "/run.sqlite"
        let store = try ResultsStore.create(at: path, batchSize: 1_000)
        try store.beginRun(Fixture.runInfo)
        try store.recordMetric("m", value: 1, unit: "u")
        let reader = try ResultsReader(path: path)
        #expect(try reader.metrics(run: 1).isEmpty)
        try store.flush()
        #expect(try reader.metrics(run: 1).count == 1)
    }

    @Test func interruptedRunKeepsEverythingRecorded() throws {
        let directory = scratch.path
        let path = directory + "/run.sqlite"
        let store = try ResultsStore.create(at: path, batchSize: 7)
        try store.beginRun(Fixture.runInfo)
        try store.declareSeries("s", unit: "x", description: "")
        for i in 0..<20 { try store.recordSample(series: "s", time: seconds(Int64(i)), value: 1) }
        for job in Fixture.jobs { try store.recordJob(job) }
        var outcome = Fixture.outcome
        outcome.status = .interrupted
        try store.finishRun(outcome)

        let reader = try ResultsReader(path: path)
        #expect(try reader.runs().first?.status == .interrupted)
        #expect(try reader.runs().first?.outcome == outcome)
        #expect(try reader.samples(run: 1, series: "s").count == 20)
        #expect(try reader.jobs(run: 1).count == Fixture.jobs.count)
    }

    /// A copy of the file and its journal taken mid-batch is exactly what a hard kill leaves.
    @Test func hardKillLosesOnlyTheOpenBatch() throws {
        let directory = scratch.path
        let path = directory + "/run.sqlite"
        let killed = directory + "/killed.sqlite"
        let store = try ResultsStore.create(at: path, batchSize: 10)
        try store.beginRun(Fixture.runInfo)
        try store.declareSeries("s", unit: "x", description: "")
        for i in 0..<25 { try store.recordSample(series: "s", time: seconds(Int64(i)), value: 1) }
        // 26 rows: two batches of 10 committed, 6 rows open.
        #expect(FileManager.default.fileExists(atPath: path + "-journal"))
        try FileManager.default.copyItem(atPath: path, toPath: killed)
        try FileManager.default.copyItem(atPath: path + "-journal", toPath: killed + "-journal")

        let reader = try ResultsReader(path: killed)
        #expect(try reader.runs().first?.status == .running)
        #expect(try reader.samples(run: 1, series: "s").count == 19)
        #expect(try reader.tableDump("series").count == 1)
    }

    /// When a batch outgrows SQLite's page cache, or the kill lands mid-commit, the database
    /// file itself is half-written and the journal is hot: the reader must roll it back.
    @Test func hardKillMidWriteIsRolledBackByTheReader() throws {
        let path = scratch.path + "/run.sqlite"
        let killed = scratch.path + "/killed.sqlite"
        try Fixture.writeRun(into: ResultsStore.create(at: path))
        let expected = try ResultsReader(path: path).tableDump("timeseries")

        let writer = try SQLiteDatabase(path: path, mode: .readWrite)
        try writer.execute("PRAGMA cache_size = 1")  // force the open transaction to spill
        try writer.begin()
        let insert = try writer.prepare("INSERT INTO timeseries(run_id, series, t_ns, value) VALUES (1, 'gpus.busy', ?1, 0)")
        for t in 0..<20_000 {
            try insert.bind(Int64(t), at: 1)
            try insert.run()
        }
        try FileManager.default.copyItem(atPath: path, toPath: killed)
        try FileManager.default.copyItem(atPath: path + "-journal", toPath: killed + "-journal")
        try writer.rollback()

        let error = #expect(throws: ResultsError.self) {
            try SQLiteDatabase(path: killed, mode: .readOnly).execute("SELECT count(*) FROM runs")
        }
        #expect(error?.description.contains("776") == true, "SQLITE_READONLY_ROLLBACK: the journal is hot")

        let reader = try ResultsReader(path: killed)
        #expect(!FileManager.default.fileExists(atPath: killed + "-journal"), "hot journal rolled back")
        #expect(try reader.tableDump("timeseries") == expected)
        #expect(try reader.runs().first?.status == .completed)
    }

    @Test func releasingTheStoreCommitsTheOpenBatch() throws {
        let directory = scratch.path
        let path = directory + "/run.sqlite"
        do {
            let store = try ResultsStore.create(at: path)
            try store.beginRun(Fixture.runInfo)
            try store.recordMetric("m", value: 3, unit: "u")
        }
        let reader = try ResultsReader(path: path)
        #expect(try reader.metrics(run: 1) == [Metric(name: "m", value: 3, unit: "u")])
        #expect(try reader.runs().first?.status == .running)
    }
}
