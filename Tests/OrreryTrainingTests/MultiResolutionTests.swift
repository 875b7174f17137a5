import OrreryFabric
import OrreryKernel
import Testing

@testable import OrreryTraining

/// Fast-forwarding identical steps agrees with simulating every step.
@Suite struct MultiResolutionTests {
    func run(steps: Int, fastForward: Bool, invalidateAt: [SimTime] = []) throws -> TrainingRun {
        let job = TestJobs.job(batch: 64, layout: ParallelLayout(tensor: 2, pipeline: 2, data: 4))
        let plan = try MegatronStrategy().plan(job, on: TestJobs.cluster(gpus: 16))
        let simulation = Simulation(seed: 1)
        let executor = ClosedFormCollectives(simulation: simulation, timing: plan.costs.timing)
        let run = TrainingRun(simulation: simulation, executor: executor, plan: plan, steps: steps, fastForward: fastForward)
        run.start()
        for time in invalidateAt { simulation.schedule(at: time) { run.invalidate() } }
        simulation.run()
        return run
    }

    @Test func fastForwardMatchesDetailedRunWithinATenthOfAPercent() throws {
        let detailed = try run(steps: 40, fastForward: false)
        let fast = try run(steps: 40, fastForward: true)
        let a = try #require(detailed.finishedAt).seconds, b = try #require(fast.finishedAt).seconds
        #expect(abs(a - b) / a < 0.001)
        #expect(detailed.detailedSteps == 40)
        #expect(fast.detailedSteps == 1)
        #expect(fast.stepsCompleted == 40)
    }

    @Test func invalidationResimulatesTheNextStep() throws {
        let probe = try run(steps: 1, fastForward: true)
        let stepTime = try #require(probe.lastStep).stepTime
        let during = SimTime(nanoseconds: stepTime.nanoseconds * 10 + stepTime.nanoseconds / 2)
        let fast = try run(steps: 40, fastForward: true, invalidateAt: [during])
        #expect(fast.detailedSteps == 2)
        #expect(fast.stepsCompleted == 40)
        let detailed = try run(steps: 40, fastForward: false)
        #expect(abs(try #require(fast.finishedAt).seconds - (try #require(detailed.finishedAt).seconds)) < 1e-6)
    }

    @Test func invalidationCanSwapThePlan() throws {
        let job = TestJobs.job(batch: 64, layout: ParallelLayout(tensor: 2, pipeline: 2, data: 4))
        let plan = try MegatronStrategy().plan(job, on: TestJobs.cluster(gpus: 16))
        var slowerJob = job
        slowerJob.recomputation = .none
        slowerJob.microbatch = 2
        let other = try MegatronStrategy().plan(slowerJob, on: TestJobs.cluster(gpus: 16))
        let simulation = Simulation(seed: 1)
        let executor = ClosedFormCollectives(simulation: simulation, timing: plan.costs.timing)
        let run = TrainingRun(simulation: simulation, executor: executor, plan: plan, steps: 10)
        run.start()
        simulation.schedule(at: .seconds(0.001)) { run.invalidate(replacing: other) }
        simulation.run()
        #expect(run.detailedSteps == 2)
        #expect(run.lastStep?.stepTime != nil)
        #expect(run.stepsCompleted == 10)
    }

    @Test func stepsPassedByAFastForwardSpanCountAtAHorizon() throws {
        let probe = try run(steps: 1, fastForward: true)
        let stepTime = try #require(probe.lastStep).stepTime
        let job = TestJobs.job(batch: 64, layout: ParallelLayout(tensor: 2, pipeline: 2, data: 4))
        let plan = try MegatronStrategy().plan(job, on: TestJobs.cluster(gpus: 16))
        let simulation = Simulation(seed: 1)
        let executor = ClosedFormCollectives(simulation: simulation, timing: plan.costs.timing)
        let run = TrainingRun(simulation: simulation, executor: executor, plan: plan, steps: 100)
        run.start()
        // Stop inside step 26 (the first, detailed step plus 24.5 fast-forwarded ones).
        simulation.run(until: SimTime(nanoseconds: stepTime.nanoseconds * 25 + stepTime.nanoseconds / 2))
        #expect(run.stepsCompleted == 1, "the span has not ended")
        #expect(run.stepsCompletedNow == 25)
    }
}

/// On the fabric, with a real change mid-run (the GPUs' clock drops, as under a power
/// cap, and the plan is re-priced), fast-forwarding and simulating every step agree.
@Suite struct MultiResolutionOnTheFabricTests {
    func finish(steps: Int, fastForward: Bool, capAt: SimTime?) throws -> (seconds: Double, detailed: Int) {
        let job = TestJobs.job(batch: 32, layout: ParallelLayout(tensor: 2, pipeline: 2, data: 4))
        let cluster = TestJobs.cluster(gpus: 16)
        let plan = try MegatronStrategy().plan(job, on: cluster)
        let capped = try MegatronStrategy().plan(job, on: cluster.atRelativeClock(0.7))
        let topology = try TopologyPreset.dgxA100SuperPOD.topology(nodes: 2)
        let simulation = Simulation(seed: 1)
        let network = NetworkSimulator(simulation: simulation)
        try topology.install(into: network)
        let executor = FabricCollectives(simulation: simulation, network: network, topology: topology)
        let run = TrainingRun(simulation: simulation, executor: executor, plan: plan, steps: steps, fastForward: fastForward)
        run.start()
        if let capAt { simulation.schedule(at: capAt) { run.invalidate(replacing: capped) } }
        simulation.run()
        return (try #require(run.finishedAt).seconds, run.detailedSteps)
    }

    @Test func aMidRunChangeIsResimulatedAndAgreesWithTheDetailedRun() throws {
        let steps = 30
        let probe = try finish(steps: 1, fastForward: true, capAt: nil).seconds
        let capAt = SimTime.seconds(probe * 12.5)
        let detailed = try finish(steps: steps, fastForward: false, capAt: capAt)
        let fast = try finish(steps: steps, fastForward: true, capAt: capAt)
        let unchanged = try finish(steps: steps, fastForward: true, capAt: nil)
        #expect(detailed.detailed == steps)
        #expect(fast.detailed == 2, "the first step and the first one after the change")
        #expect(abs(fast.seconds - detailed.seconds) / detailed.seconds < 0.001)
        #expect(fast.seconds > unchanged.seconds * 1.1, "the slower clock shows in the total")
    }
}
