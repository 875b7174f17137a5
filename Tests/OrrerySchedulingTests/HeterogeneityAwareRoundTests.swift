import Testing
import OrreryKernel
@testable import OrreryScheduling

/// Hand-computed runs of Gavel's round-based mechanism (`gavel-max-min`).
@Suite struct HeterogeneityAwareRoundTests {
    /// One V100 and one P100 GPU (Gavel's throughputs under `run-time: gavel`).
    static let mixed = ClusterState(nodes: [
        SchedulerNode(name: "v", gpuType: "V100M16", gpus: 1, cpuMilli: 1, memoryMiB: 1),
        SchedulerNode(name: "p", gpuType: "P100", gpus: 1, cpuMilli: 1, memoryMiB: 1),
    ])
    static let resnet = "ResNet-50 (batch size 16)"
    static let transformer = "Transformer (batch size 256)"
    /// ResNet-50's V100 / P100 speed-up (Gavel: 17.374 / 8.108 steps/s).
    static let resnetSpeedup = 17.37438936466519 / 8.108348261420462

    func typed(_ id: String, _ jobType: String, at submit: Double, for duration: Double) -> JobSpec {
        JobSpec(id: id, gpus: 1, submit: .seconds(submit), duration: .seconds(duration), jobType: jobType)
    }

    func run(
        _ jobs: [JobSpec], cluster: ClusterState, aware: Bool = true, restartCost: Double = 0,
        runTime: any RunTimeModel = GavelThroughputRunTime()
    ) -> RigidJobsModel {
        let sim = Simulation(seed: 1)
        let policy = HeterogeneityAwareRoundScheduler(
            heterogeneityAware: aware, runTime: runTime, preemption: PreemptionSettings(restartCost: .seconds(restartCost)))
        let model = RigidJobsModel(simulation: sim, cluster: cluster, jobs: jobs, policy: policy)
        model.runTimeModel = runTime
        sim.run()
        return model
    }

    /// Two equal 720 s jobs on one GPU share it half and half, a round (360 s) at a time:
    /// a 0–360, b 360–1080 (at 720 both have had half, and the tie keeps b where it
    /// runs), a again 1080–1440.
    @Test func roundsTimeSliceOneGPU() {
        let cluster = ClusterState(nodes: [SchedulerNode(name: "v", gpuType: "V100M16", gpus: 1, cpuMilli: 1, memoryMiB: 1)])
        let jobs = [job("a", 1, at: 0, for: 720), job("b", 1, at: 0, for: 720)]
        let model = run(jobs, cluster: cluster, runTime: TraceRunTime())
        #expect(model.outcomes.map { [$0.start?.seconds, $0.end?.seconds] } == [[0, 1440], [360, 1080]])
        #expect(model.outcomes.map(\.preemptions) == [1, 0])
    }

    /// ResNet-50 gains 2.14× from the V100, Transformer (batch 256) nothing: the aware
    /// allocation gives ResNet the V100 and Transformer the P100 for good (both end at
    /// 3,600 s, no preemption). The agnostic one sees two equal jobs, gives each half of
    /// each type and swaps them every round, so ResNet spends half its time at P100 speed.
    @Test func awareAllocationKeepsEachJobOnItsBestType() {
        let jobs = [typed("r", Self.resnet, at: 0, for: 3600), typed("t", Self.transformer, at: 0, for: 3600)]
        let aware = run(jobs, cluster: Self.mixed)
        #expect(aware.outcomes.map { $0.end?.seconds } == [3600, 3600])
        #expect(aware.outcomes.map(\.placement) == ["v[0]", "p[0]"])
        #expect(aware.preemptionCount == 0)
        let agnostic = run(jobs, cluster: Self.mixed, aware: false)
        #expect((agnostic.outcomes[0].end?.seconds ?? 0) > 4000)
        #expect(agnostic.outcomes[1].end?.seconds == 3600)
        #expect(agnostic.preemptionCount > 4)
    }

    /// Two ResNet-50 jobs (a: 10,000 s, c: 300 s of V100 time) share both types half and
    /// half. a takes the V100 at 0, c the P100; at 360 they swap (each paying the 30 s
    /// restart), c finishes on the V100 at 390 + 300 − 360/s (s = the speed-up). a, alone,
    /// is then allotted the V100 entirely and moves there at the next round (720, another
    /// 30 s), having made 360 + 330/s; it ends at 750 + 10,000 − that.
    @Test func jobsMigrateBetweenTypesKeepingTheirProgress() throws {
        let jobs = [typed("a", Self.resnet, at: 0, for: 10_000), typed("c", Self.resnet, at: 0, for: 300)]
        let model = run(jobs, cluster: Self.mixed, restartCost: 30)
        let s = Self.resnetSpeedup
        let aEnd = try #require(model.outcomes[0].end?.seconds), cEnd = try #require(model.outcomes[1].end?.seconds)
        #expect(abs(cEnd - (390 + 300 - 360 / s)) < 1e-6)
        #expect(abs(aEnd - (750 + 10_000 - (360 + 330 / s))) < 1e-6)
        #expect(model.outcomes.map(\.preemptions) == [2, 1])
        #expect(abs(model.lostGPUSeconds - 90) < 1e-9)
        #expect(model.outcomes[0].placement == "v[0]")
    }

