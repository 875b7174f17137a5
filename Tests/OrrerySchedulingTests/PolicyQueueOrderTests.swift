import Testing
import OrreryKernel
import OrreryHardware
@testable import OrreryScheduling

@Suite struct LastInFirstOutTests {
    /// Hand-computed, 1 node × 8 GPUs. a (8 GPUs) runs 0–10; b (8), c (8) and d (4) arrive
    /// at 1, 2, 3 s. At 10 s the newest, d, starts (10–15); c does not fit beside it and
    /// blocks b. At 15 s c starts (15–25), at 25 s b (25–35).
    @Test func newestFirstAndStrict() {
        let jobs = [job("a", 8, at: 0, for: 10), job("b", 8, at: 1, for: 10), job("c", 8, at: 2, for: 10), job("d", 4, at: 3, for: 5)]
        #expect(schedule(jobs, nodes: 1, policy: LastInFirstOutScheduler()) == [[0, 10], [25, 35], [15, 25], [10, 15]])
        #expect(schedule(jobs, nodes: 1, policy: FIFOScheduler()) == [[0, 10], [10, 20], [20, 30], [30, 35]])
        #expect(SchedulerCatalogue.policy(named: "lifo", placement: ConsolidatingPlacement()) is LastInFirstOutScheduler)
    }
}

/// Records the tenant usage every pass sees, then schedules as FIFO.
private final class UsageSpy: SchedulingPolicy, @unchecked Sendable {
    let halfLife: SimTime
    var seen: [(now: Double, usage: [String: Double])] = []
    init(halfLife: SimTime) { self.halfLife = halfLife }
    var tenantUsageHalfLife: SimTime? { halfLife }
    func decide(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext) -> [StartDecision] {
        seen.append((context.now.seconds, context.tenantUsage))
        return FIFOScheduler().decide(queue: queue, cluster: cluster, context: context)
    }
}

@Suite struct FairShareTests {
    /// 8 GPUs for exactly one half-life (100 s): ∫ 8 · 2^(−(100 − s)/100) ds over [0, 100]
    /// = 8 · 100/ln 2 · (1 − 1/2) = 400 / ln 2 ≈ 577.078 GPU-s; one more half-life halves it.
    @Test func decayedUsageByHand() {
        let h = SimTime.seconds(100)
        let atEnd = DecayedUsage.gpuSeconds(gpus: 8, from: .zero, to: .seconds(100), at: .seconds(100), halfLife: h)
        #expect(abs(atEnd - 577.078_016) < 1e-5)
        let later = DecayedUsage.gpuSeconds(gpus: 8, from: .zero, to: .seconds(100), at: .seconds(200), halfLife: h)
        #expect(abs(later - 288.539_008) < 1e-5)
        #expect(abs(DecayedUsage.decay(atEnd, over: .seconds(100), halfLife: h) - later) < 1e-9)
        #expect(DecayedUsage.gpuSeconds(gpus: 8, from: .zero, to: .seconds(100), at: .seconds(500), halfLife: .max) == 800)
    }

    /// The model's usage: tenant A holds 8 GPUs 0–100 s (finished), B holds 4 GPUs from
    /// 100 s (running). With a 100 s half-life, at 200 s A has 288.539 (above) and B
    /// 4 · 100/ln 2 · (1 − 1/2) = 288.539 too; C (arrives at 200) has nothing.
    @Test func modelReportsDecayedTenantUsage() throws {
        let spy = UsageSpy(halfLife: .seconds(100))
        let jobs = [job("a", 8, at: 0, for: 100, tenant: "A"), job("b", 4, at: 100, for: 500, tenant: "B"), job("c", 1, at: 200, for: 1, tenant: "C")]
        let sim = Simulation(seed: 1)
        _ = RigidJobsModel(simulation: sim, cluster: policyCluster(1), jobs: jobs, policy: spy)
        sim.run()
        let at200 = try #require(spy.seen.first { $0.now == 200 })
        #expect(abs(at200.usage["A"]! - 288.539_008) < 1e-5)
        #expect(abs(at200.usage["B"]! - 288.539_008) < 1e-5)
        #expect(at200.usage["C"] == nil)
        #expect(spy.seen.first!.usage.isEmpty)  // at 0 s nobody has used anything
        // Policies that do not ask get no usage.
        #expect(FIFOScheduler().tenantUsageHalfLife == nil)
    }

