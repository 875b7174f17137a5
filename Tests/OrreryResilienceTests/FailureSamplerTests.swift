import OrreryKernel
import Testing
@testable import OrreryResilience

@Suite struct FailureSamplerTests {
    private func count(_ model: FailureModel, mode: Int, until horizon: SimTime, seed: UInt64) -> Int {
        let sampler = FailureSampler(model: model, inventory: Small.inventory,
                                     random: RandomStreams(masterSeed: seed), start: .zero)
        var failures = 0
        while sampler.nextTime(mode: mode) <= horizon {
            _ = sampler.fire(mode: mode, at: sampler.nextTime(mode: mode))
            failures += 1
        }
        return failures
    }

    /// Pooled exponential: 64 GPUs × 0.01/h × 10,000 h = 6,400 failures, Poisson spread.
    @Test(arguments: [UInt64(1), 2, 3])
    func pooledExponentialCountsMatchTheRate(seed: UInt64) throws {
        let model = try FailureModel(modes: [FailureMode(name: "gpu", scope: .gpu, ratePerComponentHour: 0.01,
                                                         requiresReplacement: true)])
        let observed = count(model, mode: 0, until: SimTime.hour.scaled(by: 10_000), seed: seed)
        #expect(abs(Double(observed) - 6_400) <= 4 * 6_400.0.squareRoot(), "seed \(seed): \(observed)")
    }

    /// Weibull renewal per component: over a horizon of many lives, failures ≈ N·T/mean
    /// whatever the shape (the scale is set so the mean life is 1/rate).
    @Test(arguments: [UInt64(4), 5])
    func weibullRenewalKeepsTheMeanRate(seed: UInt64) throws {
        for shape in [0.7, 2.0] {
            let model = try FailureModel(modes: [FailureMode(name: "gpu", scope: .gpu, ratePerComponentHour: 0.01,
                                                             law: .weibull(shape: shape), requiresReplacement: true)])
            let observed = count(model, mode: 0, until: SimTime.hour.scaled(by: 10_000), seed: seed)
            #expect(abs(Double(observed) - 6_400) <= 0.06 * 6_400, "seed \(seed) shape \(shape): \(observed)")
        }
    }

    /// Each mode draws from its own stream: adding a mode leaves another's failures unchanged.
    @Test func modesDoNotPerturbEachOther() throws {
        let gpu = try FailureMode(name: "gpu", scope: .gpu, ratePerComponentHour: 0.01, requiresReplacement: true)
        let nic = try FailureMode(name: "nic", scope: .nic, ratePerComponentHour: 0.02, requiresReplacement: true)
        let alone = FailureSampler(model: try FailureModel(modes: [gpu]), inventory: Small.inventory,
                                   random: RandomStreams(masterSeed: 9), start: .zero)
        let together = FailureSampler(model: try FailureModel(modes: [nic, gpu]), inventory: Small.inventory,
                                      random: RandomStreams(masterSeed: 9), start: .zero)
        for _ in 0..<20 {
            let t = alone.nextTime(mode: 0)
            #expect(t == together.nextTime(mode: 1))
            _ = together.fire(mode: 0, at: together.nextTime(mode: 0))
            #expect(alone.fire(mode: 0, at: t) == together.fire(mode: 1, at: t))
        }
    }
}
