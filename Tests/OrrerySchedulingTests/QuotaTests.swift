import Testing
import OrreryKernel
@testable import OrreryScheduling

/// Hand-computed quota and DRF cases on DGX-A100 nodes (8 GPUs each).
@Suite struct QuotaTests {
    func run(_ jobs: [JobSpec], nodes: Int, quotas: QuotaTree, policy: any SchedulingPolicy = FIFOScheduler()) -> RigidJobsModel {
        let sim = Simulation(seed: 1)
        let model = RigidJobsModel(simulation: sim, cluster: policyCluster(nodes), jobs: jobs, policy: policy, quotas: quotas)
        sim.run()
        return model
    }

    func times(_ model: RigidJobsModel) -> [[Double?]] { model.outcomes.map { [$0.start?.seconds, $0.end?.seconds] } }

    /// Tenant a may hold 8 GPUs: a2 waits for a1 although GPUs are free, and does not
    /// block b1 behind it.
    @Test func tenantGPULimitHoldsJobsBack() {
        let jobs = [job("a1", 8, at: 0, for: 100, tenant: "a"), job("a2", 4, at: 0, for: 50, tenant: "a"), job("b1", 4, at: 0, for: 50, tenant: "b")]
        let quotas = QuotaTree(roots: [.init(name: "a", limit: QuotaLimit(gpus: 8))])
        #expect(times(run(jobs, nodes: 2, quotas: quotas)) == [[0, 100], [100, 150], [0, 50]])
    }

    /// Domain r holds at most 12 GPUs, its project v one job at a time (users alice and
    /// bob share it). j2 waits for j1 (v's job limit), j4 for r's GPUs (4 + 8 held).
    @Test func limitsApplyAtEveryLevel() {
        func hierarchical(_ id: String, _ tenant: String, _ user: String, _ gpus: Int, _ duration: Double) -> JobSpec {
            JobSpec(id: id, tenant: tenant, gpus: gpus, submit: .zero, duration: .seconds(duration), user: user)
        }
        let jobs = [
            hierarchical("j1", "r/v", "alice", 4, 100), hierarchical("j2", "r/v", "bob", 4, 100),
            hierarchical("j3", "r/w", "", 8, 100), hierarchical("j4", "r/w", "", 4, 10),
        ]
        let quotas = QuotaTree(roots: [
            .init(name: "r", limit: QuotaLimit(gpus: 12), children: [.init(name: "v", limit: QuotaLimit(jobs: 1))])
        ])
        #expect(times(run(jobs, nodes: 4, quotas: quotas)) == [[0, 100], [100, 200], [0, 100], [100, 110]])
    }

    /// Starts admitted alone but not together: the third 4-GPU job of a waits.
    @Test func startsInOnePassCountTogether() {
        let jobs = (0..<3).map { job("a\($0)", 4, at: 0, for: 10, tenant: "a") }
        let quotas = QuotaTree(roots: [.init(name: "a", limit: QuotaLimit(gpus: 8))])
        #expect(times(run(jobs, nodes: 2, quotas: quotas)) == [[0, 10], [0, 10], [10, 20]])
    }

    /// A job larger than an `each` limit on its path can never start: rejected.
    @Test func jobsBeyondALimitAreRejected() {
        let jobs = [job("big", 8, at: 0, for: 10, tenant: "r/x"), job("ok", 4, at: 0, for: 10, tenant: "r/y")]
        let quotas = QuotaTree(roots: [.init(name: "r", each: QuotaLimit(gpus: 4))])
        let model = run(jobs, nodes: 1, quotas: quotas)
        #expect(model.outcomes.map(\.state) == [.rejected, .finished])
        #expect(quotas.limits(along: ["r", "x", "alice"]).map(\.account) == ["r/x"])
    }

    /// DRF: a holds 4 GPUs; b's two jobs go before a2 (b holds less), filling the node.
    @Test func dominantShareFirst() {
        let jobs = [
            job("a1", 4, at: 0, for: 100, tenant: "a"), job("a2", 2, at: 1, for: 10, tenant: "a"),
            job("b1", 2, at: 1, for: 10, tenant: "b"), job("b2", 2, at: 1, for: 10, tenant: "b"),
        ]
        #expect(schedule(jobs, nodes: 1, policy: DominantResourceFairnessScheduler()) == [[0, 100], [11, 21], [1, 11], [1, 11]])
        #expect(schedule(jobs, nodes: 1, policy: FIFOScheduler()) == [[0, 100], [1, 11], [1, 11], [11, 21]])
    }
}

@Suite struct QuotaTreeTests {
    /// A top-level `each` limits every tenant the tree does not name.
    @Test func topLevelEachCoversUnnamedTenants() {
        let tree = QuotaTree(roots: [.init(name: "big", limit: QuotaLimit(gpus: 64))], each: QuotaLimit(gpus: 8))
        #expect(tree.limits(along: ["small"]).map(\.limit) == [QuotaLimit(gpus: 8)])
        #expect(tree.limits(along: ["big", "alice"]).map(\.limit) == [QuotaLimit(gpus: 64)])
    }
}
