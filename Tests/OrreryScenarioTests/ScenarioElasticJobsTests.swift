import Foundation
import Testing
import OrreryKernel
import OrreryScheduling
@testable import OrreryScenario

/// Elastic jobs in scenarios: `min-gpus`/`max-gpus` (inline) and `min_gpus`/`max_gpus`
/// (CSV), jobs' own `serial-fraction`/`serial_fraction`, their validation,
/// `scheduler.serial-fraction` and a run under `elastic`.
@Suite struct ScenarioElasticJobsTests {
    private func load(_ yaml: String, files: [String: String] = [:]) throws -> Scenario {
        let directory = try scratchDirectory(files.merging(["s.yaml": yaml]) { a, _ in a })
        return try Scenario.load(path: directory + "/s.yaml")
    }

    private func failure(_ yaml: String, files: [String: String] = [:]) -> String? {
        do { _ = try load(yaml, files: files); return nil } catch { return "\(error)" }
    }

    @Test func inlineRangeIsReadAndRunsUnderElastic() throws {
        let s = try load(
            """
            cluster: { nodes: [ { type: DGX-A100, count: 1 } ] }
            workloads:
              - kind: jobs
                jobs:
                  - { id: a, gpus: 8, min-gpus: 2, max-gpus: 8, duration: 100s }
                  - { id: b, gpus: 4, submit: 10s, duration: 20s }
            scheduler: { policy: elastic, serial-fraction: 0, preemption: { restart-cost: 0s } }
            """)
        #expect(s.workloads[0].jobs[0].sizeRange == 2...8)
        #expect(s.workloads[0].jobs[1].isElastic == false)
        #expect(s.scheduler.serialFraction == 0)
        let prepared = s.prepare()
        prepared.simulation.run(until: prepared.horizon)
        let outcomes = prepared.jobs.outcomes
        // a shrinks to 4 at 10 s (half speed), b runs 10–30: a has done 10 + 20·0.5 = 20 s of
        // work by 30, regrows to 8 and does the other 80 by 110.
        #expect(outcomes.map { $0.end?.seconds } == [110, 30])
    }

    @Test func badRangesNameTheirKey() {
        func jobs(_ job: String, scheduler: String = "{ policy: elastic }") -> String {
            """
            cluster: { nodes: [ { type: DGX-A100, count: 1 } ] }
            workloads:
              - { kind: jobs, jobs: [ \(job) ] }
            scheduler: \(scheduler)
            """
        }
        let low = failure(jobs("{ gpus: 4, min-gpus: 6, duration: 1h }"))
        #expect(low?.contains("min-gpus") == true)
        #expect(low?.contains("expected min-gpus ≤ gpus (4), found 6") == true)
        let high = failure(jobs("{ gpus: 4, max-gpus: 2, duration: 1h }"))
        #expect(high?.contains("expected max-gpus ≥ gpus (4), found 2") == true)
        let shared = failure(jobs("{ gpus: 1, gpu-milli: 500, max-gpus: 2, duration: 1h }"))
        #expect(shared?.contains("holds whole GPUs") == true)
        let own = failure(jobs("{ gpus: 2, max-gpus: 4, serial-fraction: -0.1, duration: 1h }"))
        #expect(own?.contains("workloads[0].jobs[0].serial-fraction") == true, "\(own ?? "")")
        #expect(own?.contains("expected a serial fraction from 0 to 1") == true)
        let curve = failure(jobs("{ gpus: 1, duration: 1h }", scheduler: "{ policy: elastic, serial-fraction: 1.5 }"))
        #expect(curve?.contains("scheduler.serial-fraction") == true)
        #expect(curve?.contains("expected a serial fraction from 0 to 1") == true)
    }

    /// A job's own serial fraction overrides the policy's: the run of
    /// `inlineRangeIsReadAndRunsUnderElastic` with the policy at s = 0.05 and job a at
    /// s = 0 ends exactly as there (linear scaling).
    @Test func jobsOwnSerialFractionOverridesThePolicys() throws {
        let s = try load(
            """
            cluster: { nodes: [ { type: DGX-A100, count: 1 } ] }
            workloads:
              - kind: jobs
                jobs:
                  - { id: a, gpus: 8, min-gpus: 2, max-gpus: 8, serial-fraction: 0, duration: 100s }
                  - { id: b, gpus: 4, submit: 10s, duration: 20s }
            scheduler: { policy: elastic, serial-fraction: 0.05, preemption: { restart-cost: 0s } }
            """)
        #expect(s.workloads[0].jobs.map(\.serialFraction) == [0, nil])
        let prepared = s.prepare()
        prepared.simulation.run(until: prepared.horizon)
        #expect(prepared.jobs.outcomes.map { $0.end?.seconds } == [110, 30])
    }

    @Test func csvCarriesRangesBothWaysAndChecksThem() throws {
        let jobs = [
            JobSpec(id: "a", gpus: 4, submit: .zero, duration: .seconds(60), minGPUs: 2, maxGPUs: 8),
            JobSpec(id: "b", gpus: 8, submit: .seconds(5), duration: .seconds(90)),
        ]
        let text = JobTraceCSV.write(jobs)
        #expect(text.hasPrefix("id,tenant,user,gpus,submit,duration,gpu_type,priority,min_gpus,max_gpus\n"))
        var skipped: [ScenarioError] = []
        let (read, _) = try JobTraceCSV.parse(text, file: "t.csv", idPrefix: "w", skipBadRows: false, skipped: &skipped)
        #expect(read == jobs)
        #expect(!JobTraceCSV.write([jobs[1]]).contains("min_gpus"))
        var scaled = jobs
        scaled[0].serialFraction = 0.125
        let withCurve = JobTraceCSV.write(scaled)
        #expect(withCurve.hasPrefix("id,tenant,user,gpus,submit,duration,gpu_type,priority,min_gpus,max_gpus,serial_fraction\n"))
        #expect(try JobTraceCSV.parse(withCurve, file: "t.csv", idPrefix: "w", skipBadRows: false, skipped: &skipped).0 == scaled)
        let badCurve = #expect(throws: ScenarioError.self) {
            try JobTraceCSV.parse("gpus,duration,serial_fraction\n2,60,2\n", file: "c.csv", idPrefix: "w", skipBadRows: false, skipped: &skipped)
        }
        #expect(badCurve.map { "\($0)" }?.contains("c.csv:2") == true)
        #expect(badCurve.map { "\($0)" }?.contains("column 'serial_fraction': expected a number from 0 to 1") == true)
        let bad = "gpus,duration,min_gpus\n2,60,1\n2,60,3\n"
        let error = #expect(throws: ScenarioError.self) {
            try JobTraceCSV.parse(bad, file: "t.csv", idPrefix: "w", skipBadRows: false, skipped: &skipped)
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("t.csv:3"))
        #expect(message.contains("column 'min_gpus': expected at most gpus (2), found 3"))
    }
}
