import OrreryKernel

/// One inference request as a trace gives it: when it arrives and how many tokens it
/// brings and asks for.
public struct ServingRequest: Hashable, Sendable {
    /// The most prompt or output tokens a trace row may give: far beyond any model's
    /// context (10⁸), and small enough that prompt + output cannot overflow an Int.
    public static let maximumTokens = 100_000_000

    /// Position in the trace (0-based), kept through sorting so records map back to rows.
    public var id: Int
    /// Arrival time, relative to the trace's first request.
    public var arrival: SimTime
    /// Prompt (context) tokens, ≥ 1.
    public var promptTokens: Int
    /// Tokens to generate, ≥ 1 (the first comes out of the prefill).
    public var outputTokens: Int
    /// Hashes of the prompt's prefix blocks, in order (Mooncake's `hash_ids`: block `i`
    /// covers tokens `i·B ..< (i+1)·B` for the trace's block size `B`, and its hash stands
    /// for the whole prefix up to there). Empty when the trace carries none.
    public var prefixHashes: [Int]

    public init(id: Int, arrival: SimTime, promptTokens: Int, outputTokens: Int, prefixHashes: [Int] = []) {
        self.id = id
        self.arrival = arrival
        self.promptTokens = promptTokens
        self.outputTokens = outputTokens
        self.prefixHashes = prefixHashes
    }
}

extension Array where Element == ServingRequest {
    /// Mean arrival rate in requests per second over the span from first to last arrival
    /// (zero for fewer than two requests or a zero span).
    public var arrivalRatePerSecond: Double {
        guard count > 1, let first = self.map(\.arrival).min(), let last = self.map(\.arrival).max(),
            last > first
        else { return 0 }
        return Double(count - 1) / (last - first).seconds
    }
}
