import OrreryFabric
import OrreryKernel
import OrreryStorage
import Testing
@testable import OrreryResilience

@Suite struct CheckpointTests {
    @Test func youngAndDalyMatchHandValues() {
        #expect(abs(CheckpointPolicy.young(checkpointSeconds: 72, mtbfSeconds: 3600) - 720) < 1e-9)
        // x = δ/2M = 0.01: 720·(1 + 0.1/3 + 0.01/9) − 72.
        let daly = 720 * (1 + 0.1 / 3 + 0.01 / 9) - 72
        #expect(abs(CheckpointPolicy.daly(checkpointSeconds: 72, mtbfSeconds: 3600) - daly) < 1e-9)
        #expect(CheckpointPolicy.daly(checkpointSeconds: 8000, mtbfSeconds: 3600) == 3600)
    }

    @Test func sizeAndStallFollowTheModelAndStorage() throws {
        let async = try CheckpointPolicy()
        #expect(async.bytes(Small.profile) == 14e9)
        #expect(abs(async.stallSeconds(Small.profile, storage: Small.storage()) - (2 + 14e9 / 64 / 25e9)) < 1e-12)
        let sync = try CheckpointPolicy(mode: .synchronous)
        #expect(abs(sync.stallSeconds(Small.profile, storage: Small.storage()) - 3.4) < 1e-12)
    }

    /// Sweeping the interval of synchronous checkpoints (δ = 72 s: 14 GB at 0.2 GB/s + 2 s)
    /// against a 1-hour job MTBF, the interval with the best mean ETTR lands within a
    /// factor 1.6 of Daly's optimum (≈ 673 s). Common random numbers across intervals.
    @Test func simulatedOptimumIsNearDaly() throws {
        let storage = Small.storage(aggregate: 0.2e9)
        let failures = Small.nodeFailures(perNodeHour: 1.0 / 8)  // 8 nodes: one failure per hour
        let budget = try TrainingRunProfile(
            gpuCount: 64, gpusPerNode: 8, stepSeconds: 1, computeSeconds: 0.7, communicationSeconds: 0.2, idleSeconds: 0.1,
            tokensPerStep: 1, tokenBudget: 1e12, parameterCount: 1e9)
        func configuration(_ interval: CheckpointPolicy.Interval) throws -> TrainingRunConfiguration {
            try TrainingRunConfiguration(
                profile: budget, inventory: Small.inventory, failures: failures, recovery: Small.instantRecovery,
                checkpoint: CheckpointPolicy(mode: .synchronous, interval: interval), storage: storage, power: Small.power,
                cost: CostModel(), horizon: SimTime.hour.scaled(by: 300))
        }
        let analytic = try configuration(.daly).checkpointIntervalSeconds
        #expect(abs(analytic - (720 * (1 + 0.1 / 3 + 0.01 / 9) - 72)) < 1)
        let intervals: [Double] = [150, 250, 400, 550, 700, 900, 1150, 1500, 2000, 3000]
        var best = (interval: 0.0, ettr: 0.0)
        for interval in intervals {
            var ettr = 0.0
            for seed: UInt64 in [1, 2, 3] {
                ettr += try TrainingRun(configuration: configuration(.fixed(seconds: interval)), seed: seed).run().ettr / 3
            }
            if ettr > best.ettr { best = (interval, ettr) }
        }
        print("best interval \(best.interval) s (ETTR \(best.ettr)), Daly \(analytic) s")
        #expect(best.interval >= analytic / 1.6 && best.interval <= analytic * 1.6)
    }

