import OrreryKernel
import OrreryStorage
@testable import OrreryResilience

/// A small job for fast tests: 64 GPUs on 8 nodes, 1-second steps (0.7 s compute, 0.2 s
/// communication, 0.1 s idle), 1 B parameters (14 GB checkpoints), a 10 GB/s file system
/// with 2 GB/s per node, no metadata latency.
enum Small {
    static let profile = try! TrainingRunProfile(
        gpuCount: 64, gpusPerNode: 8, stepSeconds: 1, computeSeconds: 0.7, communicationSeconds: 0.2, idleSeconds: 0.1,
        tokensPerStep: 1_000_000, tokenBudget: 36_000 * 1_000_000, parameterCount: 1e9)

    static let inventory = try! FailureInventory(gpuCount: 64, gpusPerNode: 8, nodesPerLeaf: 2)

    static func storage(aggregate: Double = 10e9, perClient: Double = 2e9, path: StorageDataPath = .gpuDirect) -> StorageSystem {
        let tier = try! StorageTier(aggregateBytesPerSecond: aggregate, perClientBytesPerSecond: perClient, metadataLatency: .zero)
        return try! StorageSystem(parallelFileSystem: tier, objectStore: tier, dataPath: path, clientNetworkBytesPerSecond: 25e9)
    }

    /// Instant detection, teardown and relaunch: a failure costs only lost work and the checkpoint read.
    static let instantRecovery = try! RecoveryPolicy(
        detectionSeconds: .constant(0), teardownSeconds: .constant(0), reinitialisationSeconds: .constant(0))

    static let power = try! PowerModel(
        gpuComputeWatts: 700, gpuCommunicationWatts: 400, gpuIdleWatts: 100, nodeOverheadActiveWatts: 2000,
        nodeOverheadIdleWatts: 1000, powerUsageEffectiveness: 1.2)

    /// One software-like failure mode (no replacement) on every node at `perNodeHour`.
    static func nodeFailures(perNodeHour: Double, replace: Bool = false, repairHours: Distribution = .constant(1))
        -> FailureModel
    {
        try! FailureModel(modes: [FailureMode(name: "node", scope: .node, ratePerComponentHour: perNodeHour,
                                              requiresReplacement: replace, repairHours: repairHours)])
    }

    static func configuration(
        failures: FailureModel = .none, recovery: RecoveryPolicy = instantRecovery,
        checkpoint: CheckpointPolicy = try! CheckpointPolicy(interval: .fixed(seconds: 600)),
        storage: StorageSystem = storage(), power: PowerModel = power, horizon: SimTime? = nil,
        recordPowerSeries: Bool = false
    ) -> TrainingRunConfiguration {
        try! TrainingRunConfiguration(
            profile: profile, inventory: inventory, failures: failures, recovery: recovery, checkpoint: checkpoint,
            storage: storage, power: power, cost: CostModel(), horizon: horizon, recordPowerSeries: recordPowerSeries)
    }
}
