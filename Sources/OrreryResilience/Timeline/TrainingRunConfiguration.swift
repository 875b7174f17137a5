import OrreryKernel
import OrreryStorage

/// Everything one simulated training run needs; build it once, run it under many seeds.
public struct TrainingRunConfiguration: Sendable, Equatable {
    public var profile: TrainingRunProfile
    public var inventory: FailureInventory
    public var failures: FailureModel
    public var recovery: RecoveryPolicy
    public var checkpoint: CheckpointPolicy
    public var storage: StorageSystem
    public var power: PowerModel
    public var cost: CostModel
    /// The run stops here even if tokens remain (nil: run until the budget is consumed).
    public var horizon: SimTime?
    /// Keep the power time series in the result (one point per power change).
    public var recordPowerSeries: Bool

    public init(
        profile: TrainingRunProfile, inventory: FailureInventory, failures: FailureModel, recovery: RecoveryPolicy,
        checkpoint: CheckpointPolicy, storage: StorageSystem, power: PowerModel, cost: CostModel,
        horizon: SimTime? = nil, recordPowerSeries: Bool = false
    ) throws(ResilienceError) {
        guard inventory.gpuCount == profile.gpuCount, inventory.gpusPerNode == profile.gpusPerNode else {
            throw .invalidParameter(name: "inventory", value: "\(inventory.gpuCount) GPUs, \(inventory.gpusPerNode) per node",
                                    expected: "the profile's \(profile.gpuCount) GPUs, \(profile.gpusPerNode) per node")
        }
        if let horizon, horizon <= .zero {
            throw .invalidParameter(name: "run.horizon", value: "\(horizon)", expected: "> 0")
        }
        self.profile = profile
        self.inventory = inventory
        self.failures = failures
        self.recovery = recovery
        self.checkpoint = checkpoint
        self.storage = storage
        self.power = power
        self.cost = cost
        self.horizon = horizon
        self.recordPowerSeries = recordPowerSeries
    }

    /// The analytic mean time between interruptions, seconds.
    public var mtbfSeconds: Double { failures.jobMTBFSeconds(inventory) }

    /// Seconds of training between checkpoints under this configuration.
    public var checkpointIntervalSeconds: Double {
        checkpoint.intervalSeconds(profile, storage: storage, mtbfSeconds: mtbfSeconds)
    }
}
