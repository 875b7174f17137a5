import Testing
import OrreryKernel
import OrreryHardware
@testable import OrreryScheduling

/// Every policy's incremental session must make exactly the decisions of its definition
/// (`decide`/`plan` on the whole queue every pass). Random small traces, over seeds:
/// bursts of arrivals at equal times, mixed sizes, tenants, priorities and, on mixed
/// clusters, GPU types; the model is run both ways and every job's start, end,
/// placement and preemption count must match, as must every metric.
@Suite struct SessionEquivalenceTests {
    static let seeds: [UInt64] = Array(1...12)

    /// A random trace of 10–40 jobs on a 2–4 node cluster; with `typed`, half the nodes
    /// are DGX-H100 and a third of the jobs ask for one GPU type.
    static func randomCase(seed: UInt64, typed: Bool) -> (cluster: ClusterState, jobs: [JobSpec]) {
        let random = RandomStreams(masterSeed: seed).stream("case")
        func pick(_ n: Int) -> Int { Int(random.uniformInt(below: UInt32(n))) }
        let catalogue = HardwareCatalogue.builtIn
        let nodes = 2 + pick(3)
        var groups = [NodeGroup(node: catalogue.node(named: "DGX-A100")!, count: typed ? nodes / 2 + 1 : nodes)]
        if typed { groups.append(NodeGroup(node: catalogue.node(named: "DGX-H100")!, count: nodes - nodes / 2)) }
        let sizes = [1, 1, 1, 2, 4, 4, 8, 8, 16, 24]
        var submit = 0.0
        let jobs = (0..<(10 + pick(31))).map { n -> JobSpec in
            if pick(3) > 0 { submit += Double(pick(400)) }  // a third arrive with the previous one
            let gpus = Swift.min(sizes[pick(sizes.count)], 8 * nodes)
            let type: String? = typed && pick(3) == 0 ? (pick(2) == 0 ? "A100-80GB" : "h100-sxm") : nil
            return JobSpec(
                id: "j\(n)", tenant: "t\(pick(3))", gpus: type == nil ? gpus : Swift.min(gpus, 8),
                submit: .seconds(submit), duration: .seconds(Double(1 + pick(3) * 60 + pick(2000))), gpuType: type,
                priority: pick(3))
        }
        return (ClusterState(groups: groups), jobs)
    }

    /// Every catalogue policy on `placement`, the preemptive ones also with victim order,
    /// minimum runtime and restart cost set, and with each other victim order, and two
    /// variants of defaults.
    static func policies(placement: any PlacementPolicy = ConsolidatingPlacement(), secondary: any PlacementPolicy = SpreadPlacement())
        -> [(String, any SchedulingPolicy)]
    {
        var policies: [(String, any SchedulingPolicy)] = SchedulerCatalogue.policies.map {
            ($0.name, $0.make()(.init(placement: placement)))
        }
        let settings = PreemptionSettings(victimOrder: .smallest, minimumRuntime: .seconds(120), restartCost: .seconds(30))
        for name in ["priority", "srtf", "las", "gittins"] {
            if let policy = SchedulerCatalogue.policy(named: name, placement: secondary, preemption: settings) {
                policies.append(("\(name)+settings", policy))
            }
        }
        for (name, order) in [("srtf", VictimOrder.oldest), ("las", .lowestPriority), ("gittins", .oldest)] {
            if let policy = SchedulerCatalogue.policy(named: name, placement: placement, preemption: PreemptionSettings(victimOrder: order)) {
                policies.append(("\(name)+\(order.rawValue)", policy))
            }
        }
        policies.append(("fair-share-decayed-10m", FairShareScheduler(placement: placement, halfLife: .seconds(600))))
        policies.append(("easy-backfill+secondary", EASYBackfillScheduler(placement: secondary)))
        return policies
    }

    static func run(
        _ policy: any SchedulingPolicy, _ testCase: (cluster: ClusterState, jobs: [JobSpec]), incremental: Bool,
        runTime: any RunTimeModel = TraceRunTime()
    ) -> (outcomes: [JobOutcome], metrics: [Metric]) {
        let sim = Simulation(seed: 1)
        let model = RigidJobsModel(
            simulation: sim, cluster: testCase.cluster, jobs: testCase.jobs, policy: policy, quotas: nil, incremental: incremental)
        model.runTimeModel = runTime
        sim.run()
        return (model.outcomes, model.metrics(end: sim.now))
    }

