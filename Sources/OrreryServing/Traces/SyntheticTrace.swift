import OrreryKernel

/// A synthetic open-loop workload: arrivals at a fixed mean rate, Poisson (exponential
/// gaps) or bursty (gamma gaps with a coefficient of variation above 1, as in the
/// arrival model of Wang et al.'s AlpaServe, OSDI'23), and token lengths drawn from
/// lognormal distributions or resampled from a real trace's (prompt, output) pairs,
/// rounded and clamped to `[1, maximum]`. All draws come from one named stream, so the
/// trace depends only on the seed and the stream's name.
public struct SyntheticTrace: Sendable, Equatable {
    /// Mean arrival rate, requests per second.
    public var ratePerSecond: Double
    /// Prompt length distribution, tokens (median e^mu).
    public var promptTokens: Distribution
    /// Output length distribution, tokens.
    public var outputTokens: Distribution
    /// Coefficient of variation of the gaps between arrivals: 1 is Poisson; above 1 the
    /// gaps are gamma-distributed with shape 1/cv², so arrivals come in bursts.
    public private(set) var burstiness: Double = 1
    /// (prompt, output) pairs to resample instead of the two distributions, if given.
    public var empiricalLengths: EmpiricalLengths?
    /// Upper clamp for each length, tokens.
    public var maximumPromptTokens: Int
    public var maximumOutputTokens: Int

    /// The random stream the generator draws from; scenarios name it after their workload
    /// (`serving.<name>.arrivals`) so that adding a workload never shifts another's draws.
    public var streamName = "serving.arrivals"

    public init(
        ratePerSecond: Double, promptTokens: Distribution, outputTokens: Distribution,
        maximumPromptTokens: Int = 4096, maximumOutputTokens: Int = 4096, burstiness: Double = 1
    ) throws(ServingError) {
        guard burstiness.isFinite, burstiness > 0, burstiness <= 100 else {
            throw .invalidConfiguration("synthetic trace: burstiness (gap cv) must be in (0, 100], got \(burstiness)")
        }
        self.burstiness = burstiness
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
        let mean = 1 / ratePerSecond
        // cv = 1 keeps the exponential sampler: the same draws as before burstiness existed.
        let gap = burstiness == 1
            ? Distribution.exponential(mean: mean)
            : Distribution.gamma(shape: 1 / (burstiness * burstiness), scale: mean * burstiness * burstiness)
        var clockSeconds = 0.0
        var out: [ServingRequest] = []
        out.reserveCapacity(max(count, 0))
        for id in 0..<max(count, 0) {
            clockSeconds += stream.sample(gap)
            let prompt: Int, output: Int
            if let empiricalLengths {
                let row = Int(stream.uniformInt(below: UInt32(empiricalLengths.count)))
                prompt = Swift.min(empiricalLengths.prompt[row], maximumPromptTokens)
                output = Swift.min(empiricalLengths.output[row], maximumOutputTokens)
            } else {
                prompt = Self.clamp(stream.sample(promptTokens), maximumPromptTokens)
                output = Self.clamp(stream.sample(outputTokens), maximumOutputTokens)
            }
            out.append(ServingRequest(id: id, arrival: .seconds(clockSeconds), promptTokens: prompt, outputTokens: output))
        }
        return out
    }

    private static func clamp(_ draw: Double, _ maximum: Int) -> Int {
        // Compared before converting: a finite draw can still exceed Int (median 1e300).
        guard draw.isFinite, draw < Double(maximum) else { return maximum }
        return Swift.max(Int(draw.rounded()), 1)
    }
}

/// Token lengths of a real trace, resampled row by row so that prompt and output lengths
/// keep their joint distribution (long prompts with short answers stay together).
public struct EmpiricalLengths: Sendable, Equatable {
    public let prompt: [Int]
    public let output: [Int]

    /// The lengths of `requests`; at least one, at most 2³² − 1 rows.
    public init(_ requests: [ServingRequest]) throws(ServingError) {
        guard !requests.isEmpty, requests.count < Int(UInt32.max) else {
            throw .invalidConfiguration("empirical lengths need between 1 and 2³² − 1 requests, got \(requests.count)")
        }
        prompt = requests.map(\.promptTokens)
        output = requests.map(\.outputTokens)
    }

    public var count: Int { prompt.count }
}
