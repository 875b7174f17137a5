import OrreryHardware
import OrreryKernel
import Testing
@testable import OrreryResilience

@Suite struct PowerTests {
    /// Hand-computed for the small job: running draws 64 × (0.7·700 + 0.2·400 + 0.1·100) W
    /// on GPUs plus 8 × 2 kW, × PUE 1.2; stalls draw 64 × 100 W + 8 × 1 kW, × 1.2.
    @Test func energyPeakAndSwingsWithoutFailures() throws {
        let result = try TrainingRun(configuration: Small.configuration(recordPowerSeries: true), seed: 1).run()
        let running = 1.2 * (64 * 580.0 + 16_000)
        let stalled = 1.2 * (64 * 100.0 + 8_000)
        let stallSeconds = result.secondsByPhase[RunPhase.checkpointStall.rawValue]
        let facility: Double = running * 36_000 + stalled * stallSeconds
        let gpu: Double = 64 * 580.0 * 36_000 + 6_400 * stallSeconds
        let peak: Double = 1.2 * 8 * (8 * 700 + 2_000)
        #expect(abs(result.facilityEnergyJoules - facility) < 1)
        #expect(abs(result.gpuEnergyJoules - gpu) < 1)
        #expect(result.peakFacilityWatts == peak)
        #expect(abs(result.largestSwingWatts - (running - stalled)) < 1e-6)
        #expect(abs(result.stepSwingWatts - 1.2 * 64 * 300) < 1e-9)
        // Series: start, then a stall and a resume per checkpoint, then the end.
        #expect(result.powerSeries.count == 2 + 2 * 59)
        #expect(result.powerSeries.last?.facilityWatts == 0)
    }

    /// A cap at the facility peak of f = 0.8 gives f = 0.8: compute stretches by 1/0.8.
    @Test func capThrottlesThroughTheFrequencyCurve() throws {
        let gpuAt08: Double = 100 + 600 * 0.512
        let peakAt08: Double = 1.2 * 8 * (8 * gpuAt08 + 2_000)
        let capped = try PowerModel(
            gpuComputeWatts: 700, gpuCommunicationWatts: 400, gpuIdleWatts: 100, nodeOverheadActiveWatts: 2000,
            nodeOverheadIdleWatts: 1000, powerUsageEffectiveness: 1.2, caps: [PowerCapChange(at: .zero, facilityWatts: peakAt08)])
        let (frequency, fits) = capped.frequency(Small.profile, facilityCapWatts: peakAt08)
        #expect(abs(frequency - 0.8) < 1e-12)
        #expect(fits)
        let checkpoint = try CheckpointPolicy(interval: .fixed(seconds: 1e9))
        let result = try TrainingRun(configuration: Small.configuration(checkpoint: checkpoint, power: capped), seed: 1).run()
        let expected: Double = 36_000 * (0.7 / 0.8 + 0.3)
        #expect(abs(result.elapsedSeconds - expected) < 1e-3)
        #expect(abs(result.peakFacilityWatts - peakAt08) < 1e-6)
        #expect(result.capExceededSeconds == 0)
    }

    /// A cap below what the minimum clock draws is reported, not hidden.
    @Test func infeasibleCapRunsAtMinimumFrequencyAndIsReported() throws {
        let capped = try PowerModel(
            gpuComputeWatts: 700, gpuCommunicationWatts: 400, gpuIdleWatts: 100, nodeOverheadActiveWatts: 2000,
            nodeOverheadIdleWatts: 1000, powerUsageEffectiveness: 1.2, caps: [PowerCapChange(at: .hour, facilityWatts: 1_000)])
        let result = try TrainingRun(configuration: Small.configuration(power: capped, horizon: SimTime.hour.scaled(by: 2)),
                                     seed: 1).run()
        #expect(result.capExceededSeconds > 3_500)
        let throttledSteps: Double = 3_600 / (0.7 / 0.5 + 0.3)
        #expect(result.keptSteps < 3_601 + throttledSteps)
    }

    /// The DGX H100 defaults land in the 7–14 kW per 8-GPU node quoted for training clusters.
    @Test func dgxH100DefaultsAreInTheQuotedRange() throws {
        let node = try #require(HardwareCatalogue.builtIn.node(named: "DGX-H100"))
        let model = try PowerModel(node: node)
        let nodeWatts = 8 * model.gpuComputeWatts(frequency: 1) + model.nodeOverheadActiveWatts
        #expect(nodeWatts > 7_000 && nodeWatts < 14_000)
    }

    @Test func energyTurnsIntoCO2AndCost() throws {
        let result = try TrainingRun(configuration: Small.configuration(), seed: 1).run()
        #expect(abs(result.tonnesCO2 - result.facilityKilowattHours * 400 / 1e6) < 1e-12)
        let gpuHours: Double = result.elapsedSeconds * 64 / 3600
        #expect(abs(result.gpuHourCost - gpuHours * 2) < 1e-9)
        #expect(abs(result.energyCost - result.facilityKilowattHours * 0.08) < 1e-12)
    }

    @Test func badPowerModelsAreRejected() {
        #expect(throws: ResilienceError.self) {
            try PowerModel(gpuComputeWatts: 50, gpuCommunicationWatts: 40, gpuIdleWatts: 100,
                           nodeOverheadActiveWatts: 0, nodeOverheadIdleWatts: 0)
        }
        #expect(throws: ResilienceError.self) {
            try PowerModel(gpuComputeWatts: 700, gpuCommunicationWatts: 400, gpuIdleWatts: 100,
                           nodeOverheadActiveWatts: 0, nodeOverheadIdleWatts: 0, powerUsageEffectiveness: 0.9)
        }
    }
}
