import Foundation
import Testing
import OrreryKernel
import OrreryScheduling
@testable import OrreryScenario

private func load(_ yaml: String, files: [String: String] = [:]) throws -> Scenario {
    let directory = try scratchDirectory(files.merging(["s.yaml": yaml]) { a, _ in a })
    return try Scenario.load(path: directory + "/s.yaml")
}

/// The first error's text, or nil if the scenario loaded.
private func failure(_ yaml: String, files: [String: String] = [:]) -> String? {
    do { _ = try load(yaml, files: files); return nil } catch { return "\(error)" }
}

/// Runs a scenario to the end and returns its jobs' outcomes by id.
private func run(_ scenario: Scenario) -> [String: JobOutcome] {
    let prepared = scenario.prepare()
    prepared.simulation.run(until: prepared.horizon)
    return Dictionary(uniqueKeysWithValues: prepared.jobs.outcomes.map { ($0.spec.id, $0) })
}

private let nodeList = """
    sn,cpu_milli,memory_mib,gpu,model
    openb-node-0000,64000,262144,2,P100
    openb-node-0001,32000,131072,0,
    openb-node-0002,96000,393216,8,G2
    """

private let pods = """
    name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time
    p0,4000,8192,1,500,,LS,Running,0,100,0
    p1,4000,8192,1,500,,LS,Running,0,100,0
    p2,4000,8192,1,600,,BE,Running,10,110,10
    """

@Suite struct ScenarioNodeListTests {
    @Test func openbNodeListDefinesTheClusterAndSharesRun() throws {
        let s = try load(
            """
            cluster: { node-list: { format: alibaba-openb, path: nodes.csv } }
            workloads:
              - { kind: jobs, name: openb, trace: { format: alibaba-openb, path: pods.csv } }
            scheduler: { policy: fifo, placement: consolidate }
            """, files: ["nodes.csv": nodeList, "pods.csv": pods])
        #expect(s.cluster.isEmpty)
        #expect(s.schedulerNodes.map(\.name) == ["openb-node-0000", "openb-node-0002"])
        #expect(s.schedulerNodes.map(\.gpus) == [2, 8])
        let outcomes = run(s)
        // Two 500-milli shares fill one GPU of the first node; the 600 share cannot join them.
        #expect(outcomes["p0"]?.placement == "openb-node-0000[0:500m]")
        #expect(outcomes["p1"]?.placement == "openb-node-0000[0:500m]")
        #expect(outcomes["p2"]?.placement == "openb-node-0000[1:600m]")
        #expect(outcomes.values.allSatisfy { $0.state == .finished && $0.queueingDelay == .zero })
        let metrics = Dictionary(uniqueKeysWithValues: s.prepare().jobs.metrics(end: .zero).map { ($0.name, $0.unit) })
        #expect(metrics["gpu.fragmented.mean"] == "GPUs")
    }

    @Test func badNodeListNamesFileAndLine() {
        // A GPU count that is not a number, and one above the 64 a node may hold.
        for count in ["eight", "72"] {
            let bad = nodeList.replacingOccurrences(of: "96000,393216,8,G2", with: "96000,393216,\(count),G2")
            let message = failure(
                """
                cluster: { node-list: { format: alibaba-openb, path: nodes.csv } }
                workloads:
                  - { kind: jobs, jobs: [ { gpus: 1, duration: 1h } ] }
                """, files: ["nodes.csv": bad])
            #expect(message?.contains("nodes.csv:4:1") == true, "\(count)")
            #expect(message?.contains("field 'gpu': expected a whole number from 0 to 64, found '\(count)'") == true, "\(count)")
        }
        let format = failure(
            """
            cluster: { node-list: { format: alibaba, path: nodes.csv } }
            workloads:
              - { kind: jobs, jobs: [ { gpus: 1, duration: 1h } ] }
            """, files: ["nodes.csv": nodeList])
        #expect(format?.contains("cluster.node-list.format: unknown node-list format 'alibaba' (available: alibaba-openb)") == true)
    }

    @Test func aShareNoNodeCanHostIsReported() {
        let greedy = pods.replacingOccurrences(of: "p2,4000,8192", with: "p2,400000,8192")
        let message = failure(
            """
            cluster: { node-list: { format: alibaba-openb, path: nodes.csv } }
            workloads:
              - { kind: jobs, trace: { format: alibaba-openb, path: pods.csv } }
            """, files: ["nodes.csv": nodeList, "pods.csv": greedy])
        #expect(message?.contains("job 'p2' shares a GPU and needs 400000 milli-cores") == true)
    }
}

