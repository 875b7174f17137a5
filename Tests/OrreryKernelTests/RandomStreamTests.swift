import Testing
@testable import OrreryKernel

@Suite struct RandomStreamTests {
    private func draws(_ s: RandomStream, _ n: Int = 20) -> [Double] { (0..<n).map { _ in s.uniform() } }

    @Test func sameSeedAndNameGiveSameDraws() {
        let a = RandomStreams(masterSeed: 42).stream("failures.gpu")
        let b = RandomStreams(masterSeed: 42).stream("failures.gpu")
        #expect(draws(a) == draws(b))
    }

    @Test func seedRunAndNameEachChangeTheDraws() {
        let base = draws(RandomStreams(masterSeed: 42).stream("x"))
        #expect(base != draws(RandomStreams(masterSeed: 43).stream("x")))
        #expect(base != draws(RandomStreams(masterSeed: 42, runIndex: 1).stream("x")))
        #expect(base != draws(RandomStreams(masterSeed: 42).stream("y")))
    }

    /// Adding a stream, and drawing from it, leaves every other stream's sequence untouched.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func addingAStreamDoesNotPerturbOthers(seed: UInt64) {
        let alone = RandomStreams(masterSeed: seed)
        let expected = draws(alone.stream("arrivals"), 50)

        let crowded = RandomStreams(masterSeed: seed)
        let newcomer = crowded.stream("failures.nic")
        let arrivals = crowded.stream("arrivals")
        var got: [Double] = []
        for _ in 0..<50 {
            _ = newcomer.sample(.weibull(scale: 2, shape: 0.7))
            got.append(arrivals.uniform())
        }
        #expect(got == expected)
    }

    @Test func streamIsCachedByName() {
        let streams = RandomStreams(masterSeed: 5)
        #expect(streams.stream("a") === streams.stream("a"))
    }

    /// Sample means converge on the analytic means (a loose 4-sigma band).
    @Test(arguments: [
        Distribution.exponential(mean: 3), .weibull(scale: 2, shape: 1.5), .lognormal(mu: 0.5, sigma: 0.4),
        .gamma(shape: 2, scale: 1.5), .normal(mean: -4, standardDeviation: 2), .poisson(mean: 6),
        .uniform(low: 2, high: 10), .constant(3.25),
    ])
    func sampleMeanMatches(distribution: Distribution) throws {
        let stream = RandomStreams(masterSeed: 11).stream("mean-check")
        let n = 40_000
        let xs = (0..<n).map { _ in stream.sample(distribution) }
        let mean = xs.reduce(0, +) / Double(n)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let tolerance = 4 * (variance / Double(n)).squareRoot() + 1e-12
        #expect(abs(mean - distribution.mean) <= tolerance, "\(distribution): \(mean) vs \(distribution.mean)")
    }

    @Test func poissonDrawsAreWholeNumbers() {
        let s = RandomStreams(masterSeed: 3).stream("p")
        for _ in 0..<100 { let x = s.sample(.poisson(mean: 2.5)); #expect(x == x.rounded()) }
    }

    @Test func empiricalStaysWithinDataAndInterpolates() throws {
        let e = try EmpiricalDistribution(samples: [10, 0, 5])
        #expect(e.sorted == [0, 5, 10])
        let s = RandomStreams(masterSeed: 9).stream("e")
        for _ in 0..<1000 {
            let x = s.sample(.empirical(e))
            #expect(x > 0 && x < 10)
        }
        #expect(e.sample(uniform: 0.5) == 5)
        #expect(e.sample(uniform: 0.75) == 7.5)
        #expect(try EmpiricalDistribution(samples: [4]).sample(uniform: 0.3) == 4)
    }

    @Test func invalidParametersAreErrorsNotNaNs() {
        #expect(throws: DistributionError.self) { try Distribution.exponential(mean: 0).validated() }
        #expect(throws: DistributionError.self) { try Distribution.weibull(scale: 1, shape: -1).validated() }
        #expect(throws: DistributionError.self) { try Distribution.lognormal(median: -1, sigma: 1).validated() }
        #expect(throws: DistributionError.self) { try Distribution.uniform(low: 3, high: 1).validated() }
        #expect(throws: DistributionError.self) { try Distribution.normal(mean: .nan, standardDeviation: 1).validated() }
        #expect(throws: DistributionError.self) { try EmpiricalDistribution(samples: []) }
        #expect(throws: DistributionError.self) { try EmpiricalDistribution(samples: [1, .infinity]) }
        #expect(throws: Never.self) { try Distribution.gamma(shape: 2, scale: 1).validated() }
    }

    @Test func seedsAreStableAcrossReleases() {
        // Pinned values: a change to the seed derivation would silently change every
        // published result and baseline, so it must show up here first.
        #expect(StableHash.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(RandomStreams.seed(master: 42, run: 0, name: "arrivals") == 985_538_893)
        let first = RandomStreams(masterSeed: 42).stream("arrivals").uniform()
        #expect(first.bitPattern == 4_599_099_123_075_907_584)
    }
}
