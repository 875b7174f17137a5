import Testing
import OrreryKernel
@testable import OrreryScheduling

@Suite struct SyntheticJobsTests {
    let sample = [
        job("a", 1, at: 0, for: 60, tenant: "x"), job("b", 8, at: 1800, for: 7200, tenant: "y"),
        job("c", 4, at: 3600, for: 600, tenant: "x"),
    ]

    /// The fitted rate is (jobs − 1) over the span: 2 per hour here, times the load.
    @Test func fitsTheSampleRate() throws {
        #expect(try #require(SyntheticJobs(count: 10, sample: sample)).arrivalsPerHour == 2)
        #expect(try #require(SyntheticJobs(count: 10, sample: sample, load: 1.5)).arrivalsPerHour == 3)
        #expect(try #require(SyntheticJobs(count: 10, sample: sample, arrivalsPerHour: 7)).arrivalsPerHour == 7)
        #expect(SyntheticJobs(count: 10, sample: [job("a", 1, at: 5, for: 1), job("b", 1, at: 5, for: 1)]) == nil)
        #expect(SyntheticJobs(count: 10, sample: []) == nil)
    }

    /// Same seed, same jobs; shapes come whole from the sample; the mean gap is near
    /// 1/rate over many draws.
    @Test(arguments: [1, 7, 12345] as [UInt64])
    func drawsWholeShapesAtTheRate(seed: UInt64) throws {
        let generator = try #require(SyntheticJobs(count: 20_000, sample: sample, arrivalsPerHour: 3600))
        let jobs = generator.generate(workload: "w", random: RandomStreams(masterSeed: seed))
        #expect(jobs == generator.generate(workload: "w", random: RandomStreams(masterSeed: seed)), "seed \(seed)")
        let shapes = Set(sample.map { "\($0.gpus)/\($0.duration)/\($0.tenant)" })
        #expect(jobs.allSatisfy { shapes.contains("\($0.gpus)/\($0.duration)/\($0.tenant)") }, "seed \(seed)")
        let meanGap = jobs[jobs.count - 1].submit.seconds / Double(jobs.count)
        #expect(abs(meanGap - 1) < 0.05, "seed \(seed): mean gap \(meanGap) s")
        #expect(zip(jobs, jobs.dropFirst()).allSatisfy { $0.submit <= $1.submit }, "seed \(seed)")
    }
}
