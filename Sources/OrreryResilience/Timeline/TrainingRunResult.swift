import OrreryKernel

/// What one training run cost: time, lost work by cause, checkpoints, energy and money.
public struct TrainingRunResult: Sendable {
    /// Simulated seconds from start to the end of the budget (or the horizon).
    public let elapsedSeconds: Double
    /// Whether the token budget was consumed (false: the horizon came first).
    public let finished: Bool
    /// Steps trained and kept (rolled-back work excluded).
    public let keptSteps: Double
    public let tokensTrained: Double
    /// Seconds spent in each phase, indexed by ``RunPhase/rawValue``.
    public let secondsByPhase: [Double]
    /// Failure mode names, in the configuration's order; the per-mode arrays follow it.
    public let modeNames: [String]
    public let interruptionsByMode: [Int]
    public let lostRunningSecondsByMode: [Double]
    public let downtimeSecondsByMode: [Double]
    public let checkpointIntervalSeconds: Double
    public let checkpointsStarted: Int
    public let checkpointsCompleted: Int
    public let checkpointsAborted: Int
    public let checkpointsSkipped: Int
    public let nodesDrained: Int
    /// Seconds the job ran above a cap it could not meet even at the minimum clock.
    public let capExceededSeconds: Double
    public let gpuEnergyJoules: Double
    public let nodeEnergyJoules: Double
    public let facilityEnergyJoules: Double
    /// Highest facility power (a step's compute peak while running).
    public let peakFacilityWatts: Double
    /// Highest IT power of one rack (0 when racks are not modelled).
    public let peakRackWatts: Double
    /// Whether the power model has racks (the series and metrics per rack exist).
    public let hasRacks: Bool
    /// Largest step change of the job's mean facility power (a failure or checkpoint stall
    /// stopping every GPU at once).
    public let largestSwingWatts: Double
    /// Facility swing inside one step, all GPUs between compute and exposed communication.
    public let stepSwingWatts: Double
    /// One point per power change (only the first unless the run recorded the series).
    public let powerSeries: [PowerSample]
    /// Outage lengths (failure to running again, excluding rolled-back work); nil without outages.
    public let outages: SampleSummary?
    /// Every interruption, in time order.
    public let failures: [FailureEvent]
    /// Every checkpoint started or skipped, in time order.
    public let checkpoints: [CheckpointEvent]
    /// Kernel events the run took (for speed reports).
    public let events: UInt64
    /// Steps the token budget needs.
    public let totalSteps: Double
    let gpuCount: Int
    let idealStepSeconds: Double
    let cost: CostModel

    init(configuration: TrainingRunConfiguration, record: TrainingRunRecord, keptSteps: Double, finished: Bool,
         elapsedSeconds: Double, events: UInt64) {
        let profile = configuration.profile
        self.elapsedSeconds = elapsedSeconds
        self.finished = finished
        self.keptSteps = keptSteps
        tokensTrained = keptSteps * profile.tokensPerStep
        secondsByPhase = record.secondsByPhase
        modeNames = record.modes
        interruptionsByMode = record.interruptionsByMode
        lostRunningSecondsByMode = record.lostRunningSecondsByMode
        downtimeSecondsByMode = record.downtimeSecondsByMode
        checkpointIntervalSeconds = record.intervalSeconds
        checkpointsStarted = record.checkpointsStarted
        checkpointsCompleted = record.checkpointsCompleted
        checkpointsAborted = record.checkpointsAborted
        checkpointsSkipped = record.checkpointsSkipped
        nodesDrained = record.nodesDrained
        capExceededSeconds = record.capExceededSeconds
        gpuEnergyJoules = record.gpuJoules
        nodeEnergyJoules = record.nodeJoules
        facilityEnergyJoules = record.facilityJoules
        peakFacilityWatts = record.peakFacilityWatts
        peakRackWatts = record.peakRackWatts
        hasRacks = configuration.power.racks != nil
        largestSwingWatts = record.largestSwingWatts
        let power = configuration.power
        stepSwingWatts = power.powerUsageEffectiveness * Double(profile.gpuCount)
            * max(0, power.gpuComputeWatts - power.gpuCommunicationWatts)
        powerSeries = record.powerSeries
        outages = SampleSummary(record.outageSeconds)
        failures = record.failures
        checkpoints = record.checkpoints
        self.events = events
        totalSteps = profile.totalSteps
        gpuCount = profile.gpuCount
        idealStepSeconds = profile.stepSeconds
        cost = configuration.cost
    }

    public var interruptions: Int { interruptionsByMode.reduce(0, +) }

    /// Effective training time ratio: time spent on steps that were kept / elapsed time.
    public var ettr: Double {
        let running = secondsByPhase[RunPhase.running.rawValue]
        let lost = lostRunningSecondsByMode.reduce(0, +)
        return elapsedSeconds > 0 ? (running - lost) / elapsedSeconds : 0
    }

    /// Kept tokens per elapsed second.
    public var goodputTokensPerSecond: Double { elapsedSeconds > 0 ? tokensTrained / elapsedSeconds : 0 }

    /// Time the kept steps would take at full speed with no failures / elapsed time.
    public var goodputFraction: Double { elapsedSeconds > 0 ? keptSteps * idealStepSeconds / elapsedSeconds : 0 }

    /// Time to consume the budget: elapsed if finished, else extrapolated at the run's goodput.
    public var timeToTrainSeconds: Double {
        finished ? elapsedSeconds : (keptSteps > 0 ? elapsedSeconds * totalSteps / keptSteps : .infinity)
    }

    /// GPU-hours lost to each mode: rolled-back work plus recovery downtime, × GPUs.
    public var lostGPUHoursByMode: [Double] {
        zip(lostRunningSecondsByMode, downtimeSecondsByMode).map { ($0 + $1) * Double(gpuCount) / 3600 }
    }

    /// GPU-hours spent stalled for checkpoints.
    public var checkpointGPUHours: Double { secondsByPhase[RunPhase.checkpointStall.rawValue] * Double(gpuCount) / 3600 }

    public var facilityKilowattHours: Double { facilityEnergyJoules / 3.6e6 }
    public var tonnesCO2: Double { facilityKilowattHours * cost.gridGramsCO2PerKilowattHour / 1e6 }
    public var gpuHourCost: Double { elapsedSeconds * Double(gpuCount) / 3600 * cost.pricePerGPUHour }
    public var energyCost: Double { facilityKilowattHours * cost.pricePerKilowattHour }
}
