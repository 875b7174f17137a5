public import OrreryKernel

/// One serving request's row in `requests`: its lifecycle in simulated time.
///
/// The store keeps its own row type rather than the serving model's record, so the
/// results layer depends on no serving code; the command line converts.
public struct RequestRow: Equatable, Sendable {
    public enum Status: String, Sendable {
        /// Its last output token came out.
        case finished
        /// Still queued or generating when the run stopped.
        case unfinished
        /// Never admitted (for example, longer than the model's context).
        case rejected
    }

    /// The serving workload's name, so several deployments share one table.
    public var workload: String
    /// The request's position in its trace.
    public var requestID: Int
    public var arrival: SimTime
    public var firstToken: SimTime?
    public var end: SimTime?
    public var promptTokens: Int
    public var outputTokens: Int
    /// Output tokens produced by the time the run stopped.
    public var generatedTokens: Int
    public var replica: Int?
    /// Times it was evicted and recomputed.
    public var preemptions: Int
    public var status: Status

    public init(
        workload: String, requestID: Int, arrival: SimTime, firstToken: SimTime?, end: SimTime?,
        promptTokens: Int, outputTokens: Int, generatedTokens: Int, replica: Int?, preemptions: Int,
        status: Status
    ) {
        self.workload = workload
        self.requestID = requestID
        self.arrival = arrival
        self.firstToken = firstToken
        self.end = end
        self.promptTokens = promptTokens
        self.outputTokens = outputTokens
        self.generatedTokens = generatedTokens
        self.replica = replica
        self.preemptions = preemptions
        self.status = status
    }
}
