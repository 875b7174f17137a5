import Testing

@testable import OrreryTraining

/// Properties any credible training model must have.
@Suite struct SanityPropertyTests {
    /// Weak scaling: data parallel × 2 with the global batch × 2 keeps per-GPU throughput
    /// within a few percent when gradients are small next to compute.
    @Test func weakScalingKeepsPerGPUThroughput() throws {
        var perGPU: [Double] = []
        for data in [2, 4, 8, 16] {
            let (plan, step) = try TestJobs.step(TestJobs.job(TestJobs.small, batch: 32 * data, layout: ParallelLayout(data: data)))
            perGPU.append(TrainingReport(plan: plan, step: step).hardwareFLOPSPerGPU)
        }
        for value in perGPU { #expect(abs(value - perGPU[0]) / perGPU[0] < 0.03, "\(perGPU)") }
    }

    /// Strong scaling: doubling data parallelism at a fixed global batch speeds the step
    /// up by less than 2× (the gradient reduction does not shrink).
    @Test func doublingDataParallelShrinksStepByLessThanTwo() throws {
        let (_, small) = try TestJobs.step(TestJobs.job(TestJobs.small, batch: 64, layout: ParallelLayout(data: 8)))
        let (_, large) = try TestJobs.step(TestJobs.job(TestJobs.small, batch: 64, layout: ParallelLayout(data: 16)))
        let speedup = small.stepTime.seconds / large.stepTime.seconds
        #expect(speedup > 1.2)
        #expect(speedup < 2)
    }

    /// 1F1B's bubble is (p − 1) of the (m + p − 1) slot-times; it emerges from the
    /// schedule's dependencies and grows with the stages at fixed microbatches.
    @Test func bubbleGrowsWithStagesAsTheScheduleSays() throws {
        var previous = 0.0
        for stages in [2, 4, 8] {
            let job = TestJobs.job(batch: 16, layout: ParallelLayout(pipeline: stages))
            let (_, step) = try TestJobs.step(job)
            let fraction = step.breakdown.bubbleSeconds / step.stepTime.seconds
            let expected = Double(stages - 1) / Double(16 + stages - 1)
            #expect(abs(fraction - expected) < 0.03, "p=\(stages): bubble \(fraction), schedule says \(expected)")
            #expect(fraction > previous)
            previous = fraction
        }
    }

    @Test func interleavingShrinksTheBubble() throws {
        let layout = ParallelLayout(pipeline: 4)
        let (_, plain) = try TestJobs.step(TestJobs.job(batch: 16, layout: layout))
        let (_, interleaved) = try TestJobs.step(TestJobs.job(batch: 16, layout: layout, schedule: .interleaved(chunks: 2)))
        #expect(interleaved.breakdown.bubbleSeconds < 0.7 * plain.breakdown.bubbleSeconds)
    }

    @Test func breakdownSumsToStepTime() throws {
        let job = TestJobs.job(batch: 64, layout: ParallelLayout(tensor: 4, pipeline: 2, data: 4))
        let (_, step) = try TestJobs.step(job)
        for timeline in step.timelines {
            let sum = timeline.computeSeconds + timeline.exposedCommunicationSeconds + timeline.bubbleSeconds
            #expect(abs(sum - step.stepTime.seconds) < 1e-6)
        }
    }

    @Test func overlappingGradientReductionHidesCommunication() throws {
        var job = TestJobs.job(TestJobs.small, batch: 16, layout: ParallelLayout(data: 16))
        let (_, overlapped) = try TestJobs.step(job)
        job.overlapGradientReduction = false
        let (_, serial) = try TestJobs.step(job)
        #expect(overlapped.breakdown.exposedCommunicationSeconds < serial.breakdown.exposedCommunicationSeconds)
        #expect(overlapped.stepTime < serial.stepTime)
    }

    @Test func tensorCommunicationOverlapHidesLayerCommunication() throws {
        var job = TestJobs.job(batch: 16, layout: ParallelLayout(tensor: 8, data: 2))
        let (_, plain) = try TestJobs.step(job)
        job.tensorCommunicationOverlap = true
        let (_, overlapped) = try TestJobs.step(job)
        #expect(overlapped.breakdown.exposedCommunicationSeconds < 0.5 * plain.breakdown.exposedCommunicationSeconds)
    }

    @Test func contextParallelSplitsTheWork() throws {
        let model = TestJobs.gpt(layers: 8, hidden: 4096)
        let (_, alone) = try TestJobs.step(TestJobs.job(model, batch: 4, layout: ParallelLayout(tensor: 8)))
        let (_, split) = try TestJobs.step(TestJobs.job(model, batch: 4, layout: ParallelLayout(tensor: 8, context: 2)))
        #expect(split.breakdown.computeSeconds < 0.6 * alone.breakdown.computeSeconds)
    }
}

@Suite struct DeterminismTests {
    @Test func sameJobGivesIdenticalSteps() throws {
        let job = TestJobs.job(batch: 64, layout: ParallelLayout(tensor: 2, pipeline: 4, data: 2), schedule: .interleaved(chunks: 2))
        let (_, first) = try TestJobs.step(job)
        let (_, second) = try TestJobs.step(job)
        #expect(first.stepTime == second.stepTime)
        #expect(first.timelines == second.timelines)
    }
}
