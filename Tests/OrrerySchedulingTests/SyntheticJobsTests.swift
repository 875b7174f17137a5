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

    /// The offered load sets the rate from the sample's mean GPU-hours per job: here
    /// (1 × 1 min + 8 × 2 h + 4 × 10 min) / 3, a quarter GPU counting as a quarter.
    @Test func offeredLoadSetsTheRateFromTheSamplesGPUHours() throws {
        let meanGPUHours = (1.0 / 60 + 16 + 4.0 / 6) / 3
        let generator = try #require(SyntheticJobs(count: 10, sample: sample, offeredLoad: 0.5, gpus: 64))
        #expect(abs(generator.arrivalsPerHour - 0.5 * 64 / meanGPUHours) < 1e-12 * generator.arrivalsPerHour)
        let quarter = JobSpec(id: "q", gpus: 1, submit: .zero, duration: .seconds(3600), gpuMilli: 250)
        #expect(try #require(SyntheticJobs(count: 1, sample: [quarter], offeredLoad: 1, gpus: 10)).arrivalsPerHour == 40)
        #expect(SyntheticJobs(count: 10, sample: sample, offeredLoad: 0.5, gpus: 0) == nil)
        #expect(SyntheticJobs(count: 10, sample: [job("z", 1, at: 0, for: 0)], offeredLoad: 0.5, gpus: 8) == nil)
    }

    /// Over many draws the jobs bring the offered load: their GPU-hours over the cluster's
    /// GPU-hours up to the last arrival.
    @Test(arguments: [1, 7, 12345] as [UInt64])
    func drawsBringTheOfferedLoad(seed: UInt64) throws {
        let generator = try #require(SyntheticJobs(count: 20_000, sample: sample, offeredLoad: 0.7, gpus: 100))
        let jobs = generator.generate(workload: "w", random: RandomStreams(masterSeed: seed))
        let gpuHours = jobs.reduce(0) { $0 + Double($1.gpus) * $1.duration.hours }
        let offered = gpuHours / (100 * jobs[jobs.count - 1].submit.hours)
        #expect(abs(offered - 0.7) < 0.05 * 0.7, "seed \(seed): offered load \(offered)")
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
