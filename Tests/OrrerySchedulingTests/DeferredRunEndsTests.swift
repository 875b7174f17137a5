import Testing
import OrreryKernel
import OrreryHardware
@testable import OrreryScheduling

/// Run ends deferred past the pending review (``DeferredRunEnds``): the list itself, and
/// the model run with and without deferring, which must give the same runs.
@Suite struct DeferredRunEndsTests {
    /// A place among simultaneous events, for lists tested without a simulation.
    static func order() -> EventOrder {
        var queue = EventQueue()
        return queue.reserveOrder()
    }

    @Test func nothingIsDeferredWithoutAHorizon() {
        let ends = DeferredRunEnds(jobCount: 4)
        #expect(!ends.deferEnd(of: 0, at: .seconds(1e6), order: Self.order))
        #expect(!ends.isDeferred(0))
    }

    @Test func runsEndingWithinTheHorizonAreNotDeferred() {
        let ends = DeferredRunEnds(jobCount: 4)
        ends.advance(to: .seconds(360)) { _, _, _ in Issue.record("nothing was listed") }
        #expect(!ends.deferEnd(of: 0, at: .seconds(360), order: Self.order))
        #expect(ends.deferEnd(of: 1, at: .seconds(361), order: Self.order))
        #expect(ends.isDeferred(1) && !ends.isDeferred(0))
    }

