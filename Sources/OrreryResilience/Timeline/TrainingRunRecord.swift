/// The raw tallies a ``TrainingRun`` keeps as it goes; ``TrainingRunResult`` derives
/// the reported figures from them.
struct TrainingRunRecord {
    let modes: [String]
    let intervalSeconds: Double
    var secondsByPhase = [Double](repeating: 0, count: RunPhase.allCases.count)
    var interruptionsByMode: [Int]
    /// Seconds of training rolled back by each mode's failures.
    var lostRunningSecondsByMode: [Double]
    /// Seconds of recovery charged to each mode (detection to running again).
    var downtimeSecondsByMode: [Double]
    var checkpointsStarted = 0
    var checkpointsCompleted = 0
    var checkpointsAborted = 0
    var checkpointsSkipped = 0
    var nodesDrained = 0
    var capChanges = 0
    var capExceededSeconds = 0.0
    var gpuJoules = 0.0
    var nodeJoules = 0.0
    var facilityJoules = 0.0
    var peakFacilityWatts = 0.0
    var peakRackWatts = 0.0
    var largestSwingWatts = 0.0
    var powerSeries: [PowerSample] = []
    /// Seconds from a failure to running again, one entry per completed outage.
    var outageSeconds: [Double] = []
    /// Every interruption and every checkpoint, in time order.
    var failures: [FailureEvent] = []
    var checkpoints: [CheckpointEvent] = []

    init(modes: [String], intervalSeconds: Double) {
        self.modes = modes
        self.intervalSeconds = intervalSeconds
        interruptionsByMode = Array(repeating: 0, count: modes.count)
        lostRunningSecondsByMode = Array(repeating: 0, count: modes.count)
        downtimeSecondsByMode = Array(repeating: 0, count: modes.count)
    }
}