    /// A 2-GPU job whose host demand (1,000 milli-cores per GPU) the two V100 nodes cannot
    /// give (one has 100) runs across the V100 and the P100 once nothing else runs; a job
    /// no combination can hold stays queued, and the run still ends (no endless rounds).
    @Test func jobsThatNoTypeHoldsRunAcrossTypesAndRunsEnd() {
        let cluster = ClusterState(nodes: [
            SchedulerNode(name: "v1", gpuType: "V100M16", gpus: 1, cpuMilli: 1000, memoryMiB: 1),
            SchedulerNode(name: "v2", gpuType: "V100M16", gpus: 1, cpuMilli: 100, memoryMiB: 1),
            SchedulerNode(name: "p", gpuType: "P100", gpus: 1, cpuMilli: 1000, memoryMiB: 1),
        ])
        let across = JobSpec(id: "x", gpus: 2, submit: .zero, duration: .seconds(1000), cpuMilli: 2000)
        let never = JobSpec(id: "n", gpus: 2, submit: .zero, duration: .seconds(1000), cpuMilli: 4000)
        let model = run([across, never], cluster: cluster, runTime: TraceRunTime())
        #expect(model.outcomes[0].end?.seconds == 1000)
        #expect(model.outcomes[0].placement == "v1[0],p[0]")
        #expect(model.outcomes[1].state == .queued)
    }
}

/// Gavel's headline result in small (Narayanan et al., OSDI'20, §7: heterogeneity-aware
/// max-min fairness lowers JCT against the agnostic policy on the same mechanism): one
/// virtual cluster of the bundled Philly-derived slice (`103959`, 75 jobs) on every 16th
/// V100/P100 node of the openb cluster (40 GPUs: 20 V100, 20 P100), 1-hour rounds,
/// 30 s restarts, Gavel's throughputs. Debug build: about a second.
@Suite struct GavelPhillyTests {
    static let traces = FragmentationInflationTests.repository.appendingPathComponent("Scenarios/traces")

    @Test func heterogeneityAwareAllocationBeatsTheAgnosticOne() throws {
        let nodes = try NodeListFormat.alibabaOpenb.load(
            path: Self.traces.appendingPathComponent("alibaba-openb-2023/openb_node_list_gpu_node-v100-p100-every8th.csv").path
        ).nodes
        let cluster = ClusterState(nodes: stride(from: 0, to: nodes.count, by: 2).map { nodes[$0] })
        let jobs = try TraceFormat.gavelPhilly.load(
            path: Self.traces.appendingPathComponent("philly-gavel-14d/103959.trace").path, idPrefix: "philly"
        ).jobs
        func metrics(aware: Bool) -> [String: Double] {
            let sim = Simulation(seed: 1)
            let policy = HeterogeneityAwareRoundScheduler(
                heterogeneityAware: aware, runTime: GavelThroughputRunTime(), preemption: PreemptionSettings(restartCost: .seconds(30)),
                roundLength: .seconds(3600))
            let model = RigidJobsModel(simulation: sim, cluster: cluster, jobs: jobs, policy: policy)
            model.runTimeModel = GavelThroughputRunTime()
            sim.run()
            return Dictionary(model.metrics(end: sim.now).map { ($0.name, $0.value) }) { a, _ in a }
        }
        let aware = metrics(aware: true), agnostic = metrics(aware: false)
        #expect(aware["jobs.finished"] == 75 && agnostic["jobs.finished"] == 75)
        let awareJCT = try #require(aware["jobs.jct.mean"]), agnosticJCT = try #require(agnostic["jobs.jct.mean"])
        let awareFTF = try #require(aware["jobs.ftf.mean"]), agnosticFTF = try #require(agnostic["jobs.ftf.mean"])
        // Measured: mean JCT 100,666 s vs 170,861 s; mean ρ 1.08 vs 1.65.
        #expect(awareJCT < 0.8 * agnosticJCT, "mean JCT \(awareJCT) vs \(agnosticJCT)")
        #expect(awareFTF < agnosticFTF, "mean ρ \(awareFTF) vs \(agnosticFTF)")
        #expect((aware["jobs.preemptions"] ?? 0) > 0)
    }
}