@Suite struct ScenarioGPUShareTests {
    @Test func inlineSharesPackOntoOneGPU() throws {
        let s = try load(
            """
            cluster: { nodes: [ { type: DGX-A100, count: 1 } ] }
            workloads:
              - kind: jobs
                jobs:
                  - { id: a, gpus: 1, gpu-milli: 500, cpu-milli: 4000, memory-mib: 8192, duration: 1h }
                  - { id: b, gpus: 1, gpu-milli: 500, duration: 1h }
            """)
        #expect(s.workloads[0].jobs[0].request == ResourceRequest(gpus: 1, gpuMilli: 500, cpuMilli: 4000, memoryMiB: 8192))
        let outcomes = run(s)
        #expect(outcomes["a"]?.placement == "DGX-A100#0[0:500m]")
        #expect(outcomes["b"]?.placement == "DGX-A100#0[0:500m]")
        let message = failure(
            """
            cluster: { nodes: [ { type: DGX-A100, count: 1 } ] }
            workloads:
              - { kind: jobs, jobs: [ { gpus: 2, gpu-milli: 500, duration: 1h } ] }
            """)
        #expect(message?.contains("workloads[0].jobs[0].gpu-milli: a GPU share (500 < 1000) needs gpus: 1, found 2") == true)
    }

    @Test func csvCarriesSharesBothWays() throws {
        let jobs = [
            JobSpec(id: "a", gpus: 1, submit: .zero, duration: .seconds(60), gpuMilli: 470, cpuMilli: 6000, memoryMiB: 12288),
            JobSpec(id: "b", gpus: 8, submit: .seconds(5), duration: .seconds(90)),
        ]
        let text = JobTraceCSV.write(jobs)
        #expect(text.hasPrefix("id,tenant,user,gpus,submit,duration,gpu_type,priority,gpu_milli,cpu_milli,memory_mib\n"))
        var skipped: [ScenarioError] = []
        let (read, _) = try JobTraceCSV.parse(text, file: "t.csv", idPrefix: "w", skipBadRows: false, skipped: &skipped)
        #expect(read == jobs)
        #expect(!JobTraceCSV.write([jobs[1]]).contains("gpu_milli"))
        let bad = "gpus,duration,gpu_milli\n2,60,300\n"
        #expect(throws: ScenarioError.self) { try JobTraceCSV.parse(bad, file: "t.csv", idPrefix: "w", skipBadRows: false, skipped: &skipped) }
    }
}

@Suite struct ScenarioRunTimeTests {
    /// 2 DGX-A100 nodes, leaves of one node: a 16-GPU job spans 2 nodes and 2 leaves, so it
    /// runs 1 h × (1 + 0.5 + 0.25) = 1.75 h; an 8-GPU job stays on one node: 1 h.
    @Test func placementSlowdownStretchesSpreadJobs() throws {
        let s = try load(
            """
            cluster: { nodes: [ { type: DGX-A100, count: 2 } ] }
            workloads:
              - kind: jobs
                jobs:
                  - { id: wide, gpus: 16, duration: 1h }
                  - { id: narrow, gpus: 8, submit: 2h, duration: 1h }
            scheduler:
              nodes-per-leaf: 1
              run-time: { model: placement, per-extra-node: 0.5, per-extra-leaf: 0.25 }
            """)
        #expect(s.scheduler.runTime == .placement(perExtraNode: 0.5, perExtraLeaf: 0.25))
        let outcomes = run(s)
        #expect(outcomes["wide"]?.end == .seconds(1.75 * 3600))
        #expect(outcomes["narrow"]?.completionTime == .hour)
    }

    @Test func unknownRunTimeModelIsNamed() {
        let message = failure(
            """
            cluster: { nodes: [ { type: DGX-A100, count: 1 } ] }
            workloads:
              - { kind: jobs, jobs: [ { gpus: 1, duration: 1h } ] }
            scheduler: { run-time: placment }
            """)
        #expect(message?.contains("scheduler.run-time: unknown run-time model 'placment' (available: trace, placement, training, gpu-speed, gavel)") == true)
        #expect(message?.contains("did you mean 'placement'") == true)
    }

    /// `round-length` sets the round of `gavel-max-min`; below 1 s is refused with its key.
    @Test func roundLengthIsReadAndChecked() throws {
        let s = try load(
            """
            cluster: { nodes: [ { type: DGX-A100, count: 1 } ] }
            workloads:
              - { kind: jobs, jobs: [ { gpus: 1, duration: 1h } ] }
            scheduler: { policy: gavel-max-min, round-length: 10m }
            """)
        #expect(s.scheduler.roundLength == .seconds(600))
        let message = failure(
            """
            cluster: { nodes: [ { type: DGX-A100, count: 1 } ] }
            workloads:
              - { kind: jobs, jobs: [ { gpus: 1, duration: 1h } ] }
            scheduler: { policy: gavel-max-min, round-length: 0s }
            """)
        #expect(message?.contains("scheduler.round-length") == true)
        #expect(message?.contains("expected a round length of at least 1 s") == true)
        let slow = failure(
            """
            cluster: { nodes: [ { type: DGX-A100, count: 1 } ] }
            workloads:
              - { kind: jobs, jobs: [ { gpus: 1, duration: 1h } ] }
            scheduler: { policy: gavel-max-min, round-length: 5m, preemption: { restart-cost: 5m } }
            """)
        #expect(slow?.contains("scheduler.preemption.restart-cost") == true)
        #expect(slow?.contains("expected a restart cost shorter than the round") == true)
    }

    static let tinyLLM = "{ name: tiny, layers: 2, hidden: 256, heads: 4, vocabulary: 1000, sequence: 128 }"

