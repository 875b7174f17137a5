import Foundation
import Testing
import OrreryKernel
@testable import OrreryScheduling

/// Hand-made fixtures in the published formats of Microsoft Philly's `cluster_job_log`,
/// Helios' `cluster_log.csv`, Acme's `trace_kalos.csv` and Alibaba PAI 2020's job and
/// task tables (Tests/Fixtures/traces; formats and sources in docs/scheduling.md and
/// docs/data.md). Expected values are worked out by hand in each test.
func traceFixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/traces/\(name)").path
}

@Suite struct PhillyJobLogTests {
    /// Kept: 10001 (2 GPUs on one machine, 05:44:43–06:44:43: 1 h), 10002 (8 GPUs in its
    /// first attempt; attempts of 10 min and 1 h: 4,200 s; submitted 326 s after the first
    /// job) and 10005 (1 GPU, zero-length run: 1 s; submitted 09:00:00, 11,726 s after).
    /// Left out: 10003 (no attempt) and 10004 (its attempt has no end).
    @Test func readsJobsAttemptsAndGPUs() throws {
        let trace = try TraceFormat.phillyJobLog.load(path: traceFixture("philly-cluster_job_log.json"), idPrefix: "p")
        #expect(trace.jobs.map(\.id) == ["application_1506638472019_10001", "application_1506638472019_10002", "application_1506638472019_10005"])
        #expect(trace.jobs.map(\.tenant) == ["6214e9", "ee9e8c", "ee9e8c"])
        #expect(trace.jobs.map(\.user) == ["a1b2c3", "d4e5f6", "0f9e8d"])
        #expect(trace.jobs.map(\.gpus) == [2, 8, 1])
        #expect(trace.jobs.map(\.submit) == [.zero, .seconds(326), .seconds(11_726)])
        #expect(trace.jobs.map(\.duration) == [.seconds(3600), .seconds(4200), .seconds(1)])
        #expect(trace.locations.map(\.line) == [2, 16, 53])
        #expect(trace.skipped.map(\.reason) == ["never started", "unfinished (an attempt has no end_time)"])
    }

    @Test func badTimeNamesTheLine() throws {
        let text = try String(contentsOfFile: traceFixture("philly-cluster_job_log.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"2017-10-03 05:50:00\"", with: "\"yesterday\"")
        #expect(throws: TraceError(file: "log.json", line: 32, message: "'submitted_time': expected a time such as 2017-10-03 05:44:34, found 'yesterday'")) {
            try TraceFormat.phillyJobLog.parse(text, file: "log.json", idPrefix: "p")
        }
        let skipped = try TraceFormat.phillyJobLog.parse(text, file: "log.json", idPrefix: "p", skipBadRows: true)
        #expect(skipped.jobs.count == 2 && skipped.badRows.map(\.line) == [32])
    }

    @Test func brokenJSONNamesTheLine() {
        #expect(throws: TraceError(file: "log.json", line: 3, message: "invalid JSON: expected ',' or '}' in an object")) {
            try TraceFormat.phillyJobLog.parse("[\n  {\"jobid\": \"a\"\n   \"vc\": \"b\"}\n]", file: "log.json", idPrefix: "p")
        }
        #expect(throws: TraceError(file: "log.json", line: 1, message: "expected a JSON array of jobs (Philly's cluster_job_log)")) {
            try TraceFormat.phillyJobLog.parse("{}", file: "log.json", idPrefix: "p")
        }
    }
}

@Suite struct HeliosAcmeTraceTests {
    /// Helios: 1425511 (1 GPU, 36,848 s, vcJkd), 1425512 (4 GPUs, 249 s, 26 s after) and
    /// 1425514 (16 GPUs, one day, 539 s after); 1425513 is CPU-only, 1425515 never ran.
    @Test func readsHeliosWithVirtualClusters() throws {
        let trace = try TraceFormat.helios.load(path: traceFixture("helios-cluster_log.csv"), idPrefix: "h")
        #expect(trace.jobs.map(\.id) == ["1425511", "1425512", "1425514"])
        #expect(trace.jobs.map(\.tenant) == ["vcJkd", "vchbv", "vchbv"])
        #expect(trace.jobs.map(\.user) == ["uXBbc", "uVMrF", "uVMrF"])
        #expect(trace.jobs.map(\.gpus) == [1, 4, 16])
        #expect(trace.jobs.map(\.submit) == [.zero, .seconds(26), .seconds(539)])
        #expect(trace.jobs.map(\.duration) == [.seconds(36_848), .seconds(249), .seconds(86_400)])
        #expect(trace.skipped.map(\.reason) == ["CPU job (gpu_num = 0)", "never started"])
    }

    /// Acme (Kalos columns, UTC offsets): a0003 was submitted at 19:00:00+08:00 = 11:00:00
    /// UTC, 58 s before a0001 (11:00:58 UTC), so it comes first at 0; a0002 follows at
    /// 1,722 s. Runs: 8 s, 70 s, 1 h. No virtual clusters: tenant `default`.
    @Test func readsAcmeWithTimeZones() throws {
        let trace = try TraceFormat.acme.load(path: traceFixture("acme-trace_kalos.csv"), idPrefix: "a")
        #expect(trace.jobs.map(\.id) == ["dlc00000000a0001", "dlc00000000a0002", "dlc00000000a0003"])
        #expect(trace.jobs.map(\.submit) == [.seconds(58), .seconds(1722), .zero])
        #expect(trace.jobs.map(\.duration) == [.seconds(8), .seconds(70), .seconds(3600)])
        #expect(trace.jobs.map(\.gpus) == [64, 64, 1])
        #expect(Set(trace.jobs.map(\.tenant)) == ["default"])
    }

