import Foundation
import Testing
import OrreryKernel
import OrreryScheduling
@testable import OrreryScenario

/// Writes `files` into a fresh directory and returns its path.
func scratchDirectory(_ files: [String: String]) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-model-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (name, text) in files {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return directory.path
}

private func load(_ yaml: String, files: [String: String] = [:]) throws(ScenarioErrors) -> Scenario {
    let directory: String
    do { directory = try scratchDirectory(files.merging(["s.yaml": yaml]) { a, _ in a }) } catch {
        throw ScenarioErrors([ScenarioError(file: "?", message: "\(error)")])
    }
    return try Scenario.load(path: directory + "/s.yaml")
}

/// The first error's text, or nil if the scenario loaded.
private func failure(_ yaml: String, files: [String: String] = [:]) -> String? {
    do { _ = try load(yaml, files: files); return nil } catch { return error.description }
}

private let minimal = """
    name: t
    cluster:
      nodes:
        - { type: DGX-A100, count: 2 }
    workloads:
      - kind: jobs
        jobs:
          - { id: a, gpus: 8, duration: 1h }
    """

@Suite struct ScenarioModelTests {
    @Test func minimalScenarioLoadsWithDefaults() throws {
        let s = try load(minimal)
        #expect(s.name == "t")
        #expect(s.run == RunSettings(seed: 42, horizon: nil, output: nil))
        #expect(s.scheduler == SchedulerSettings(policy: "fifo", placement: "consolidate"))
        #expect(s.cluster.map(\.count) == [2])
        #expect(s.workloads[0].jobs == [JobSpec(id: "a", gpus: 8, submit: .zero, duration: .hour)])
        #expect(s.contentHash.count == 64)
    }

    @Test func overridesChangeCatalogueFields() throws {
        let s = try load("""
            cluster:
              nodes:
                - type: dgx-h100
                  count: 1
                  overrides: { gpus-per-node: 4, max-power: 8kW, gpu: { tdp: 500W, hbm-capacity: 96GiB } }
            workloads: [{ kind: jobs, jobs: [{ gpus: 4, duration: 10s }] }]
            """)
        let node = s.cluster[0].node
        #expect(node.gpusPerNode == 4)
        #expect(node.maxPowerWatts == 8000)
        #expect(node.gpu.tdpWatts == 500)
        #expect(node.gpu.hbmCapacityBytes == 96 << 30)
    }

