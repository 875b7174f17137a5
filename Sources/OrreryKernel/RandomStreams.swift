internal import CGSL

/// Named, independent random streams for one run.
///
/// Each stream is its own GSL generator seeded from (master seed, run index, stable hash
/// of the name), so a model's draws depend only on its stream's name: adding a model, or
/// drawing more from one stream, never shifts another's sequence. There is no global RNG.
public final class RandomStreams {
    public let masterSeed: UInt64
    public let runIndex: UInt64
    private var streams: [String: RandomStream] = [:]

    public init(masterSeed: UInt64, runIndex: UInt64 = 0) {
        self.masterSeed = masterSeed
        self.runIndex = runIndex
    }

    /// The stream called `name`, created on first use.
    public func stream(_ name: String) -> RandomStream {
        if let existing = streams[name] { return existing }
        let created = RandomStream(name: name, seed: Self.seed(master: masterSeed, run: runIndex, name: name))
        streams[name] = created
        return created
    }

    /// The generator seed for a stream. MT19937 in GSL uses the low 32 bits of its seed,
    /// so the 64-bit mix is folded to keep both halves' entropy.
    static func seed(master: UInt64, run: UInt64, name: String) -> UInt64 {
        let mixed = StableHash.mix64(
            StableHash.mix64(master) ^ StableHash.mix64(run &+ 0x5851_f42d_4c95_7f2d)
                ^ StableHash.fnv1a64(name))
        let folded = (mixed ^ (mixed >> 32)) & 0xffff_ffff
        // GSL maps seed 0 to its default seed 4357; avoid aliasing that stream.
        return folded == 0 ? 0x9e37_79b9 : folded
    }
}

/// One deterministic stream of random numbers (GSL's MT19937).
public final class RandomStream {
    public let name: String
    private let generator: UnsafeMutablePointer<gsl_rng>

    init(name: String, seed: UInt64) {
        GSL.configureOnce
        self.name = name
        // gsl_rng_alloc only fails when out of memory, which Swift treats as fatal anyway.
        guard let rng = gsl_rng_alloc(orrery_gsl_rng_mt19937()) else {
            fatalError("GSL could not allocate a random generator (out of memory)")
        }
        generator = rng
        gsl_rng_set(rng, UInt(seed))
    }

    deinit { gsl_rng_free(generator) }

    /// Uniform on the open interval (0, 1).
    public func uniform() -> Double { gsl_rng_uniform_pos(generator) }

    /// Uniform integer in `0..<bound` (`bound` ≥ 1).
    public func uniformInt(below bound: UInt32) -> UInt32 {
        guard bound > 1 else { return 0 }
        return UInt32(truncatingIfNeeded: gsl_rng_uniform_int(generator, UInt(bound)))
    }

    /// A draw from `distribution`.
    public func sample(_ distribution: Distribution) -> Double {
        switch distribution {
        case .constant(let value): return value
        case .uniform(let low, let high): return low + (high - low) * uniform()
        case .exponential(let mean): return gsl_ran_exponential(generator, mean)
        case .weibull(let scale, let shape): return gsl_ran_weibull(generator, scale, shape)
        case .lognormal(let mu, let sigma): return gsl_ran_lognormal(generator, mu, sigma)
        case .gamma(let shape, let scale): return gsl_ran_gamma(generator, shape, scale)
        case .normal(let mean, let standardDeviation):
            return mean + gsl_ran_gaussian_ziggurat(generator, standardDeviation)
        case .poisson(let mean): return Double(gsl_ran_poisson(generator, mean))
        case .empirical(let samples): return samples.sample(uniform: uniform())
        }
    }
}

/// GSL's process-wide set-up: its default error handler aborts, so turn it off once
/// and rely on return codes and argument validation instead.
enum GSL {
    static let configureOnce: Void = { orrery_gsl_disable_abort() }()
}
