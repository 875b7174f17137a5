import Foundation
import OrreryKernel
import OrreryResults
import Testing

@Suite struct StoreRoundTripTests {
    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory() }

    @Test func everyTableReadsBackWhatWasWritten() throws {
        let directory = scratch.path
        let path = directory + "/nested/dirs/run.sqlite"
        try Fixture.writeRun(into: ResultsStore.create(at: path))
        let reader = try ResultsReader(path: path)

        let runs = try reader.runs()
        #expect(runs == [RunRow(runID: 1, info: Fixture.runInfo, status: .completed, outcome: Fixture.outcome)])

        let jobs = try reader.jobs(run: 1)
        #expect(jobs.map(\.jobID) == ["j0", "j1", "j2"])
        #expect(Set(jobs.map(\.jobID)) == Set(Fixture.jobs.map(\.jobID)))
        for job in Fixture.jobs { #expect(jobs.contains(job)) }
        #expect(try reader.jobs(run: 1, order: .submit).map(\.jobID) == ["j1", "j0", "j2"])

        let sortedMetrics = Fixture.metrics.sorted { $0.name < $1.name }
        #expect(try reader.metrics(run: 1) == sortedMetrics)

        #expect(try reader.series(run: 1) == [
            SeriesInfo(name: "gpus.busy", unit: "gpus", description: "GPUs allocated to jobs"),
            SeriesInfo(name: "queue.length", unit: "jobs", description: "Jobs waiting"),
        ])
        let busy = try reader.samples(run: 1, series: "gpus.busy")
        #expect(busy.count == 10)
        #expect(busy.last == Sample(time: seconds(9), value: 72))
        #expect(try reader.samples(run: 1, series: "nonexistent").isEmpty)
    }

    @Test func derivedJobColumnsAreStored() throws {
        let directory = scratch.path
        let path = directory + "/run.sqlite"
        try Fixture.writeRun(into: ResultsStore.create(at: path))
        let dump = try ResultsReader(path: path).tableDump("jobs")
        // run_id|job_id|tenant|gpus|submit_ns|start_ns|end_ns|queue_ns|jct_ns|status|placement
        #expect(dump == [
            "1|'j1'|'teamA'|8|0|1000000000|5000000000|1000000000|5000000000|'completed'|'node0'",
            "1|'j0'|'teamB'|16|1000000|2000000000|NULL|1999000000|NULL|'running'|'node1,node2'",
            "1|'j2'|'teamA'|1|1000000|NULL|NULL|NULL|NULL|'queued'|''",
        ])
    }

    @Test func schemaVersionIsRecordedTwice() throws {
        let directory = scratch.path
        let path = directory + "/run.sqlite"
        _ = try ResultsStore.create(at: path)
        let reader = try ResultsReader(path: path)
        #expect(try reader.tableDump("meta") == ["'schema_version'|'4'", "'generator'|'orrery'"])
        let db = try SQLiteDatabase(path: path, mode: .readOnly)
        let query = try db.prepare("PRAGMA user_version")
        #expect(try query.step())
        #expect(query.int64(at: 0) == 4)
        let mode = try db.prepare("PRAGMA journal_mode")
        #expect(try mode.step())
        #expect(mode.text(at: 0) == "delete")
    }

    @Test func largeSeedsSurviveAsBitPatterns() throws {
        let directory = scratch.path
        let path = directory + "/run.sqlite"
        var info = Fixture.runInfo
        info.seed = UInt64.max - 1
        info.horizon = nil
        let store = try ResultsStore.create(at: path)
        try store.beginRun(info)
        let reader = try ResultsReader(path: path)
        let run = try #require(try reader.runs().first)
        #expect(run.info == info)
        #expect(run.status == .running)
        #expect(run.outcome == nil)
        #expect(try reader.tableDump("runs").first?.contains("|-2|0|") == true, "seed stored as Int64 bit pattern")
    }

    @Test func upsertsReplaceJobsAndMetrics() throws {
        let directory = scratch.path
        let path = directory + "/run.sqlite"
        let store = try ResultsStore.create(at: path)
        try store.beginRun(Fixture.runInfo)
        var job = JobRecord(
            jobID: "j", tenant: "t", gpus: 4, submit: .zero, start: nil, end: nil, status: "queued", placement: "")
        try store.recordJob(job)
        job.start = .second
        job.end = .minute
        job.status = "completed"
        try store.recordJob(job)
        try store.recordMetric("m", value: 1, unit: "s")
        try store.recordMetric("m", value: 2, unit: "s")
        try store.finishRun(Fixture.outcome)

        let reader = try ResultsReader(path: path)
        #expect(try reader.jobs(run: 1) == [job])
        #expect(try reader.metrics(run: 1) == [Metric(name: "m", value: 2, unit: "s")])
    }

    @Test func runsAppendWhenNotReplacing() throws {
        let directory = scratch.path
        let path = directory + "/runs.sqlite"
        try Fixture.writeRun(into: ResultsStore.create(at: path))
        var second = Fixture.runInfo
        second.runIndex = 1
        second.seed = 43
        try Fixture.writeRun(into: ResultsStore.create(at: path, replacing: false), info: second)

        let reader = try ResultsReader(path: path)
        #expect(try reader.runs().map(\.runID) == [1, 2])
        #expect(try reader.runs().map(\.info.seed) == [42, 43])
        #expect(try reader.metrics(run: 2).count == Fixture.metrics.count)
        #expect(try reader.samples(run: 2, series: "gpus.busy").count == 10)

        try Fixture.writeRun(into: ResultsStore.create(at: path))
        #expect(try ResultsReader(path: path).runs().map(\.runID) == [1], "replacing starts a fresh file")
    }

    @Test func severalRunsInOneStoreKeepSeparateSeries() throws {
        let directory = scratch.path
        let path = directory + "/runs.sqlite"
        let store = try ResultsStore.create(at: path)
        try Fixture.writeRun(into: store)
        try Fixture.writeRun(into: store)  // redeclaring the series is fine in a new run
        #expect(try ResultsReader(path: path).series(run: 2).count == 2)
    }

    @Test func wallClockTimestampsAreISO8601UTC() {
        let timestamp = WallClock.timestamp(Date(timeIntervalSince1970: 1_738_324_800.25))
        #expect(timestamp == "2025-01-31T12:00:00.250Z")
    }
}