    /// Runs `policy` on `testCase` with and without its session and records the first
    /// job and the first metric that differ, labelled with `label`.
    static func expectSameRuns(
        _ policy: any SchedulingPolicy, _ testCase: (cluster: ClusterState, jobs: [JobSpec]), runTime: any RunTimeModel = TraceRunTime(),
        label: String
    ) {
        let fast = run(policy, testCase, incremental: true, runTime: runTime)
        let reference = run(policy, testCase, incremental: false, runTime: runTime)
        func show(_ o: JobOutcome) -> String {
            "\(o.start.map(\.description) ?? "-")–\(o.end.map(\.description) ?? "-") \(o.placement) ×\(o.preemptions)"
        }
        for (a, b) in zip(fast.outcomes, reference.outcomes) where a != b {
            Issue.record("\(label): job \(a.spec.id) \(show(a)) vs \(show(b))")
            break
        }
        let differing = zip(fast.metrics, reference.metrics).first { $0 != $1 }
        #expect(
            fast.metrics.count == reference.metrics.count && differing == nil,
            "\(label): \(differing.map { "\($0.0.name) \($0.0.value) vs \($0.1.value)" } ?? "metric count")")
    }

    @Test(arguments: seeds)
    func sessionsDecideAsTheDefinitions(seed: UInt64) {
        for typed in [false, true] {
            let testCase = Self.randomCase(seed: seed, typed: typed)
            for (name, policy) in Self.policies() {
                Self.expectSameRuns(policy, testCase, label: "seed \(seed) typed \(typed) \(name)")
            }
        }
    }

    /// A ranking of a user's own, with none of the built-in rankings' holds (every run is
    /// ranked on every pass): most GPU-seconds left first, so larger and longer jobs
    /// preempt smaller ones, reviewed every 10 minutes of run time.
    struct MostWorkLeftRanking: JobRanking {
        func rank(_ job: RankedJob) -> Double { -Double(job.gpus) * Swift.max(.zero, job.duration - job.progress).seconds }
        func runTimeToNextChange(_ job: RankedJob) -> SimTime? { .seconds(600) }
    }

    @Test(arguments: seeds.prefix(4))
    func aRankingOfItsOwnDecidesAsTheDefinition(seed: UInt64) {
        let policy = RankedPreemptiveScheduler(ranking: MostWorkLeftRanking())
        for typed in [false, true] {
            Self.expectSameRuns(policy, Self.randomCase(seed: seed, typed: typed), label: "seed \(seed) typed \(typed)")
        }
    }
}

/// The Gittins index found from a remembered search position equals the one found from
/// scratch, wherever the position is (random services, attained values and hints).
@Suite struct GittinsSearchHintTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func hintedIndexEqualsTheIndex(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("gittins")
        let services = (0..<200).map { _ in (random.uniform() * 20).rounded() * 600 }
        let ranking = GittinsRanking(thresholds: [3600, 36_000], services: services)
        for _ in 0..<500 {
            let attained = random.uniform() * 14_000
            var hint = RankCache()
            hint.first = Int(random.uniformInt(below: 202))
            hint.second = Int(random.uniformInt(below: 202))
            #expect(ranking.index(attained: attained, hint: &hint) == ranking.index(attained: attained), "seed \(seed) a \(attained)")
        }
    }
}

/// The session structures against brute force on random operations.
@Suite struct SessionStructureTests {
    /// "First leaf at or after i with value ≤ v" equals a linear scan, after random sets.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func minTreeFindsTheFirstLeafAtMost(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("tree")
        let count = 1 + Int(random.uniformInt(below: 70))
        var tree = MinTree(count: count)
        var values = Array(repeating: Int64.max, count: count)
        for _ in 0..<400 {
            let leaf = Int(random.uniformInt(below: UInt32(count)))
            let value: Int64 = random.uniformInt(below: 4) == 0 ? .max : Int64(random.uniformInt(below: 50))
            tree.set(leaf, value)
            values[leaf] = value
            let from = Int(random.uniformInt(below: UInt32(count + 1)))
            let limit = Int64(random.uniformInt(below: 50))
            let expected = (from..<count).first { values[$0] <= limit }
            #expect(tree.first(from: from, atMost: limit) == expected, "seed \(seed) from \(from) limit \(limit)")
        }
    }

    /// Pushes and pops in random order come out sorted.
    @Test(arguments: [1, 2] as [UInt64])
    func heapPopsInOrder(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("heap")
        var heap = MinHeap<QueueKey>()
        var reference: [QueueKey] = []
        for arrival in 0..<300 {
            if random.uniformInt(below: 3) == 0, let popped = heap.popMin() {
                let expected = reference.min()
                reference.removeAll { $0.job == popped.job }
                #expect(popped.job == expected?.job, "seed \(seed)")
            } else {
                let key = QueueKey(key: Int64(random.uniformInt(below: 20)), arrival: arrival, job: arrival)
                heap.push(key)
                reference.append(key)
            }
        }
    }
}

