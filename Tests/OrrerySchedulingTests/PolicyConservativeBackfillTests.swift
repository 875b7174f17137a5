import Testing
import OrreryKernel
import OrreryHardware
@testable import OrreryScheduling

@Suite struct ConservativeBackfillTests {
    /// Hand-computed, 3 nodes × 8 GPUs. a (16 GPUs) runs 0–100, leaving 8 free. b (16, 100 s,
    /// at 1) is reserved 100–200 (8 GPUs left then); c (24, 100 s, at 2) is reserved
    /// 200–300. d (8 GPUs, 1000 s, at 3) fits now but would overlap c's reservation, so it
    /// is reserved after it: 300–1300. EASY protects only the head b: d fits in b's
    /// 8 extra GPUs and starts at 3 (–1003), b runs 100–200, and c waits for d: 1003–1103.
    @Test func protectsEveryReservationNotOnlyTheHeads() {
        let jobs = [job("a", 16, at: 0, for: 100), job("b", 16, at: 1, for: 100), job("c", 24, at: 2, for: 100), job("d", 8, at: 3, for: 1000)]
        #expect(
            schedule(jobs, nodes: 3, policy: ConservativeBackfillScheduler())
                == [[0, 100], [100, 200], [200, 300], [300, 1300]])
        #expect(
            schedule(jobs, nodes: 3, policy: EASYBackfillScheduler())
                == [[0, 100], [100, 200], [1003, 1103], [3, 1003]])
    }

    /// The EASY test's trace (2 nodes): jobs that end before the reservations they could
    /// delay are backfilled just as under EASY. b is reserved 100–150; c (4 GPUs) fits
    /// beside a until 70: 20–70; d (4 GPUs, 100 s) would overlap b's reservation, so it
    /// is reserved 150–250; e (4 GPUs, 60 s) ends at 100: 40–100.
    @Test func backfillsLikeEASYWhenNothingElseIsDelayed() {
        let jobs = [
            job("a", 8, at: 0, for: 100), job("b", 16, at: 10, for: 50), job("c", 4, at: 20, for: 50),
            job("d", 4, at: 30, for: 100), job("e", 4, at: 40, for: 60),
        ]
        #expect(
            schedule(jobs, nodes: 2, policy: ConservativeBackfillScheduler())
                == [[0, 100], [100, 150], [20, 70], [150, 250], [40, 100]])
    }

    /// Profile by hand: 16 GPUs, 14 allocated; running jobs end at 100 (4 GPUs), 200 (6),
    /// 300 (4). Free: 2 from 0, 6 from 100, 12 from 200, 16 from 300. A 10-GPU job of 50 s
    /// starts at 200; reserving it leaves 2 in [200, 250). Then a 4-GPU job of 150 s cannot
    /// start at 0 (2 free) nor at 100 (its window reaches [200, 250)): it starts at 250.
    @Test func profileReservations() {
        var view = policyCluster(2)
        view.allocate(Placement(shares: [.init(node: 0, gpus: GPUSet(0..<8)), .init(node: 1, gpus: GPUSet(0..<6))]))
        let running = [
            RunningJob(index: 0, gpus: 4, gpuType: nil, expectedEnd: .seconds(300)),
            RunningJob(index: 1, gpus: 4, gpuType: nil, expectedEnd: .seconds(100)),
            RunningJob(index: 2, gpus: 6, gpuType: nil, expectedEnd: .seconds(200)),
        ]
        var profile = ConservativeBackfillScheduler.Profile(now: .zero, gpuType: nil, cluster: view, running: running)
        #expect(profile.times == [0, 100, 200, 300].map { SimTime.seconds($0) })
        #expect(profile.free == [2, 6, 12, 16])
        let start = profile.earliestStart(gpus: 10, duration: .seconds(50), notBefore: .zero)
        #expect(start == .seconds(200))
        profile.reserve(gpus: 10, from: .seconds(200), for: .seconds(50))
        #expect(profile.times == [0, 100, 200, 250, 300].map { SimTime.seconds($0) })
        #expect(profile.free == [2, 6, 2, 12, 16])
        #expect(profile.earliestStart(gpus: 4, duration: .seconds(150), notBefore: .zero) == .seconds(250))
        #expect(profile.earliestStart(gpus: 4, duration: .seconds(100), notBefore: .zero) == .seconds(100))
        #expect(profile.earliestStart(gpus: 17, duration: .seconds(1), notBefore: .zero) == nil)
        #expect(SchedulerCatalogue.policy(named: "conservative-backfill", placement: ConsolidatingPlacement()) is ConservativeBackfillScheduler)
    }
}
