import OrreryKernel
import Testing
@testable import OrreryResilience

@Suite struct TimelineTests {
    /// Without failures: 36,000 one-second steps, a checkpoint every 600 steps (59 before
    /// the end), each stalling 2 s + 14 GB / 64 GPUs / 25 GB/s when asynchronous.
    @Test func failureFreeAsynchronousRunStallsOnlyForSnapshots() throws {
        let result = try TrainingRun(configuration: Small.configuration(), seed: 1).run()
        let stall = 2 + 14e9 / 64 / 25e9
        #expect(result.finished)
        #expect(result.checkpointsCompleted == 59)
        #expect(abs(result.elapsedSeconds - (36_000 + 59 * stall)) < 1e-3)
        #expect(abs(result.ettr - 36_000 / result.elapsedSeconds) < 1e-9)
        #expect(result.interruptions == 0)
        #expect(abs(result.tokensTrained - 36e9) < 1)
    }

    /// Synchronous checkpoints stall for the write: 14 GB at min(10 GB/s, 8 × 2 GB/s) + 2 s.
    @Test func synchronousCheckpointsStallForTheWrite() throws {
        let checkpoint = try CheckpointPolicy(mode: .synchronous, interval: .fixed(seconds: 600))
        let result = try TrainingRun(configuration: Small.configuration(checkpoint: checkpoint), seed: 1).run()
        #expect(abs(result.elapsedSeconds - (36_000 + 59 * 3.4)) < 1e-3)
        #expect(result.checkpointsCompleted == 59)
    }

    @Test(arguments: [UInt64(3), 4])
    func sameSeedSameResult(seed: UInt64) throws {
        let configuration = Small.configuration(failures: Small.nodeFailures(perNodeHour: 0.05, replace: true),
                                                horizon: SimTime.hour.scaled(by: 20))
        let a = try TrainingRun(configuration: configuration, seed: seed).run().metrics
        let b = try TrainingRun(configuration: configuration, seed: seed).run().metrics
        let c = try TrainingRun(configuration: configuration, seed: seed + 100).run().metrics
        #expect(a == b, "seed \(seed)")
        #expect(a != c, "seed \(seed)")
    }

    /// Work since the last checkpoint is lost and recovery time is charged to the cause;
    /// time partitions into phases.
    @Test(arguments: [UInt64(5), 6])
    func failuresRollBackAndChargeTheirCause(seed: UInt64) throws {
        let recovery = try RecoveryPolicy(detectionSeconds: .constant(60), teardownSeconds: .constant(30),
                                          reinitialisationSeconds: .constant(120))
        // 8 h: shorter than the 10 h the budget takes without failures.
        let configuration = Small.configuration(failures: Small.nodeFailures(perNodeHour: 0.1), recovery: recovery,
                                                horizon: SimTime.hour.scaled(by: 8))
        let result = try TrainingRun(configuration: configuration, seed: seed).run()
        #expect(result.interruptions > 0, "seed \(seed)")
        #expect(result.lostRunningSecondsByMode[0] > 0, "seed \(seed)")
        #expect(!result.finished)
        #expect(abs(result.secondsByPhase.reduce(0, +) - 8 * 3600) < 1e-6, "seed \(seed)")
        // Recovery phases are all charged to the one cause.
        let recoverySeconds = RunPhase.allCases.filter(\.isRecovery).reduce(0.0) { $0 + result.secondsByPhase[$1.rawValue] }
        #expect(abs(result.downtimeSecondsByMode[0] - recoverySeconds) < 1e-6, "seed \(seed)")
        #expect(recoverySeconds >= 210, "seed \(seed)")
        // Every completed outage lasts at least detection + teardown + relaunch.
        let outages = try #require(result.outages, "seed \(seed)")
        #expect(outages.min >= 210 - 1e-6, "seed \(seed)")
        #expect(result.ettr < 1)
        #expect(abs(result.ettr - (result.secondsByPhase[0] - result.lostRunningSecondsByMode[0]) / (8 * 3600)) < 1e-12)
    }