    @Test func quickstartLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let s = try Scenario.load(path: root.appendingPathComponent("Scenarios/quickstart.yaml").path)
        #expect(s.workloads.map(\.jobs.count).reduce(0, +) > 3000)
    }

    @Test(arguments: [
        ("cluster:\n  nodes:\n    - { type: DGX-A100, cuont: 2 }\nworkloads: []", "did you mean 'count'?"),
        ("cluster:\n  nodes:\n    - { type: DGX-A1000, count: 2 }\nworkloads: []", "did you mean 'DGX-A100'?"),
        ("cluster:\n  nodes:\n    - { type: DGX-A100, count: -2 }\nworkloads: []", "cluster.nodes[0].count"),
        ("cluster:\n  nodes:\n    - { type: DGX-A100, count: 99999999999999999999 }\nworkloads: []", "cluster.nodes[0].count"),
        ("sweep: { a: 1 }\n" + minimal, "run it with 'orrery sweep'"),
        ("schedular: { policy: fifo }\n" + minimal, "did you mean 'scheduler'?"),
        (minimal + "\nscheduler: { policy: fifoo }", "did you mean 'fifo'?"),
        (minimal + "\nscheduler: { policy: las, preemption: { victims: newset } }", "did you mean 'newest'?"),
        (minimal + "\nscheduler: { quotas: { r: { gpus: -1 } } }", "scheduler.quotas.r.gpus"),
        (minimal + "\nscheduler: { quotas: { r: { each: { cpus: 1 } } } }", "unknown key 'cpus'"),
        (minimal + "\nscheduler: { policy: las, preemption: { restart-cost: -5s } }", "scheduler.preemption.restart-cost"),
        (minimal + "\nscheduler: { policy: las, preemption: { min-runtime: 5s } }", "unknown key 'min-runtime' in scheduler.preemption"),
        (minimal + "\nrun: { horizon: 30 }", "run.horizon"),
        (minimal + "\nrun: { seed: -1 }", "run.seed"),
        ("cluster:\n  nodes:\n    - { type: DGX-A100, count: 1, overrides: { gpu: { tdp: -5W } } }\nworkloads: []", "tdp"),
        ("cluster:\n  nodes:\n    - { type: DGX-A100, count: 1, overrides: { gpus-per-node: 72 } }\nworkloads: []", "has 72 GPUs per node; Orrery places jobs and replicas on nodes of at most 64 GPUs"),
    ])
    func structuralErrorsNameTheKeyAndSuggest(yaml: String, expected: String) throws {
        let message = try #require(failure(yaml))
        #expect(message.contains(expected), "\(message)")
        #expect(message.contains("s.yaml:"), "error names the file and line: \(message)")
    }

    @Test func preemptionSettingsAndPriorities() throws {
        let s = try load(
            """
            cluster: { nodes: [{ type: DGX-A100, count: 1 }] }
            workloads: [{ kind: jobs, jobs: [{ gpus: 1, duration: 1h, priority: 3 }] }]
            scheduler: { policy: priority, preemption: { victims: lowest-priority, minimum-runtime: 10m, restart-cost: 30s } }
            """)
        #expect(s.workloads[0].jobs[0].priority == 3)
        let expected = PreemptionSettings(victimOrder: .lowestPriority, minimumRuntime: .seconds(600), restartCost: .seconds(30))
        #expect(s.scheduler.preemption == expected)
    }

    @Test func hierarchicalQuotasAndUsers() throws {
        let s = try load(
            """
            cluster: { nodes: [{ type: DGX-A100, count: 1 }] }
            workloads: [{ kind: jobs, jobs: [{ gpus: 1, duration: 1h, tenant: r/v, user: alice }] }]
            scheduler:
              policy: drf
              quotas:
                r: { gpus: 6, v: { jobs: 2, each: { gpus: 2 } } }
            """)
        #expect(s.workloads[0].jobs[0].user == "alice")
        #expect(s.scheduler.quotas?.limits(along: ["r", "v", "alice"]).map(\.account) == ["r", "r/v", "r/v/alice"])
    }

    @Test func syntheticWorkloadsAreDrawnFromTheRunSeed() throws {
        let yaml = """
            cluster: { nodes: [{ type: DGX-A100, count: 1 }] }
            workloads:
              - kind: jobs
                name: s
                synthetic: { jobs: 50, from: { format: csv, path: t.csv }, load: 2 }
            """
        let s = try load(yaml, files: ["t.csv": "submit,duration,gpus\n0,60,1\n3600,120,2\n"])
        #expect(s.workloads[0].synthetic?.arrivalsPerHour == 2)
        let first = s.workloads[0].jobs(random: RandomStreams(masterSeed: 3))
        #expect(first.count == 50)
        #expect(first == s.workloads[0].jobs(random: RandomStreams(masterSeed: 3)))
        #expect(first != s.workloads[0].jobs(random: RandomStreams(masterSeed: 4)))
    }

    /// `offered-load` is relative to the cluster's GPUs (nodes listed and from a node list):
    /// twice the nodes, twice the rate. It sets the rate alone.
    @Test func offeredLoadIsRelativeToTheClustersGPUs() throws {
        func scenario(nodes: Int, synthetic: String) -> String {
            """
            cluster: { nodes: [{ type: DGX-A100, count: \(nodes) }] }
            workloads:
              - kind: jobs
                name: s
                synthetic: { jobs: 50, from: { format: csv, path: t.csv }, \(synthetic) }
            """
        }
        // 1 GPU × 1 h and 2 GPUs × 2 h: 2.5 GPU-hours a job on average.
        let files = ["t.csv": "submit,duration,gpus\n0,3600,1\n3600,7200,2\n"]
        let one = try load(scenario(nodes: 1, synthetic: "offered-load: 0.5"), files: files)
        #expect(one.workloads[0].synthetic?.arrivalsPerHour == 0.5 * 8 / 2.5)
        let two = try load(scenario(nodes: 2, synthetic: "offered-load: 0.5"), files: files)
        #expect(two.workloads[0].synthetic?.arrivalsPerHour == 0.5 * 16 / 2.5)
        let both = failure(scenario(nodes: 1, synthetic: "offered-load: 0.5, load: 2"), files: files)
        #expect(both?.contains("workloads[0].synthetic.offered-load") == true, "\(both ?? "loaded")")
        #expect(both?.contains("give either 'offered-load' or 'load', not both") == true, "\(both ?? "loaded")")
        let zero = failure(scenario(nodes: 1, synthetic: "offered-load: 0"), files: files)
        #expect(zero?.contains("expected an offered load > 0") == true, "\(zero ?? "loaded")")
    }

    /// A metrics window wider than the jobs' submit span would measure no job: an error
    /// at its key; one that keeps a job loads.
    @Test func aMetricsWindowThatMeasuresNoJobIsRejected() throws {
        func scenario(_ window: String) -> String {
            """
            cluster: { nodes: [{ type: DGX-A100, count: 1 }] }
            workloads:
              - kind: jobs
                jobs: [{ gpus: 1, duration: 1h }, { gpus: 1, duration: 1h, submit: 1d }, { gpus: 1, duration: 1h, submit: 2d }]
            scheduler: { policy: fifo, metrics-window: \(window) }
            """
        }
        let wide = failure(scenario("{ warm-up: 1d, cool-down: 1d12h }"))
        #expect(wide?.contains("scheduler.metrics-window") == true, "\(wide ?? "loaded")")
        #expect(wide?.contains("leave no job to measure") == true, "\(wide ?? "loaded")")
        #expect(try load(scenario("{ warm-up: 1d, cool-down: 1d }")).scheduler.warmUp == .seconds(86_400))
    }

    /// The top-level sections are read independently: the first problem of each comes
    /// out at once, in the document's order. The workloads wait for a cluster that reads.
    @Test func eachSectionsFirstProblemIsReportedTogether() throws {
        let yaml = """
            run: { seed: 1, horizon: 14x }
            cluster: { nodes: [{ type: DGX-A100, count: 1 }] }
            workloads: [{ kind: jobs, jobs: [{ gpus: 0, duration: 1h }] }]
            scheduler: { policy: fifo, quotas: { each: { gpus: -3 } } }
            failures: { gpu: { mtbf: soon } }
            """
        let thrown = #expect(throws: ScenarioErrors.self) { try load(yaml) }
        #expect(thrown?.errors.map(\.keyPath) == ["run.horizon", "workloads[0].jobs[0].gpus", "scheduler.quotas.each.gpus", "failures.gpu"])
        let brokenCluster = yaml.replacingOccurrences(of: "count: 1", with: "count: many")
        let dependent = #expect(throws: ScenarioErrors.self) { try load(brokenCluster) }
        #expect(dependent?.errors.map(\.keyPath) == ["run.horizon", "cluster.nodes[0].count", "scheduler.quotas.each.gpus", "failures.gpu"])
    }

    @Test func csvWriterRoundTrips() throws {
        let jobs = [
            JobSpec(id: "a,1", tenant: "r/v", gpus: 2, submit: .seconds(1.5), duration: .hour, gpuType: "H100-SXM", priority: 2, user: "al\"ice"),
            JobSpec(id: "b", gpus: 1, submit: .zero, duration: SimTime(nanoseconds: 1_250_000_000)),
        ]
        var skipped: [ScenarioError] = []
        let (back, _) = try JobTraceCSV.parse(JobTraceCSV.write(jobs), file: "x.csv", idPrefix: "w", skipped: &skipped)
        #expect(back == jobs)
    }

    @Test func csvSkipBadRowsWarns() throws {
        let s = try load(
            """
            cluster: { nodes: [{ type: DGX-A100, count: 1 }] }
            workloads: [{ kind: jobs, name: w, trace: { format: csv, path: t.csv, skip-bad-rows: true } }]
            """,
            files: ["t.csv": "gpus,duration\n1,60\nx,60\n2,-1\n"])
        #expect(s.workloads[0].jobs.count == 1)
        #expect(s.workloads[0].warnings.count == 1)
        #expect(s.workloads[0].warnings.first?.contains("skipped 2 malformed rows, first:") == true)
    }

    @Test func semanticErrorsAreAllReported() throws {
        let message = try #require(failure("""
            cluster:
              nodes:
                - { type: DGX-A100, count: 1 }
            workloads:
              - kind: jobs
                jobs:
                  - { id: big, gpus: 9, duration: 1h }
                  - { id: typed, gpus: 1, duration: 1h, gpu-type: B200 }
                  - { id: big, gpus: 1, duration: 1h }
            """))
        #expect(message.contains("s.yaml:7:"))
        #expect(message.contains("needs 9 GPUs but the cluster has only 8"))
        #expect(message.contains("GPU type 'B200'"))
        #expect(message.contains("duplicate job id 'big'"))
        #expect(message.contains("3 problems"))
    }

    @Test func csvTraceLoadsRelativeToTheScenario() throws {
        let s = try load(
            """
            cluster: { nodes: [{ type: DGX-A100, count: 1 }] }
            workloads: [{ kind: jobs, name: w, trace: { format: csv, path: traces/t.csv } }]
            """,
            files: ["traces/t.csv": "id,submit,duration,gpus,tenant\n\"x,1\",0,60,2,team-a\n# comment\n,10,1h,1,\n"])
        #expect(s.workloads[0].jobs == [
            JobSpec(id: "x,1", tenant: "team-a", gpus: 2, submit: .zero, duration: .minute),
            JobSpec(id: "w-1", tenant: "default", gpus: 1, submit: .seconds(10), duration: .hour),
        ])
    }

    @Test(arguments: [
        ("gpus,duration\n2,60\nx,60\n", "t.csv:3:1", "column 'gpus'"),
        ("gpus,duration\n2,-5\n", "t.csv:2:1", "column 'duration'"),
        ("gpus,duraton\n2,60\n", "t.csv:1:1", "did you mean 'duration'?"),
        ("gpus,duration\n2\n", "t.csv:2:1", "expected 2 fields"),
        ("", "t.csv", "the trace is empty"),
        ("gpus,duration\n\"2,60\n", "t.csv:2", "unterminated quoted field"),
        ("gpus,duration,submit\n1,60,1e300\n", "t.csv:2:1", "column 'submit'"),
    ])
    func csvErrorsNameFileAndLine(csv: String, place: String, expected: String) throws {
        let message = try #require(failure(
            """
            cluster: { nodes: [{ type: DGX-A100, count: 1 }] }
            workloads: [{ kind: jobs, trace: { format: csv, path: t.csv } }]
            """, files: ["t.csv": csv]))
        #expect(message.contains(place), "\(message)")
        #expect(message.contains(expected), "\(message)")
    }

    @Test func missingTraceIsAClearError() throws {
        let message = try #require(failure("""
            cluster: { nodes: [{ type: DGX-A100, count: 1 }] }
            workloads: [{ kind: jobs, trace: { format: csv, path: nowhere.csv } }]
            """))
        #expect(message.contains("cannot read the job trace 'nowhere.csv': no such file"))
        #expect(message.contains("workloads[0].trace.path"))
    }

    /// The prepared simulation is deterministic: two runs give identical outcomes.
    @Test func preparedRunsAreReproducible() throws {
        let s = try load(minimal + "\n      - { id: b, gpus: 16, duration: 2h, submit: 10min }\n      - { id: c, gpus: 4, duration: 30min, submit: 5min }\n")
        func outcome() -> ([JobOutcome], [Metric]) {
            let run = s.prepare()
            run.simulation.run(until: run.horizon)
            return (run.jobs.outcomes, run.metrics())
        }
        let (first, second) = (outcome(), outcome())
        #expect(first.0 == second.0)
        #expect(first.1 == second.1)
        // c (5 min, 4 GPUs) starts beside a; b (16 GPUs) waits for both.
        #expect(first.0.map(\.end) == [.hour, .hour.scaled(by: 3), .minute.scaled(by: 35)])
    }
}
