import Testing
import OrreryKernel
@testable import OrreryScheduling

/// Hand-computed preemption cases on one DGX-A100 (8 GPUs) unless said otherwise.
@Suite struct PreemptionTests {
    func prioritised(_ id: String, _ gpus: Int, at submit: Double, for duration: Double, priority: Int) -> JobSpec {
        JobSpec(id: id, gpus: gpus, submit: .seconds(submit), duration: .seconds(duration), priority: priority)
    }

    func ranked(_ ranking: any JobRanking, _ settings: PreemptionSettings = .init()) -> RankedPreemptiveScheduler {
        RankedPreemptiveScheduler(ranking: ranking, preemption: settings)
    }

    /// a (prio 0, 100 s) runs from 0; b (prio 1, 20 s) arrives at 10 and preempts it:
    /// b 10–30, a resumes at 30 with 90 s left and ends at 120 (125 with a 5 s restart).
    @Test func higherPriorityPreemptsAndTheVictimKeepsItsProgress() {
        let jobs = [prioritised("a", 8, at: 0, for: 100, priority: 0), prioritised("b", 8, at: 10, for: 20, priority: 1)]
        #expect(schedule(jobs, nodes: 1, policy: ranked(PriorityRanking())) == [[0, 120], [10, 30]])
        let sim = Simulation(seed: 1)
        let model = RigidJobsModel(
            simulation: sim, cluster: policyCluster(1), jobs: jobs,
            policy: ranked(PriorityRanking(), PreemptionSettings(restartCost: .seconds(5))))
        sim.run()
        #expect(model.outcomes.map { $0.end?.seconds } == [125, 30])
        #expect(model.outcomes.map(\.preemptions) == [1, 0])
        #expect(model.preemptionCount == 1)
        #expect(abs(model.lostGPUSeconds - 40) < 1e-9)
        // a held its 8 GPUs 0–10 and 30–125.
        #expect(model.heldTime(of: 0, until: .seconds(200)) == .seconds(105))
    }

