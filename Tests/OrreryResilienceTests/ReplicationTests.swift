import OrreryKernel
import Testing
@testable import OrreryResilience

@Suite struct ReplicationTests {
    /// Replications use run indices 0..<N of one seed: the summary is reproducible and
    /// the interval is a real one.
    @Test func replicationsSummariseEveryMetric() throws {
        let configuration = Small.configuration(failures: Small.nodeFailures(perNodeHour: 0.05, replace: true),
                                                horizon: SimTime.hour.scaled(by: 8))
        let first = try TrainingRunReplications.run(configuration, seed: 7, replications: 4)
        let second = try TrainingRunReplications.run(configuration, seed: 7, replications: 4)
        #expect(first.summary == second.summary)
        let ettr = try #require(first.summary.first { $0.name == "resilience.ettr" })
        #expect(ettr.count == 4)
        let halfWidth = try #require(ettr.halfWidth)
        #expect(halfWidth > 0)
        #expect(ettr.lower < ettr.mean && ettr.mean < ettr.upper)
        let single = try TrainingRun(configuration: configuration, seed: 7, runIndex: 2).run()
        #expect(first.results[2].metrics == single.metrics)
    }

    @Test func zeroReplicationsIsAnError() {
        #expect(throws: ResilienceError.self) {
            try TrainingRunReplications.run(Small.configuration(), seed: 1, replications: 0)
        }
    }

    /// Weibull modes run in the timeline: replaced nodes renew their GPUs' clocks, and the
    /// count stays near N·T/mean (64 GPUs × 0.01/h over 40 h ≈ 25.6, wide band).
    @Test(arguments: [UInt64(1), 2])
    func weibullModesRunInTheTimeline(seed: UInt64) throws {
        let failures = try FailureModel(modes: [FailureMode(
            name: "gpu", scope: .gpu, ratePerComponentHour: 0.01, law: .weibull(shape: 1.5), requiresReplacement: true,
            repairHours: .constant(2))])
        let profile = try TrainingRunProfile(
            gpuCount: 64, gpusPerNode: 8, stepSeconds: 1, computeSeconds: 0.7, communicationSeconds: 0.2, idleSeconds: 0.1,
            tokensPerStep: 1, tokenBudget: 1e12, parameterCount: 1e9)
        let configuration = try TrainingRunConfiguration(
            profile: profile, inventory: Small.inventory, failures: failures, recovery: RecoveryPolicy(),
            checkpoint: CheckpointPolicy(), storage: Small.storage(), power: Small.power, cost: CostModel(),
            horizon: SimTime.hour.scaled(by: 40))
        let result = try TrainingRun(configuration: configuration, seed: seed).run()
        #expect(result.interruptions > 5 && result.interruptions < 60, "seed \(seed): \(result.interruptions)")
    }
}

@Suite struct TrainingRunLifetimeTests {
    /// A run stopped at its horizon leaves events pending; none of them may keep the run alive.
    @Test func aFinishedRunIsReleased() throws {
        weak var released: TrainingRun?
        do {
            let run = try TrainingRun(configuration: Small.configuration(
                failures: Small.nodeFailures(perNodeHour: 0.05, replace: true), horizon: SimTime.hour.scaled(by: 4)), seed: 1)
            _ = run.run()
            released = run
        }
        #expect(released == nil)
    }
}