/// How long rankings say a running job's rank bounds its rank (``JobRanking/rankHold(_:)``).
@Suite struct RankHoldTests {
    /// 2 GPUs at 1,000 s of progress have 2,000 GPU-s; the 3,600 GPU-s threshold is 800 s
    /// of progress away: the queue holds for 1 ns less. Past the last threshold it holds
    /// for the rest of the run.
    @Test func lasQueueHoldsUntilTheNextThreshold() {
        let ranking = DiscretisedLASRanking(thresholds: [3600])
        let before = RankedJob(gpus: 2, duration: .hour, progress: .seconds(1000))
        #expect(ranking.rankHold(before) == RankHold(runTime: .seconds(800) - SimTime(nanoseconds: 1), isConstant: true))
        let past = RankedJob(gpus: 2, duration: .hour, progress: .seconds(1800))
        #expect(ranking.rankHold(past) == RankHold(runTime: .max, isConstant: true))
    }

    @Test func srtfAndPriorityHoldForTheRun() {
        let job = RankedJob(gpus: 1, duration: .hour, priority: 2, progress: .seconds(60))
        #expect(RemainingTimeRanking().rankHold(job) == RankHold(runTime: .max, isConstant: false))
        #expect(PriorityRanking().rankHold(job) == RankHold(runTime: .max, isConstant: true))
    }

    /// Samples 10, 20, …, 400 GPU-s, no threshold, a 1-GPU job at 55 GPU-s: 5 of the 40
    /// samples are ≤ 55, the hold runs to the 16th sample after those (220 GPU-s, 165 s
    /// less 1 ns), at its end at most 5 + 16 + 1 (one to spare) have finished, so 18 can
    /// still finish within the quantum, and the 35 alive samples spend
    /// Σ(S − 55) = 35 · (230 − 55) = 6,125 GPU-s: the ceiling is −18 / 6,125.
    /// Past every sample the index is 0 for good.
    @Test func gittinsHoldsUnderACeilingForAStretchOfSamples() {
        let ranking = GittinsRanking(thresholds: [], services: (1...40).map { Double($0) * 10 })
        let job = RankedJob(gpus: 1, duration: .hour, progress: .seconds(55))
        let hold = ranking.rankHold(job)
        #expect(hold.runTime == .seconds(165) - SimTime(nanoseconds: 1))
        #expect(!hold.isConstant)
        #expect(hold.ceiling == -18.0 / 6125)
        #expect(ranking.rankHold(RankedJob(gpus: 2, duration: .hour, progress: .seconds(200))) == RankHold(runTime: .max, isConstant: true))
    }

    /// Over its hold a running job's Gittins rank never rises above the ceiling (random
    /// services with ties, thresholds, GPU counts and starting points; every step of
    /// progress up to the hold's end, and its last nanosecond).
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func gittinsRankStaysUnderTheCeiling(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("gittins-hold")
        let services = (0..<300).map { _ in (random.uniform() * 40).rounded() * 300 }
        let ranking = GittinsRanking(thresholds: [3600, 36_000], services: services)
        for _ in 0..<200 {
            let gpus = 1 + Int(random.uniformInt(below: 16))
            let start = SimTime.seconds((random.uniform() * 14_000).rounded())
            let job = RankedJob(gpus: gpus, duration: .hour, progress: start)
            let hold = ranking.rankHold(job)
            let ceiling = hold.ceiling.map { Swift.max($0, ranking.rank(job)) } ?? ranking.rank(job)
            guard hold.runTime > .zero, !hold.isConstant else { continue }
            let span = hold.runTime == .max ? SimTime.seconds(20_000) : hold.runTime
            var steps = (0...64).map { start + SimTime(nanoseconds: span.nanoseconds / 64 * Int64($0)) }
            steps.append(start + span)
            for progress in steps {
                let rank = ranking.rank(RankedJob(gpus: gpus, duration: .hour, progress: progress))
                #expect(rank <= ceiling + 1e-12, "seed \(seed) gpus \(gpus) from \(start) at \(progress)")
            }
        }
    }
}