    /// Hand-computed, 1 node × 8 GPUs. A's a1 (8 GPUs) runs 0–100, B's b1 (8 GPUs, also at
    /// 0, later in the trace: equal usage, arrival breaks the tie) 100–150. At 120 s b2 (B)
    /// then a2 (A) arrive. At 150 s, with a 10 s half-life, A's usage is
    /// 8 · 10/ln 2 · (2^−5 − 2^−15) ≈ 3.6 and B's 8 · 10/ln 2 · (1 − 2^−5) ≈ 111.8, so a2
    /// runs first (150–160), then b2 (160–170). With a 10⁶ s half-life A has ≈ 800 and B
    /// ≈ 400 GPU-s: b2 first. FIFO also runs b2 first.
    @Test func leastDecayedUsageFirst() {
        let jobs = [
            job("a1", 8, at: 0, for: 100, tenant: "A"), job("b1", 8, at: 0, for: 50, tenant: "B"),
            job("b2", 8, at: 120, for: 10, tenant: "B"), job("a2", 8, at: 120, for: 10, tenant: "A"),
        ]
        let recentMatters = [[0, 100], [100, 150], [160, 170], [150, 160]] as [[Double?]]
        let totalMatters = [[0, 100], [100, 150], [150, 160], [160, 170]] as [[Double?]]
        #expect(schedule(jobs, nodes: 1, policy: FairShareScheduler(halfLife: .seconds(10))) == recentMatters)
        #expect(schedule(jobs, nodes: 1, policy: FairShareScheduler(halfLife: .seconds(1e6))) == totalMatters)
        #expect(schedule(jobs, nodes: 1, policy: FIFOScheduler()) == totalMatters)
        let named = SchedulerCatalogue.policy(named: "fair-share", placement: ConsolidatingPlacement()) as? FairShareScheduler
        #expect(named?.halfLife == .hour)
    }
}

@Suite struct LeastAttainedServiceTests {
    /// Hand-computed, 1 node × 8 GPUs, same jobs as the fair-share test but a2 before b2
    /// in the trace. At 150 s A has attained 800 GPU-s and B 400 (no decay). With the
    /// queues split at 500 GPU-s, B is in queue 0 and A in queue 1: b2 first (150–160),
    /// a2 160–170. Split at 300 both are in queue 1, which is FIFO: a2 first.
    @Test func lowerQueueFirstFIFOWithin() {
        let jobs = [
            job("a1", 8, at: 0, for: 100, tenant: "A"), job("b1", 8, at: 0, for: 50, tenant: "B"),
            job("a2", 8, at: 120, for: 10, tenant: "A"), job("b2", 8, at: 120, for: 10, tenant: "B"),
        ]
        #expect(
            schedule(jobs, nodes: 1, policy: LeastAttainedServiceScheduler(thresholds: [500]))
                == [[0, 100], [100, 150], [160, 170], [150, 160]])
        #expect(
            schedule(jobs, nodes: 1, policy: LeastAttainedServiceScheduler(thresholds: [300]))
                == [[0, 100], [100, 150], [150, 160], [160, 170]])
        let las = LeastAttainedServiceScheduler(thresholds: [20, 10])
        #expect([0, 9.9, 10, 19.9, 20, 1e9].map(las.level) == [0, 0, 1, 1, 2, 2])
        #expect(SchedulerCatalogue.policy(named: "tenant-las", placement: ConsolidatingPlacement()) is LeastAttainedServiceScheduler)
    }
}