    /// Observers of every change see each start, preemption and end with the placement
    /// of the run it concerns, also when they subscribe after the run began (the model
    /// builds these events only while someone listens); ``JobEnded`` carries only ends.
    @Test func jobEventsReachWhoeverSubscribesWhenTheyDo() {
        let jobs = [prioritised("a", 8, at: 0, for: 100, priority: 0), prioritised("b", 8, at: 10, for: 20, priority: 1)]
        let sim = Simulation(seed: 1)
        _ = RigidJobsModel(simulation: sim, cluster: policyCluster(1), jobs: jobs, policy: ranked(PriorityRanking()))
        var changes: [String] = []
        var ends: [String] = []
        sim.bus.subscribe(JobEnded.self) { event, time in ends.append("\(event.outcome.spec.id) @\(time) \(event.outcome.placement)") }
        sim.schedule(at: .seconds(5)) {
            sim.bus.subscribe(JobChanged.self) { event, time in
                changes.append("\(event.outcome.spec.id) \(event.outcome.state) @\(time) \(event.outcome.placement)")
            }
        }
        sim.run()
        let node = "DGX-A100#0[0-7]"
        #expect(
            changes == [
                "a queued @10s \(node)", "b running @10s \(node)", "b finished @30s \(node)", "a running @30s \(node)",
                "a finished @2m \(node)",
            ])
        #expect(ends == ["b @30s \(node)", "a @2m \(node)"])
    }

    /// With a 30 s minimum runtime a cannot be stopped before 30: b runs 30–50 and a,
    /// preempted with 30 s done, resumes at 50 and ends at 120.
    @Test func minimumRuntimeDelaysPreemption() {
        let jobs = [prioritised("a", 8, at: 0, for: 100, priority: 0), prioritised("b", 8, at: 10, for: 20, priority: 1)]
        let policy = ranked(PriorityRanking(), PreemptionSettings(minimumRuntime: .seconds(30)))
        #expect(schedule(jobs, nodes: 1, policy: policy) == [[0, 120], [30, 50]])
    }

    /// Equal priority never preempts.
    @Test func equalRanksDoNotPreempt() {
        let jobs = [prioritised("a", 8, at: 0, for: 100, priority: 1), prioritised("b", 8, at: 10, for: 20, priority: 1)]
        #expect(schedule(jobs, nodes: 1, policy: ranked(PriorityRanking())) == [[0, 100], [100, 120]])
    }

    /// x (4 GPUs, from 0) and y (4 GPUs, from 5), both 100 s; h (4 GPUs, prio 2, 10 s) at
    /// 10 s needs one of them. The stopped one resumes at 20 s: x then ends at 110 (90 s
    /// left), y at 115 (95 s left). A stopped job never preempts a higher class back.
    @Test(arguments: [
        (VictimOrder.oldest, 0, 0, [[0.0, 110.0], [5.0, 105.0]]), (.newest, 0, 0, [[0, 100], [5, 115]]),
        (.lowestPriority, 1, 0, [[0, 100], [5, 115]]), (.lowestPriority, 0, 1, [[0, 110], [5, 105]]),
    ])
    func victimOrderChoosesWhoStops(order: VictimOrder, xPriority: Int, yPriority: Int, expected: [[Double]]) {
        let jobs = [
            prioritised("x", 4, at: 0, for: 100, priority: xPriority), prioritised("y", 4, at: 5, for: 100, priority: yPriority),
            prioritised("h", 4, at: 10, for: 10, priority: 2),
        ]
        let result = schedule(jobs, nodes: 1, policy: ranked(PriorityRanking(), PreemptionSettings(victimOrder: order)))
        #expect(result.prefix(2).map { $0.compactMap { $0 } } == expected)
        #expect(result[2] == [10, 20])
    }

    /// x (6 GPUs) from 0, y (2 GPUs) from 5; h (2 GPUs, prio 1) at 10. Smallest stops y
    /// (resumes at 20, ends 115); oldest stops x (6 GPUs free again at 20: ends 110).
    @Test func smallestVictimFirst() {
        let jobs = [
            prioritised("x", 6, at: 0, for: 100, priority: 0), prioritised("y", 2, at: 5, for: 100, priority: 0),
            prioritised("h", 2, at: 10, for: 10, priority: 1),
        ]
        #expect(schedule(jobs, nodes: 1, policy: ranked(PriorityRanking(), PreemptionSettings(victimOrder: .smallest)))
            == [[0, 100], [5, 115], [10, 20]])
        #expect(schedule(jobs, nodes: 1, policy: ranked(PriorityRanking(), PreemptionSettings(victimOrder: .oldest)))
            == [[0, 110], [5, 105], [10, 20]])
    }

    /// SRTF: b (20 s) preempts a (90 s left) at 10; c (15 s) at 20 does not preempt b
    /// (10 s left) and runs 30–45 before a (90 s left), which ends at 135.
    @Test func shortestRemainingTimeFirst() {
        let jobs = [job("a", 8, at: 0, for: 100), job("b", 8, at: 10, for: 20), job("c", 8, at: 20, for: 15)]
        #expect(schedule(jobs, nodes: 1, policy: ranked(RemainingTimeRanking())) == [[0, 135], [10, 30], [30, 45]])
    }

    /// 2D-LAS with one threshold at 400 GPU-s: a (8 GPUs) reaches it at 50 s. b arrives
    /// at 10 in the same queue (no preemption); at 50 a drops to the lower queue and b
    /// preempts it: b 50–80, a resumes with 50 s left and ends at 130.
    @Test func discretisedLASDemotesAtTheThreshold() {
        let jobs = [job("a", 8, at: 0, for: 100), job("b", 8, at: 10, for: 30)]
        #expect(schedule(jobs, nodes: 1, policy: ranked(DiscretisedLASRanking(thresholds: [400]))) == [[0, 130], [50, 80]])
    }

    /// Services {10, 100} GPU-s. Without thresholds the quantum runs to the largest
    /// sample: at 0, 2 finish within 100 for 10 + 100 spent (2/110); at 10 only the 100
    /// is left (1/90). With a threshold at 10: 1 finishes within 10 for 10 + 10 spent.
    @Test func gittinsIndexOverTheEmpiricalDistribution() {
        let plain = GittinsRanking(thresholds: [], services: [100, 10])
        #expect(abs(plain.index(attained: 0) - 2.0 / 110) < 1e-12)
        #expect(abs(plain.index(attained: 10) - 1.0 / 90) < 1e-12)
        #expect(plain.index(attained: 100) == 0)
        let split = GittinsRanking(thresholds: [10], services: [100, 10])
        #expect(abs(split.index(attained: 0) - 1.0 / 20) < 1e-12)
    }

    /// Gittins learns the distribution from the trace it runs on.
    @Test func gittinsIsPreparedWithTheTrace() {
        let jobs = [job("a", 1, at: 0, for: 10), job("b", 1, at: 0, for: 100)]
        let policy = ranked(GittinsRanking(thresholds: [])).prepared(for: jobs) as? RankedPreemptiveScheduler
        let ranking = policy?.ranking as? GittinsRanking
        #expect(ranking?.samples == [10, 100])
    }

    /// Preemption metrics appear only for preemptive policies.
    @Test func preemptionMetricsOnlyForPreemptivePolicies() {
        let jobs = [prioritised("a", 8, at: 0, for: 100, priority: 0), prioritised("b", 8, at: 10, for: 20, priority: 1)]
        for (policy, expected) in [(ranked(PriorityRanking()) as any SchedulingPolicy, true), (FIFOScheduler(), false)] {
            let sim = Simulation(seed: 1)
            let model = RigidJobsModel(simulation: sim, cluster: policyCluster(1), jobs: jobs, policy: policy)
            sim.run()
            let names = model.metrics(end: sim.now).map(\.name)
            #expect(names.contains("jobs.preemptions") == expected)
        }
    }
}
