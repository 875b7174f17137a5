import OrreryKernel

/// What happened to one request: the per-request output of a serving run.
public struct RequestRecord: Hashable, Sendable {
    /// The request's ``ServingRequest/id`` (its trace position).
    public var id: Int
    public var arrival: SimTime
    /// When it was first admitted to a batch, if it has been.
    public var firstScheduled: SimTime?
    /// When the first output token came out (end of its prefill), if it has.
    public var firstToken: SimTime?
    /// When the last output token came out, if it has.
    public var completion: SimTime?
    public var promptTokens: Int
    public var outputTokens: Int
    /// Output tokens produced so far.
    public var generatedTokens: Int
    /// Replica it was routed to (nil if rejected or not yet arrived).
    public var replica: Int?
    /// Times it was evicted and recomputed.
    public var preemptions: Int
    /// True if it could never be served (prompt + output beyond the model's context).
    public var rejected: Bool

    /// Queueing delay, arrival → first admitted to a batch.
    public var queueingDelay: SimTime? { firstScheduled.map { $0 - arrival } }
    /// Time to first token, arrival → first token.
    public var timeToFirstToken: SimTime? { firstToken.map { $0 - arrival } }
    /// End-to-end latency, arrival → last token.
    public var endToEnd: SimTime? { completion.map { $0 - arrival } }
    /// Mean time per output token after the first, seconds (nil for one-token outputs).
    public var timePerOutputToken: Double? {
        guard let firstToken, let completion, outputTokens > 1 else { return nil }
        return (completion - firstToken).seconds / Double(outputTokens - 1)
    }
}
