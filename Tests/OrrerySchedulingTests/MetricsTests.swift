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