    @Test func aWiderHorizonHandsOverTheRunsEndingWithinIt() {
        let ends = DeferredRunEnds(jobCount: 6)
        ends.advance(to: .seconds(100)) { _, _, _ in }
        let listed: [(job: Int, end: Double)] = [(0, 500), (1, 200), (2, 720), (3, 150), (4, 720)]
        for (job, end) in listed { #expect(ends.deferEnd(of: job, at: .seconds(end), order: Self.order)) }
        var handed: [Int: SimTime] = [:]
        ends.advance(to: .seconds(500)) { job, end, _ in handed[job] = end }
        #expect(handed == [0: .seconds(500), 1: .seconds(200), 3: .seconds(150)])
        #expect([2, 4].allSatisfy(ends.isDeferred) && ![0, 1, 3].contains(where: ends.isDeferred))
        handed = [:]
        ends.advance(to: .max) { job, end, _ in handed[job] = end }
        #expect(handed == [2: .seconds(720), 4: .seconds(720)])
    }

    @Test func aNarrowerHorizonHandsOverNothing() {
        let ends = DeferredRunEnds(jobCount: 3)
        ends.advance(to: .seconds(720)) { _, _, _ in }
        #expect(ends.deferEnd(of: 0, at: .seconds(800), order: Self.order))
        ends.advance(to: .seconds(360)) { _, _, _ in Issue.record("a narrower horizon handed a run over") }
        #expect(ends.horizon == .seconds(360) && ends.isDeferred(0))
        // Ends after the new horizon are deferred against it.
        #expect(ends.deferEnd(of: 1, at: .seconds(400), order: Self.order))
    }

    @Test func aForgottenRunIsNotHandedOver() {
        let ends = DeferredRunEnds(jobCount: 3)
        ends.advance(to: .seconds(10)) { _, _, _ in }
        #expect(ends.deferEnd(of: 0, at: .seconds(20), order: Self.order) && ends.deferEnd(of: 1, at: .seconds(30), order: Self.order))
        ends.forget(0)
        ends.forget(2)  // never listed
        var handed: [Int] = []
        ends.advance(to: .max) { job, _, _ in handed.append(job) }
        #expect(handed == [1])
    }

    /// Every catalogue policy (and the preemptive ones with settings) on random traces:
    /// the same starts, ends, placements, preemptions and metrics with ends deferred as
    /// with every end scheduled at its start. Round-based and other reviewing policies
    /// cancel fewer events.
    @Test(arguments: SessionEquivalenceTests.seeds)
    func deferringEndsChangesNoRun(seed: UInt64) {
        let testCase = SessionEquivalenceTests.randomCase(seed: seed, typed: seed % 2 == 0)
        for (name, policy) in SessionEquivalenceTests.policies() {
            let deferred = Self.run(policy, testCase, defersRunEnds: true)
            let scheduled = Self.run(policy, testCase, defersRunEnds: false)
            for (a, b) in zip(deferred.outcomes, scheduled.outcomes) where a != b {
                Issue.record("seed \(seed) \(name): job \(a.spec.id) differs: \(a) vs \(b)")
                break
            }
            #expect(deferred.metrics == scheduled.metrics, "seed \(seed) \(name)")
            #expect(deferred.endings == scheduled.endings, "seed \(seed) \(name): jobs ended in another order")
            #expect(deferred.statistics.eventsExecuted == scheduled.statistics.eventsExecuted, "seed \(seed) \(name)")
            #expect(deferred.statistics.eventsCancelled <= scheduled.statistics.eventsCancelled, "seed \(seed) \(name)")
        }
    }

    /// Gavel's rounds preempt most runs before they end: with ends deferred, those
    /// preemptions cancel no end event.
    @Test func roundsCancelFewerEvents() {
        let testCase = SessionEquivalenceTests.randomCase(seed: 3, typed: false)
        let policy = HeterogeneityAwareRoundScheduler(roundLength: .seconds(60))
        let deferred = Self.run(policy, testCase, defersRunEnds: true)
        let scheduled = Self.run(policy, testCase, defersRunEnds: false)
        let preemptions = deferred.outcomes.reduce(0) { $0 + $1.preemptions }
        #expect(preemptions > 10)
        #expect(deferred.statistics.eventsCancelled + UInt64(preemptions) / 2 < scheduled.statistics.eventsCancelled)
        #expect(deferred.outcomes == scheduled.outcomes)
    }

    /// B and C start together after A, and all three ends are deferred past the first
    /// review. A's end is scheduled first, which moves C before B in the list; B and C
    /// end at the same instant, and still end in their start order.
    @Test func simultaneousEndsKeepTheirStartOrder() {
        let catalogue = HardwareCatalogue.builtIn
        let cluster = ClusterState(groups: [NodeGroup(node: catalogue.node(named: "DGX-A100")!, count: 1)])
        let jobs = [
            JobSpec(id: "Z", gpus: 1, submit: .zero, duration: .seconds(1000)),
            JobSpec(id: "A", gpus: 1, submit: .seconds(10), duration: .seconds(100)),
            JobSpec(id: "B", gpus: 1, submit: .seconds(10), duration: .seconds(500)),
            JobSpec(id: "C", gpus: 1, submit: .seconds(10), duration: .seconds(500)),
        ]
        let policy = HeterogeneityAwareRoundScheduler(roundLength: .seconds(60))
        let deferred = Self.run(policy, (cluster, jobs), defersRunEnds: true)
        let scheduled = Self.run(policy, (cluster, jobs), defersRunEnds: false)
        #expect(scheduled.endings == ["A", "B", "C", "Z"])
        #expect(deferred.endings == scheduled.endings)
        #expect(deferred.outcomes.map(\.end) == [1000, 110, 510, 510].map { SimTime.seconds($0) })
    }

    static func run(_ policy: any SchedulingPolicy, _ testCase: (cluster: ClusterState, jobs: [JobSpec]), defersRunEnds: Bool)
        -> (outcomes: [JobOutcome], metrics: [Metric], statistics: RunStatistics, endings: [String])
    {
        let sim = Simulation(seed: 1)
        let model = RigidJobsModel(
            simulation: sim, cluster: testCase.cluster, jobs: testCase.jobs, policy: policy, quotas: nil, incremental: true,
            defersRunEnds: defersRunEnds)
        // The order jobs end in, simultaneous ends included: what a results file's rows follow.
        var endings: [String] = []
        sim.bus.subscribe(JobEnded.self) { event, _ in endings.append(event.outcome.spec.id) }
        sim.run()
        return (model.outcomes, model.metrics(end: sim.now), sim.statistics, endings)
    }
}
