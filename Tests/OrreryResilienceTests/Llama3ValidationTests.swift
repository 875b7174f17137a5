import OrreryKernel
import Testing
@testable import OrreryResilience

/// The validation: 54 days on 16,384 H100s with the Llama 3 preset.
@Suite struct Llama3ValidationTests {
    /// 419 interruptions (Llama 3 Table 5) within ±3σ of a Poisson count, and ETTR > 90%.
    @Test(arguments: [UInt64(1), 2, 3])
    func interruptionsAndETTRMatchThePaper(seed: UInt64) throws {
        let configuration = try TrainingRunConfiguration.llama3_405B_54Days()
        let result = try TrainingRun(configuration: configuration, seed: seed).run()
        let sigma = 419.0.squareRoot()
        print("seed \(seed): \(result.interruptions) interruptions, ETTR \(result.ettr), \(result.events) events")
        #expect(abs(Double(result.interruptions) - 419) <= 3 * sigma, "seed \(seed)")
        #expect(result.ettr > 0.9, "seed \(seed)")
        #expect(!result.finished)
        #expect(abs(result.elapsedSeconds - 54 * 86_400) < 1)
    }

    /// Pooled over seeds, every cause's share of interruptions matches Table 5 within
    /// Poisson noise (±4σ of the pooled count; causes counted 2 in the paper included).
    @Test func mixByComponentMatchesTable5() throws {
        let configuration = try TrainingRunConfiguration.llama3_405B_54Days()
        let seeds: [UInt64] = [11, 12, 13, 14, 15, 16, 17, 18]
        var pooled = [Int](repeating: 0, count: configuration.failures.modes.count)
        for seed in seeds {
            let result = try TrainingRun(configuration: configuration, seed: seed).run()
            for (index, count) in result.interruptionsByMode.enumerated() { pooled[index] += count }
        }
        for (index, entry) in FailureModel.llama3Table5.enumerated() {
            // Failures land on calendar time, including downtime, so the expectation is the paper's count.
            let expected = Double(entry.count * seeds.count)
            let tolerance = 4 * expected.squareRoot() + 2
            #expect(abs(Double(pooled[index]) - expected) <= tolerance, "\(entry.name): \(pooled[index]) vs \(expected)")
        }
    }
}