    /// Jobs with `steps` run steps × the step time the training engine prices for their
    /// GPU count: twice the steps take twice as long, and the oracle duration matches.
    @Test func trainingRunTimeComesFromTheStepEngine() throws {
        let s = try load(
            """
            cluster: { nodes: [ { type: DGX-A100, count: 3 } ] }
            workloads:
              - kind: jobs
                jobs:
                  - { id: short, gpus: 8, steps: 100 }
                  - { id: long, gpus: 8, steps: 200 }
                  - { id: plain, gpus: 4, duration: 1h }
            scheduler:
              run-time: { model: training, llm: \(Self.tinyLLM), batch-per-replica: 4, tp: 4 }
            """)
        let durations = Dictionary(uniqueKeysWithValues: s.workloads[0].jobs.map { ($0.id, $0.duration) })
        let short = try #require(durations["short"])
        #expect(short > .zero)
        #expect(durations["long"] == short.times(2))
        #expect(durations["plain"] == .hour)
        let outcomes = run(s)
        #expect(outcomes["short"]?.completionTime == short)
        #expect(outcomes["long"]?.completionTime == short.times(2))
        #expect(outcomes["plain"]?.completionTime == .hour)
    }

    @Test func stepsNeedTheTrainingRunTime() {
        let message = failure(
            """
            cluster: { nodes: [ { type: DGX-A100, count: 1 } ] }
            workloads:
              - { kind: jobs, jobs: [ { id: s, gpus: 8, steps: 10 } ] }
            """)
        #expect(message?.contains("job 's' gives 'steps', which only 'scheduler.run-time: training' turns into a run time") == true)
    }

    /// A100 and H100 nodes; durations are on the A100. The fastest-type placement gives the
    /// first job the H100 (989 vs 312 dense BF16 TFLOP/s: 1 h × 312/989), the second the A100.
    @Test func gpuSpeedAndFastestTypePlacement() throws {
        let s = try load(
            """
            cluster: { nodes: [ { type: DGX-A100, count: 1 }, { type: DGX-H100, count: 1 } ] }
            workloads:
              - kind: jobs
                jobs:
                  - { id: first, gpus: 8, duration: 1h }
                  - { id: second, gpus: 8, duration: 1h }
            scheduler:
              placement: fastest-type
              run-time: { model: gpu-speed, reference: A100-80GB }
            """)
        let outcomes = run(s)
        #expect(outcomes["first"]?.placement == "DGX-H100#1[0-7]")
        #expect(outcomes["first"]?.completionTime == .seconds(3600 * 312 / 989))
        #expect(outcomes["second"]?.placement == "DGX-A100#0[0-7]")
        #expect(outcomes["second"]?.completionTime == .hour)
    }

    @Test func gpuSpeedNeedsASpeedForEveryType() {
        let message = failure(
            """
            cluster: { node-list: { format: alibaba-openb, path: nodes.csv } }
            workloads:
              - { kind: jobs, jobs: [ { gpus: 1, duration: 1h } ] }
            scheduler: { run-time: { model: gpu-speed, reference: G2, speeds: { G2: 2 } } }
            """, files: ["nodes.csv": nodeList])
        #expect(message?.contains("scheduler.run-time: no speed for GPU type p100: give them under 'speeds'") == true)
    }

    /// One V100 and one P100 node; the speed-up-aware placement gives the ResNet-50 job
    /// (2.14× on a V100) the V100 and the Transformer job (1.0×) the P100, where Gavel's
    /// throughputs price it: 100 s × 1.707/1.707.
    @Test func gavelRunTimeWithSpeedupAwarePlacement() throws {
        let nodes = """
            sn,cpu_milli,memory_mib,gpu,model
            v0,32000,131072,1,V100M16
            p0,32000,131072,1,P100
            """
        let s = try load(
            """
            cluster: { node-list: { format: alibaba-openb, path: nodes.csv } }
            workloads:
              - kind: jobs
                jobs:
                  - { id: resnet, gpus: 1, duration: 100s, job-type: ResNet-50 (batch size 16) }
                  - { id: transformer, gpus: 1, duration: 100s, job-type: Transformer (batch size 256) }
            scheduler: { placement: speedup-aware, run-time: gavel }
            """, files: ["nodes.csv": nodes])
        let outcomes = run(s)
        #expect(outcomes["resnet"]?.placement == "v0[0]")
        #expect(outcomes["resnet"]?.completionTime == .seconds(100))
        #expect(outcomes["transformer"]?.placement == "p0[0]")
        #expect(outcomes["transformer"]?.completionTime == .seconds(100))
        let message = failure(
            """
            cluster: { node-list: { format: alibaba-openb, path: nodes.csv } }
            workloads:
              - { kind: jobs, jobs: [ { gpus: 1, duration: 1h } ] }
            scheduler: { run-time: gavel }
            """, files: ["nodes.csv": nodeList])
        #expect(message?.contains("'run-time: gavel' has throughputs for V100 and P100 GPUs only; this cluster also has G2") == true)
    }
}