    /// Two transfers on one storage tier share its bandwidth (max-min): each takes twice
    /// as long as alone.
    @Test func storageTransfersContend() throws {
        func finishTimes(transfers: Int) throws -> [Double] {
            let simulation = Simulation(seed: 1)
            let storage = try StorageNetwork(network: NetworkSimulator(simulation: simulation), system: Small.storage())
            var done: [Double] = []
            for _ in 0..<transfers {
                storage.transfer(bytes: 10e9, nodes: 8, target: .parallelFileSystem) { done.append($0.seconds) }
            }
            simulation.run()
            return done
        }
        #expect(try finishTimes(transfers: 1).map { ($0 * 1e6).rounded() } == [1e6])
        #expect(try finishTimes(transfers: 2).map { ($0 * 1e6).rounded() } == [2e6, 2e6])
    }

    /// A host bounce buffer limits a node to copy cores × per-core memory bandwidth / 2.
    @Test func hostBounceIsLimitedByMemoryCopies() {
        let direct = Small.storage(aggregate: 1e12, perClient: 25e9)
        let bounce = Small.storage(aggregate: 1e12, perClient: 25e9, path: .hostBounce(copyCores: 2, perCoreMemoryBytesPerSecond: 2e9))
        #expect(direct.perNodeBytesPerSecond(direct.parallelFileSystem) == 25e9)
        #expect(bounce.perNodeBytesPerSecond(bounce.parallelFileSystem) == 2e9)
        #expect(abs(bounce.uncontendedSeconds(bytes: 16e9, nodes: 8, target: .parallelFileSystem) - 1) < 1e-12)
    }

    /// An asynchronous interval never undercuts its own background write (here 70 s of
    /// writing against a Daly optimum of about 47 s for δ ≈ 2 s, M = 600 s).
    @Test func asynchronousIntervalCoversTheBackgroundWrite() throws {
        let storage = Small.storage(aggregate: 0.2e9)
        let policy = try CheckpointPolicy()
        let write = storage.uncontendedSeconds(bytes: 14e9, nodes: 8, target: .parallelFileSystem)
        #expect(abs(write - 70) < 1e-9)
        #expect(policy.intervalSeconds(Small.profile, storage: storage, mtbfSeconds: 600) == write)
        #expect(policy.intervalSeconds(Small.profile, storage: Small.storage(), mtbfSeconds: 600) < 60)
    }

    @Test func badCheckpointPoliciesAreRejected() {
        #expect(throws: ResilienceError.self) { try CheckpointPolicy(bytesPerParameter: 0) }
        #expect(throws: ResilienceError.self) { try CheckpointPolicy(interval: .fixed(seconds: -5)) }
    }
}

@Suite struct DataLoadingTests {
    /// Training-data reads (1 GB/s per node, 8 GB/s of the 10 GB/s tier) leave 2 GB/s for a
    /// background checkpoint write: 14 GB then takes 7 s, longer than a 5 s interval, so
    /// snapshots find the previous write still going and are skipped. Without data loading
    /// the write takes 1.4 s and none are skipped.
    @Test func dataLoadingSlowsBackgroundWrites() throws {
        let checkpoint = try CheckpointPolicy(interval: .fixed(seconds: 5))
        let quiet = try TrainingRun(configuration: Small.configuration(checkpoint: checkpoint,
                                                                       horizon: SimTime.hour), seed: 1).run()
        var loaded = Small.storage()
        loaded.dataLoadingBytesPerSecondPerNode = 1e9
        let busy = try TrainingRun(configuration: Small.configuration(checkpoint: checkpoint, storage: loaded,
                                                                      horizon: SimTime.hour), seed: 1).run()
        #expect(quiet.checkpointsSkipped == 0)
        #expect(busy.checkpointsSkipped > 0)
        #expect(busy.checkpointsCompleted < quiet.checkpointsCompleted)
    }

    @Test func negativeDataLoadingIsRejected() throws {
        let tier = try StorageTier(aggregateBytesPerSecond: 1e9, perClientBytesPerSecond: 1e9, metadataLatency: .zero)
        #expect(throws: StorageError.self) {
            try StorageSystem(parallelFileSystem: tier, objectStore: tier, clientNetworkBytesPerSecond: 1e9,
                              dataLoadingBytesPerSecondPerNode: -1)
        }
    }
}
