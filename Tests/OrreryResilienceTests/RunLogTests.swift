import OrreryKernel
import Testing
@testable import OrreryResilience

/// The failure and checkpoint logs agree with the run's totals, event by event.
@Suite struct RunLogTests {
    @Test(arguments: [(UInt64(7), CheckpointPolicy.Mode.asynchronous), (8, .asynchronous), (9, .synchronous)])
    func logsAgreeWithTotals(seed: UInt64, mode: CheckpointPolicy.Mode) throws {
        let recovery = try RecoveryPolicy(detectionSeconds: .constant(60), teardownSeconds: .constant(30),
                                          reinitialisationSeconds: .constant(120), warmSpareNodes: 1)
        let configuration = Small.configuration(
            failures: Small.nodeFailures(perNodeHour: 0.05, replace: true, repairHours: .constant(2)), recovery: recovery,
            checkpoint: try CheckpointPolicy(mode: mode, interval: .fixed(seconds: 600)), horizon: SimTime.hour.scaled(by: 12))
        let result = try TrainingRun(configuration: configuration, seed: seed).run()
        #expect(result.failures.count == result.interruptions, "seed \(seed)")
        #expect(result.failures.count > 0, "seed \(seed)")
        let rolledBack = result.failures.reduce(0) { $0 + $1.rolledBackSeconds }
        #expect(abs(rolledBack - result.lostRunningSecondsByMode[0]) < 1e-6, "seed \(seed)")
        #expect(zip(result.failures, result.failures.dropFirst()).allSatisfy { $0.time <= $1.time })
        for failure in result.failures {
            #expect(failure.nodesStruck == 1, "seed \(seed)")
            if let resumed = failure.resumedAt { #expect(resumed.seconds >= failure.time.seconds + 210 - 1e-6) }
        }
        // Outages: the failures that ended one share its resume time.
        #expect(Set(result.failures.compactMap(\.resumedAt)).count == result.outages?.count, "seed \(seed)")

        let outcomes = result.checkpoints.map(\.outcome)
        #expect(outcomes.filter { $0 == .completed }.count == result.checkpointsCompleted, "seed \(seed)")
        #expect(outcomes.filter { $0 == .aborted }.count == result.checkpointsAborted, "seed \(seed)")
        #expect(outcomes.filter { $0 == .skipped }.count == result.checkpointsSkipped, "seed \(seed)")
        for checkpoint in result.checkpoints where checkpoint.outcome == .completed {
            let persisted = try #require(checkpoint.persistedAt)
            let stallEnd = try #require(checkpoint.stallEndedAt)
            #expect(checkpoint.startedAt < stallEnd && stallEnd <= persisted, "seed \(seed)")
            if mode == .synchronous { #expect(stallEnd == persisted, "a synchronous checkpoint stalls until it is written") }
            #expect(checkpoint.bytes == 14e9)
        }
    }
}
