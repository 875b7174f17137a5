import Testing
import OrreryKernel
@testable import OrreryScheduling

/// Run-time estimates from users' recent jobs (Tsafrir, Etsion & Feitelson 2007) and the
/// policies that use them instead of the trace's durations.
@Suite struct PredictedDurationTests {
    func owned(_ id: String, _ gpus: Int, at submit: Double, for duration: Double, user: String) -> JobSpec {
        JobSpec(id: id, gpus: gpus, submit: .seconds(submit), duration: .seconds(duration), user: user)
    }

    /// u finished 100, 300, 500 s: its last two average 400 s. w has no history: the mean
    /// of all finished jobs, 300 s. Before anything finished: the 1 h fallback. A trace
    /// without users keys on the tenant.
    @Test func averagesTheUsersLastTwoFinishedJobs() {
        var predictor = RecentRunTimePredictor()
        let u = owned("u", 1, at: 0, for: 1, user: "u"), w = owned("w", 1, at: 0, for: 1, user: "w")
        #expect(predictor.estimate(for: u) == .hour)
        for seconds in [100.0, 300, 500] { predictor.record(u, runTime: .seconds(seconds)) }
        #expect(predictor.estimate(for: u) == .seconds(400))
        #expect(predictor.estimate(for: w) == .seconds(300))
        var byTenant = RecentRunTimePredictor(window: 1)
        byTenant.record(JobSpec(id: "a", tenant: "vc1", gpus: 1, submit: .zero, duration: .zero), runTime: .seconds(50))
        #expect(byTenant.estimate(for: JobSpec(id: "b", tenant: "vc1", gpus: 1, submit: .zero, duration: .zero)) == .seconds(50))
    }

    /// One node (8 GPUs). a (u, 100 s) runs 0–100; b (u, 1000 s) arrives at 10 and c (v,
    /// 10 s) at 20. Oracle SJF runs c first at 100 (100–110), then b (110–1110), then d
    /// (u, 10 s, arrived at 200) at 1110. Estimated:
    /// nothing had finished when b and c arrived, so both are estimated at 1 h; the tie
    /// goes to arrival and b runs 100–1100. d arrived after a finished: u's estimate is
    /// a's 100 s, below c's 1 h, so d runs before c (1100–1110, c 1110–1120).
    @Test func sjfWithEstimatesMakesTheMistakesARealSchedulerWould() {
        let jobs = [
            owned("a", 8, at: 0, for: 100, user: "u"), owned("b", 8, at: 10, for: 1000, user: "u"),
            owned("c", 8, at: 20, for: 10, user: "v"), owned("d", 8, at: 200, for: 10, user: "u"),
        ]
        #expect(schedule(jobs, nodes: 1, policy: ShortestJobFirstScheduler()) == [[0, 100], [110, 1110], [100, 110], [1110, 1120]])
        let predicted = SchedulerCatalogue.policy(named: "sjf-predicted", placement: ConsolidatingPlacement())!
        #expect(schedule(jobs, nodes: 1, policy: predicted) == [[0, 100], [100, 1100], [1110, 1120], [1100, 1110]])
    }

    /// SRTF with estimates: a (u, 1000 s, 8 GPUs) starts at 0 with the 1 h fallback
    /// estimate; b (v, 100 s) arrives at 10, also estimated at 1 h: 3,590 s left for a is
    /// less than b's 3,600, so b waits (oracle SRTF would preempt a: 990 s left > 100 s).
    @Test func srtfWithEstimatesPreemptsOnEstimates() {
        let jobs = [owned("a", 8, at: 0, for: 1000, user: "u"), owned("b", 8, at: 10, for: 100, user: "v")]
        #expect(schedule(jobs, nodes: 1, policy: RankedPreemptiveScheduler(ranking: RemainingTimeRanking())) == [[0, 1100], [10, 110]])
        let predicted = SchedulerCatalogue.policy(named: "srtf-predicted", placement: ConsolidatingPlacement())!
        #expect(schedule(jobs, nodes: 1, policy: predicted) == [[0, 1000], [1000, 1100]])
    }

    /// EASY on estimates: a (u, 4 GPUs, 100 s) runs from 0, estimated at 1 h; b (v, 8 GPUs)
    /// arrives at 1 and is reserved at a's expected end, 3,600 s; c (w, 4 GPUs, 50 s,
    /// estimated at 1 h too) arrives at 2 and would end by then only on its real duration,
    /// so it waits. Oracle EASY backfills c at 2 (2–52) before b starts at 100; with
    /// estimates b runs 100–110 and c 110–160.
    @Test func easyBackfillOnEstimatesBackfillsLess() {
        let jobs = [
            owned("a", 4, at: 0, for: 100, user: "u"), owned("b", 8, at: 1, for: 10, user: "v"),
            owned("c", 4, at: 2, for: 50, user: "w"),
        ]
        #expect(schedule(jobs, nodes: 1, policy: EASYBackfillScheduler()) == [[0, 100], [100, 110], [2, 52]])
        let predicted = SchedulerCatalogue.policy(named: "easy-backfill-predicted", placement: ConsolidatingPlacement())!
        #expect(schedule(jobs, nodes: 1, policy: predicted) == [[0, 100], [100, 110], [110, 160]])
    }

    /// A running job past its estimated end is expected to end now: one node, a (u, 8
    /// GPUs, 100 s) finishes at 100 and teaches the predictor 100 s; d (u, 4 GPUs, 500 s)
    /// starts at 150 expecting 100 s; e (v, 8 GPUs) waits from 160. At 300 f (w, 4 GPUs,
    /// 10 s; estimated at the 100 s mean) arrives: d's expected end (250) has passed, so
    /// e's reservation is now and f may not start in d's free GPUs unless it ends by
    /// then; it waits until d really ends at 650 (e 650–660, f 660–670).
    @Test func overrunJobsAreExpectedToEndNow() {
        let jobs = [
            owned("a", 8, at: 0, for: 100, user: "u"), owned("d", 4, at: 150, for: 500, user: "u"),
            owned("e", 8, at: 160, for: 10, user: "v"), owned("f", 4, at: 300, for: 10, user: "w"),
        ]
        let predicted = SchedulerCatalogue.policy(named: "easy-backfill-predicted", placement: ConsolidatingPlacement())!
        #expect(schedule(jobs, nodes: 1, policy: predicted) == [[0, 100], [150, 650], [650, 660], [660, 670]])
    }
}