    /// With no spares a hardware failure waits for repair (1 h); a large pool never waits.
    @Test(arguments: [UInt64(7), 8])
    func sparePoolAvoidsWaitingForRepair(seed: UInt64) throws {
        let failures = Small.nodeFailures(perNodeHour: 0.02, replace: true, repairHours: .constant(1))
        let none = try RecoveryPolicy(detectionSeconds: .constant(0), teardownSeconds: .constant(0),
                                      reinitialisationSeconds: .constant(0), warmSpareNodes: 0)
        let many = try RecoveryPolicy(detectionSeconds: .constant(0), teardownSeconds: .constant(0),
                                      reinitialisationSeconds: .constant(0), warmSpareNodes: 16)
        let horizon = SimTime.hour.scaled(by: 40)
        let starved = try TrainingRun(configuration: Small.configuration(failures: failures, recovery: none, horizon: horizon),
                                      seed: seed).run()
        let covered = try TrainingRun(configuration: Small.configuration(failures: failures, recovery: many, horizon: horizon),
                                      seed: seed).run()
        let waited = starved.secondsByPhase[RunPhase.waitingForNodes.rawValue]
        #expect(starved.interruptions > 0, "seed \(seed)")
        #expect(waited > 0.9 * 3600, "seed \(seed)")
        #expect(covered.secondsByPhase[RunPhase.waitingForNodes.rawValue] == 0, "seed \(seed)")
        #expect(covered.ettr > starved.ettr, "seed \(seed)")
    }

    /// A leaf failure takes down both nodes under it: with one spare and nodes drained
    /// after one failure, the job waits for good.
    @Test func leafFailureTakesDownEveryNodeUnderIt() throws {
        let leaf = try FailureModel(modes: [FailureMode(name: "leaf", scope: .leafSwitch, ratePerComponentHour: 0.2,
                                                        requiresReplacement: true, repairHours: .constant(2))])
        let recovery = try RecoveryPolicy(detectionSeconds: .constant(0), teardownSeconds: .constant(0),
                                          reinitialisationSeconds: .constant(0), warmSpareNodes: 1, drainAfterFailures: 1)
        let result = try TrainingRun(configuration: Small.configuration(failures: leaf, recovery: recovery,
                                                                        horizon: SimTime.hour.scaled(by: 30)), seed: 2).run()
        #expect(result.interruptions > 0)
        #expect(result.nodesDrained >= 2)
        #expect(result.nodesDrained >= result.interruptions)
        #expect(!result.finished)
        #expect(result.secondsByPhase[RunPhase.waitingForNodes.rawValue] > 0)
    }

    @Test func badProfilesAreRejected() {
        #expect(throws: ResilienceError.self) {
            try TrainingRunProfile(gpuCount: 12, gpusPerNode: 8, stepSeconds: 1, computeSeconds: 1, communicationSeconds: 0,
                                   idleSeconds: 0, tokensPerStep: 1, tokenBudget: 1, parameterCount: 1)
        }
        #expect(throws: ResilienceError.self) {
            try TrainingRunProfile(gpuCount: 8, gpusPerNode: 8, stepSeconds: 1, computeSeconds: 0.5, communicationSeconds: 0,
                                   idleSeconds: 0, tokensPerStep: 1, tokenBudget: 1, parameterCount: 1)
        }
    }
}

@Suite struct TimelineEdgeTests {
    /// No failures and a Young/Daly interval: the interval is the whole run (no checkpoints),
    /// and every metric is finite.
    @Test func dalyWithoutFailuresNeverCheckpoints() throws {
        let result = try TrainingRun(configuration: Small.configuration(checkpoint: CheckpointPolicy()), seed: 1).run()
        #expect(result.finished)
        #expect(result.checkpointsStarted == 0)
        #expect(result.metrics.allSatisfy { $0.value.isFinite })
    }

    /// Failures faster than recovery with no horizon: the run stops unfinished at the
    /// safety horizon (100 × the failure-free duration) instead of running forever.
    @Test func hopelessRunsStopAtTheSafetyHorizon() throws {
        let recovery = try RecoveryPolicy(detectionSeconds: .constant(600), teardownSeconds: .constant(0),
                                          reinitialisationSeconds: .constant(0))
        let profile = try TrainingRunProfile(
            gpuCount: 64, gpusPerNode: 8, stepSeconds: 1, computeSeconds: 0.7, communicationSeconds: 0.2, idleSeconds: 0.1,
            tokensPerStep: 1, tokenBudget: 3_600, parameterCount: 1e9)
        let configuration = try TrainingRunConfiguration(
            profile: profile, inventory: Small.inventory, failures: Small.nodeFailures(perNodeHour: 10),
            recovery: recovery, checkpoint: CheckpointPolicy(interval: .fixed(seconds: 1e6)), storage: Small.storage(),
            power: Small.power, cost: CostModel())
        let result = try TrainingRun(configuration: configuration, seed: 1).run()
        #expect(!result.finished)
        #expect(abs(result.elapsedSeconds - 360_000) < 1e-6)
    }
}
