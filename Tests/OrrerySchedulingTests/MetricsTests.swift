import Testing
import OrreryKernel
import OrreryHardware
@testable import OrreryScheduling

@Suite struct FairnessMetricsTests {
    /// The FIFO example of SchedulingTests with tenants: a (t1, 8 GPUs, 0–100 s),
    /// b (t2, 16 GPUs, submitted 10 s, 100–150 s), c (t2, 4 GPUs, submitted 20 s, 150–160 s).
    private func run(until horizon: SimTime = .max) -> (RigidJobsModel, Simulation) {
        let sim = Simulation(seed: 1)
        let model = RigidJobsModel(
            simulation: sim,
            cluster: ClusterState(groups: [NodeGroup(node: HardwareCatalogue.builtIn.node(named: "DGX-A100")!, count: 2)]),
            jobs: [
                JobSpec(id: "a", tenant: "t1", gpus: 8, submit: .zero, duration: .seconds(100)),
                JobSpec(id: "b", tenant: "t2", gpus: 16, submit: .seconds(10), duration: .seconds(50)),
                JobSpec(id: "c", tenant: "t2", gpus: 4, submit: .seconds(20), duration: .seconds(10)),
            ], policy: FIFOScheduler())
        sim.run(until: horizon)
        return (model, sim)
    }

    @Test func tenantGPUHoursJainAndBoundedSlowdown() {
        let (model, _) = run()
        // t1: 8 × 100 = 800 GPU-s; t2: 16 × 50 + 4 × 10 = 840 GPU-s.
        #expect(model.tenantGPUSeconds(until: .seconds(160)).map(\.tenant) == ["t1", "t2"])
        #expect(model.tenantGPUSeconds(until: .seconds(160)).map(\.seconds) == [800, 840])
        let tenants = model.metrics(end: .seconds(160)).filter { $0.name.hasSuffix(".gpu-hours") }
        #expect(tenants.map(\.name) == ["tenants.t1.gpu-hours", "tenants.t2.gpu-hours"])
        #expect(tenants.map(\.value) == [800.0 / 3600, 840.0 / 3600])
        let metrics = Dictionary(uniqueKeysWithValues: model.metrics(end: .seconds(160)).map { ($0.name, $0.value) })
        // Jain: (800 + 840)² / (2 × (800² + 840²)).
        let squares: Double = 800 * 800 + 840 * 840
        let jain: Double = 1640 * 1640 / (2 * squares)
        #expect(abs(metrics["tenants.jain"]! - jain) < 1e-12)
        // Bounded slowdown: a 100/100 = 1; b 140/50 = 2.8; c 140/max(10, 10 s) = 14.
        let bsld: Double = (1 + 2.8 + 14) / 3
        #expect(abs(metrics["jobs.bsld.mean"]! - bsld) < 1e-12)
    }

    /// At 120 s: a done (800 GPU-s), b has run 20 s (320 GPU-s), c not started.
    @Test func runningJobsCountUpToTheEnd() {
        let (model, sim) = run(until: .seconds(120))
        #expect(sim.now == .seconds(120))
        #expect(model.tenantGPUSeconds(until: sim.now).map(\.seconds) == [800, 320])
    }

    @Test func jainIndexBounds() {
        #expect(RigidJobsModel.jainIndex([]) == nil)
        #expect(RigidJobsModel.jainIndex([0, 0]) == nil)
        #expect(RigidJobsModel.jainIndex([5, 5, 5]) == 1)
        #expect(RigidJobsModel.jainIndex([1, 0]) == 0.5)
        #expect(RigidJobsModel.jainIndex([3, 0, 0, 0]) == 0.25)
    }

    /// A 2 s job that waited 2 s has slowdown 4 but bounded slowdown max(1, 4/10) = 1.
    @Test func shortJobsAreBounded() {
        let outcome = JobOutcome(
            spec: JobSpec(id: "s", gpus: 1, submit: .zero, duration: .seconds(2)), state: .finished,
            start: .seconds(2), end: .seconds(4), placement: "")
        #expect(RigidJobsModel.boundedSlowdownMean([outcome]) == 1)
        #expect(RigidJobsModel.boundedSlowdownMean([]) == nil)
    }
}

@Suite struct FinishTimeFairnessTests {
    /// One node (C = 8). a and b (8 GPUs, 100 s) both arrive at 0; FIFO runs a 0–100, b
    /// 100–200. Two jobs are active on [0, 100), one on [100, 200). a: N̄ = 2, alone on
    /// half the cluster it would take 200 s → ρ = 100/200. b: N̄ = 300/200 = 1.5 → 150 s
    /// → ρ = 200/150.
    @Test func rhoAgainstAnEqualShare() {
        let sim = Simulation(seed: 1)
        let model = RigidJobsModel(
            simulation: sim, cluster: policyCluster(1), jobs: [job("a", 8, at: 0, for: 100), job("b", 8, at: 0, for: 100)],
            policy: FIFOScheduler())
        sim.run()
        let rho = FinishTimeFairness.rho(model.outcomes, totalGPUs: 8)
        #expect(rho.map { $0 ?? -1 } == [0.5, 200.0 / 150])
        let metrics = Dictionary(uniqueKeysWithValues: model.metrics(end: sim.now).map { ($0.name, $0.value) })
        #expect(metrics["jobs.ftf.max"] == 200.0 / 150)
        #expect(metrics["jobs.ftf.above-1"] == 0.5)
    }

    /// With a 10 s warm-up and cool-down, only the jobs submitted at 10 and 20 count.
    @Test func windowKeepsTheSteadyState() {
        let sim = Simulation(seed: 1)
        let jobs = (0..<4).map { job("j\($0)", 1, at: Double($0) * 10, for: Double($0 + 1)) }
        let model = RigidJobsModel(simulation: sim, cluster: policyCluster(1), jobs: jobs, policy: FIFOScheduler())
        model.measurementWindow = (.seconds(10), .seconds(10))
        sim.run()
        #expect(model.measuredJobs() == [1, 2])
        let metrics = Dictionary(uniqueKeysWithValues: model.metrics(end: sim.now).map { ($0.name, $0.value) })
        #expect(metrics["jobs.measured"] == 2)
        #expect(metrics["jobs.jct.mean"] == 2.5)
    }
}
