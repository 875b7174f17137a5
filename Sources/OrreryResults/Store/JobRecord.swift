public import OrreryKernel

/// One job's row in `jobs`: its lifecycle in simulated time.
///
/// Queueing delay and job completion time are derived here (and stored as `queue_ns`
/// and `jct_ns`) so every reader computes them the same way.
public struct JobRecord: Equatable, Sendable {
    public var jobID: String
    public var tenant: String
    /// GPUs requested.
    public var gpus: Int
    public var submit: SimTime
    /// `nil` if the job never started.
    public var start: SimTime?
    /// `nil` if the job never finished.
    public var end: SimTime?
    /// Free text from the scheduler (for example `completed`, `running`, `queued`, `rejected`).
    public var status: String
    /// Free text describing where the job ran (for example a list of node names).
    public var placement: String

    public init(
        jobID: String, tenant: String, gpus: Int, submit: SimTime, start: SimTime?, end: SimTime?,
        status: String, placement: String
    ) {
        self.jobID = jobID
        self.tenant = tenant
        self.gpus = gpus
        self.submit = submit
        self.start = start
        self.end = end
        self.status = status
        self.placement = placement
    }

    /// Time from submission to start (`queue_ns`); `nil` until the job starts.
    public var queueTime: SimTime? { start.map { $0 - submit } }

    /// Job completion time, from submission to end (`jct_ns`); `nil` until the job ends.
    public var completionTime: SimTime? { end.map { $0 - submit } }
}