    @Test func badTimestampNamesFileLineAndField() {
        let text = "job_id,user,gpu_num,submit_time,start_time,end_time\n1,u,2,2023-13-01 00:00:00,2023-01-01 00:00:00,2023-01-01 00:01:00\n"
        #expect(throws: TraceError(file: "t.csv", line: 2, message: "field 'submit_time': expected a timestamp such as 2020-06-09 18:41:01 (optionally with +08:00), found '2023-13-01 00:00:00'")) {
            try TraceFormat.helios.parse(text, file: "t.csv", idPrefix: "h")
        }
        #expect(throws: TraceError(file: "t.csv", line: 1, message: "missing column 'gpu_num' in the header (found: job_id,user,submit_time,start_time,end_time)")) {
            try TraceFormat.helios.parse("job_id,user,submit_time,start_time,end_time\n", file: "t.csv", idPrefix: "h")
        }
    }

    /// Leap years, offsets and fractions, against known epoch seconds.
    @Test func timestampsByHand() {
        #expect(TraceTimestamp.seconds("1970-01-01 00:00:00") == 0)
        #expect(TraceTimestamp.seconds("2000-03-01 00:00:00") == 951_868_800)
        #expect(TraceTimestamp.seconds("2020-02-29T12:00:00Z") == 1_582_977_600)
        #expect(TraceTimestamp.seconds("2023-03-01 00:18:22+08:00") == 1_677_601_102)
        #expect(TraceTimestamp.seconds("2023-03-01 00:18:22.5-0130") == 1_677_635_302.5)
        #expect(TraceTimestamp.seconds("2021-02-29 00:00:00") == nil)
        #expect(TraceTimestamp.seconds("2023-03-01 00:18") == nil)
        #expect(TraceTimestamp.seconds("2023-03-01 00:18:22 extra") == nil)
        #expect(TraceTimestamp.seconds("9999-01-01 00:00:00") == nil)
    }
}

@Suite struct AlibabaPAITraceTests {
    /// 4b3f…: workers 2 × 100 % + a CPU-only PS = 2 GPUs, tasks 4,550,885–4,551,410 (525 s);
    /// a1b2… (Failed, still ran): 8 GPUs, 1,739,160–1,741,990 (2,830 s). Submit times
    /// shift so the earliest kept one (a1b2…, 1,739,150) is 0. Left out: 4f05… (50 % of a
    /// GPU), b2c3… (no GPU), c3d4… (still running).
    @Test func joinsJobsAndTasks() throws {
        let trace = try TraceFormat.alibabaPAI.load(path: traceFixture("alibaba-pai-2020"), idPrefix: "pai")
        #expect(trace.jobs.map(\.id) == ["4b3f04b66a525d2df903eb16", "a1b2c3d4e5f60718293a4b5c"])
        #expect(trace.jobs.map(\.gpus) == [2, 8])
        #expect(trace.jobs.map(\.submit) == [.seconds(2_811_729), .zero])
        #expect(trace.jobs.map(\.duration) == [.seconds(525), .seconds(2830)])
        #expect(trace.jobs.map(\.user) == ["58540f191766", "d2d3b77d342e"])
        #expect(trace.locations.map(\.line) == [1, 3])
        #expect(trace.skipped.map(\.reason) == [
            "fractional GPU (plan_gpu not a multiple of 100)", "no GPU (plan_gpu = 0)", "unfinished (a task is running, waiting or has no times)",
        ])
        // The job table's own path finds the task table beside it.
        let byFile = try TraceFormat.alibabaPAI.load(path: traceFixture("alibaba-pai-2020/pai_job_table.csv"), idPrefix: "pai")
        #expect(byFile.jobs == trace.jobs)
    }

    @Test func headerLinesAreAcceptedAndBadRowsNamed() throws {
        let jobs = "job_name,inst_id,user,status,start_time,end_time\nj1,i1,u1,Terminated,100.0,200.0\n"
        let tasks = "job_name,task_name,inst_num,status,start_time,end_time,plan_cpu,plan_mem,plan_gpu,gpu_type\nj1,worker,1.0,Terminated,110.0,190.0,600.0,29.3,abc,V100\n"
        #expect(throws: TraceError(file: "t.csv", line: 2, message: "field 'plan_gpu': expected a number from 0 to 9.2e9, found 'abc'")) {
            try AlibabaPAITrace.parse(jobs: jobs, jobFile: "j.csv", tasks: tasks, taskFile: "t.csv")
        }
        let fixed = try AlibabaPAITrace.parse(jobs: jobs, jobFile: "j.csv", tasks: tasks.replacingOccurrences(of: "abc", with: "400.0"), taskFile: "t.csv")
        #expect(fixed.jobs.map(\.gpus) == [4] && fixed.jobs.map(\.duration) == [.seconds(80)])
    }

    @Test func missingTaskTableIsAnError() {
        #expect(throws: TraceError.self) {
            try TraceFormat.alibabaPAI.load(path: traceFixture("helios-cluster_log.csv"), idPrefix: "pai")
        }
    }
}
