import Foundation

/// A probability distribution over real numbers, with parameters checked at creation.
///
/// Models hold `Distribution` values read from scenarios (failure inter-arrival times,
/// repair times, request sizes) and draw from their own ``RandomStream``. Parameters are
/// validated by ``validated()`` so a bad scenario value is an error, never a NaN or a
/// GSL abort in the middle of a run.
public enum Distribution: Sendable, Equatable {
    case constant(Double)
    case uniform(low: Double, high: Double)
    case exponential(mean: Double)
    /// Weibull with scale λ and shape k: mean λ·Γ(1 + 1/k).
    case weibull(scale: Double, shape: Double)
    /// Lognormal: ln X ~ Normal(mu, sigma); the median is e^mu.
    case lognormal(mu: Double, sigma: Double)
    /// Gamma with shape k and scale θ: mean k·θ.
    case gamma(shape: Double, scale: Double)
    case normal(mean: Double, standardDeviation: Double)
    case poisson(mean: Double)
    /// Inverse of the interpolated empirical CDF of observed samples.
    case empirical(EmpiricalDistribution)

    /// A lognormal given by its median and σ, the form repair times are usually quoted in.
    public static func lognormal(median: Double, sigma: Double) -> Distribution {
        .lognormal(mu: median > 0 ? log(median) : .nan, sigma: sigma)
    }

    /// Returns `self` if its parameters are valid, otherwise throws naming the problem.
    public func validated() throws(DistributionError) -> Distribution {
        func require(_ ok: Bool, _ message: String) throws(DistributionError) {
            if !ok { throw DistributionError(message: message) }
        }
        switch self {
        case .constant(let v): try require(v.isFinite, "constant must be finite")
        case .uniform(let lo, let hi):
            try require(lo.isFinite && hi.isFinite && lo <= hi, "uniform needs finite low ≤ high")
        case .exponential(let mean): try require(mean.isFinite && mean > 0, "exponential mean must be > 0")
        case .weibull(let scale, let shape):
            try require(scale.isFinite && scale > 0, "weibull scale must be > 0")
            try require(shape.isFinite && shape > 0, "weibull shape must be > 0")
        case .lognormal(let mu, let sigma):
            try require(mu.isFinite, "lognormal mu must be finite (median > 0)")
            try require(sigma.isFinite && sigma >= 0, "lognormal sigma must be ≥ 0")
        case .gamma(let shape, let scale):
            try require(shape.isFinite && shape > 0, "gamma shape must be > 0")
            try require(scale.isFinite && scale > 0, "gamma scale must be > 0")
        case .normal(let mean, let sd):
            try require(mean.isFinite, "normal mean must be finite")
            try require(sd.isFinite && sd >= 0, "normal standard deviation must be ≥ 0")
        case .poisson(let mean): try require(mean.isFinite && mean >= 0, "poisson mean must be ≥ 0")
        case .empirical: break  // validated when built
        }
        return self
    }

    /// The distribution's mean (for documentation, Young/Daly estimates and tests).
    public var mean: Double {
        switch self {
        case .constant(let v): return v
        case .uniform(let lo, let hi): return (lo + hi) / 2
        case .exponential(let mean): return mean
        case .weibull(let scale, let shape): return scale * tgamma(1 + 1 / shape)
        case .lognormal(let mu, let sigma): return exp(mu + sigma * sigma / 2)
        case .gamma(let shape, let scale): return shape * scale
        case .normal(let mean, _): return mean
        case .poisson(let mean): return mean
        case .empirical(let e): return e.mean
        }
    }
}

/// A distribution parameter that cannot be used.
public struct DistributionError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public var description: String { message }
}

/// Samples from observed data by inverting the piecewise-linear empirical CDF: draws
/// stay within [min, max] of the data and interpolate between order statistics.
public struct EmpiricalDistribution: Sendable, Equatable {
    public let sorted: [Double]

    public init(samples: [Double]) throws(DistributionError) {
        guard !samples.isEmpty else { throw DistributionError(message: "empirical distribution needs at least one sample") }
        guard samples.allSatisfy(\.isFinite) else { throw DistributionError(message: "empirical samples must be finite") }
        sorted = samples.sorted()
    }

    public var mean: Double { sorted.reduce(0, +) / Double(sorted.count) }

    /// The value at CDF position `u` ∈ (0, 1).
    func sample(uniform u: Double) -> Double {
        guard sorted.count > 1 else { return sorted[0] }
        let position = u * Double(sorted.count - 1)
        let lower = Swift.min(Int(position), sorted.count - 2)
        let fraction = position - Double(lower)
        return sorted[lower] + fraction * (sorted[lower + 1] - sorted[lower])
    }
}
