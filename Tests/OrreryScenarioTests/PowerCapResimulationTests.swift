import Foundation
import OrreryKernel
import OrreryResilience
import OrreryTraining
import Testing
@testable import OrreryScenario

/// A power cap re-simulates the training step at the clock it imposes rather than
/// scaling the unthrottled step: GEMMs slow down, memory-bound kernels and the network
/// do not.
@Suite struct PowerCapResimulationTests {
    static let yaml = """
        name: capped
        run: { seed: 3, horizon: 1d }
        cluster:
          nodes:
            - { type: DGX-H100, count: 2 }
        workloads:
          - kind: training
            name: gpt
            model: { layers: 8, hidden: 4096, heads: 32, vocabulary: 32000, ffn-type: swiglu, ffn: 11008 }
            parallelism: { tp: 8, dp: 2 }
            global-batch: 32
            tokens: 1T
            checkpoint: { interval: 1h, mode: async }
        power: { pue: 1.1, cap: 14kW }
        """

    @Test func aCapReplacesTheStepWithOneSimulatedAtTheCappedClock() throws {
        let directory = try scratchDirectory(["s.yaml": Self.yaml])
        let scenario = try Scenario.load(path: directory + "/s.yaml")
        let prepared = scenario.prepare(seed: 3)
        prepared.simulation.run(until: prepared.horizon)
        let job = try #require(prepared.training.first)
        let nominal = try #require(job.run.lastStep)
        // At full clock the re-simulation is the step the run priced.
        let again = try job.resimulatedStep(atRelativeClock: 1, topology: prepared.topology)
        #expect(again.stepTime == nominal.stepTime)

        let profile = try #require(try job.resilienceProfile())
        let power = try PowerModel(node: job.workload.plan.cluster.node, powerUsageEffectiveness: 1.1)
        let f = power.frequency(profile, facilityCapWatts: 14_000).frequency
        #expect(f < 0.9 && f > 0.5, "\(f)")
        let capped = try job.resimulatedStep(atRelativeClock: f, topology: prepared.topology)
        let closedForm = power.stepSeconds(profile, frequency: f)
        // Slower than nominal, faster than stretching every kernel by 1/f.
        #expect(capped.stepTime.seconds > nominal.stepTime.seconds * 1.05)
        #expect(capped.stepTime.seconds < closedForm * 0.99, "\(capped.stepTime.seconds) vs \(closedForm)")

        // The timeline trains at the re-simulated step's pace.
        let run = try #require(try prepared.resilienceRun())
        let metrics = Dictionary(run.result.metrics.map { ($0.name, $0.value) }) { _, last in last }
        let running = run.result.secondsByPhase[RunPhase.running.rawValue]
        let steps = try #require(metrics["resilience.tokens"]) / profile.tokensPerStep
        #expect(abs(steps * capped.stepTime.seconds - running) / running < 1e-6)
    }
}
