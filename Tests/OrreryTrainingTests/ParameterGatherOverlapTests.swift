import OrreryFabric
import Testing

@testable import OrreryTraining

/// With a sharded optimizer the updated parameters are all-gathered; overlapping that
/// gather with the next step's forward hides it instead of ending the step with it.
@Suite struct ParameterGatherOverlapTests {
    static func job(overlap: Bool, pipeline: Int) -> TrainingJob {
        var job = TestJobs.job(
            batch: 64, layout: ParallelLayout(tensor: 2, pipeline: pipeline, data: 8),
            schedule: pipeline > 1 ? .interleaved(chunks: 2) : .oneForwardOneBackward)
        job.zero = .optimizer
        job.overlapParameterGather = overlap
        job.gradientBucketParameters = 20_000_000
        return job
    }

    @Test(arguments: [1, 2])
    func overlappingTheGatherShortensTheStep(pipeline: Int) throws {
        let (exposedPlan, exposed) = try TestJobs.step(Self.job(overlap: false, pipeline: pipeline))
        let (overlappedPlan, overlapped) = try TestJobs.step(Self.job(overlap: true, pipeline: pipeline))
        #expect(overlapped.stepTime < exposed.stepTime, "pipeline \(pipeline)")
        #expect(overlapped.breakdown.exposedCommunicationSeconds < exposed.breakdown.exposedCommunicationSeconds)
        // The same parameters are gathered either way, in buckets when overlapped.
        func gathered(_ plan: StepPlan) -> Double {
            plan.graph.collectives.filter { $0.kind == .allGather }.reduce(0) { $0 + $1.bytes }
        }
        #expect(abs(gathered(overlappedPlan) - gathered(exposedPlan)) / gathered(exposedPlan) < 1e-9)
        #expect(overlappedPlan.graph.collectives.filter { $0.kind == .allGather }.count
                > exposedPlan.graph.collectives.filter { $0.kind == .allGather }.count)
    }

    @Test func withoutAShardedOptimizerTheFlagChangesNothing() throws {
        var plain = Self.job(overlap: false, pipeline: 1)
        plain.zero = .none
        var flagged = plain
        flagged.overlapParameterGather = true
        #expect(try TestJobs.step(plain).1.stepTime == (try TestJobs.step(flagged).1.stepTime))
    }
}
