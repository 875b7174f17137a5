import OrreryKernel

/// A synthetic open-loop workload: Poisson arrivals (exponential gaps) at a fixed rate,
/// prompt and output lengths drawn from lognormal distributions, rounded and clamped to
/// `[1, maximum]`. All draws come from one named stream, so the trace depends only on the
/// seed and the stream's name.
public struct SyntheticTrace: Sendable, Equatable {
    /// Mean arrival rate, requests per second.
    public var ratePerSecond: Double
    /// Prompt length distribution, tokens (median e^mu).
    public var promptTokens: Distribution
    /// Output length distribution, tokens.
    public var outputTokens: Distribution
    /// Upper clamp for each length, tokens.
    public var maximumPromptTokens: Int
    public var maximumOutputTokens: Int

    /// The random stream the generator draws from; scenarios name it after their workload
    /// (`serving.<name>.arrivals`) so that adding a workload never shifts another's draws.
    public var streamName = "serving.arrivals"

    public init(
        ratePerSecond: Double, promptTokens: Distribution, outputTokens: Distribution,
        maximumPromptTokens: Int = 4096, maximumOutputTokens: Int = 4096
    ) throws(ServingError) {
        guard ratePerSecond.isFinite, ratePerSecond > 0 else {
            throw .invalidConfiguration("synthetic trace: rate must be > 0 requests/s, got \(ratePerSecond)")
        }
        do {
            self.promptTokens = try promptTokens.validated()
            self.outputTokens = try outputTokens.validated()
        } catch {
            throw .invalidConfiguration("synthetic trace: \(error.message)")
        }
        guard maximumPromptTokens >= 1, maximumOutputTokens >= 1 else {
            throw .invalidConfiguration("synthetic trace: maximum lengths must be ≥ 1")
        }
        self.ratePerSecond = ratePerSecond
        self.maximumPromptTokens = maximumPromptTokens
        self.maximumOutputTokens = maximumOutputTokens
    }

    /// `count` requests, the first arriving after one exponential gap from zero.
    public func generate(count: Int, random: RandomStreams) -> [ServingRequest] {
        let stream = random.stream(streamName)
        let gap = Distribution.exponential(mean: 1 / ratePerSecond)
        var clockSeconds = 0.0
        var out: [ServingRequest] = []
        out.reserveCapacity(max(count, 0))
        for id in 0..<max(count, 0) {
            clockSeconds += stream.sample(gap)
            let prompt = Self.clamp(stream.sample(promptTokens), maximumPromptTokens)
            let output = Self.clamp(stream.sample(outputTokens), maximumOutputTokens)
            out.append(ServingRequest(id: id, arrival: .seconds(clockSeconds), promptTokens: prompt, outputTokens: output))
        }
        return out
    }

    private static func clamp(_ draw: Double, _ maximum: Int) -> Int {
        guard draw.isFinite else { return maximum }
        return Swift.min(Swift.max(Int(draw.rounded()), 1), maximum)
    }
}
