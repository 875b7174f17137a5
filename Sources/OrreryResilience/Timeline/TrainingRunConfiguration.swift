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
    /// Steps re-simulated by the step engine at the clocks the power caps impose; a clock
    /// without one falls back to the closed form (compute / f + communication + idle).
    public var clockedSteps: [ClockedStep] = []

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

    /// The step at relative clock `f`: re-simulated if supplied, else in closed form.
    public func stepTiming(atFrequency f: Double) -> StepTiming {
        if f >= 1 { return StepTiming(profile: profile, frequency: 1) }
        return clockedSteps.first { abs($0.frequency - f) <= 1e-12 }?.timing ?? StepTiming(profile: profile, frequency: f)
    }

    /// The relative clocks the power caps will impose below full speed, in cap order,
    /// without repeats: the clocks a step engine should re-simulate the step at.
    public var cappedFrequencies: [Double] {
        var result: [Double] = []
        let rackOnly = power.frequency(profile, facilityCapWatts: nil).frequency
        if rackOnly < 1 { result.append(rackOnly) }
        for cap in power.caps {
            let f = power.frequency(profile, facilityCapWatts: cap.facilityWatts).frequency
            if f < 1, !result.contains(f) { result.append(f) }
        }
        return result
    }

    /// The analytic mean time between interruptions, seconds.
    public var mtbfSeconds: Double { failures.jobMTBFSeconds(inventory) }

    /// Seconds of training between checkpoints under this configuration.
    public var checkpointIntervalSeconds: Double {
        checkpoint.intervalSeconds(profile, storage: storage, mtbfSeconds: mtbfSeconds)
    }
}
