import Foundation
import OrreryKernel
import Testing
@testable import OrreryResilience

/// Racks: a per-rack power series and a rack cap that throttles through the same
/// frequency curve as the facility cap.
@Suite struct RackPowerTests {
    static func power(rackCap: Double?, facilityCap: Double? = nil) throws -> PowerModel {
        try PowerModel(
            gpuComputeWatts: 700, gpuCommunicationWatts: 400, gpuIdleWatts: 100, nodeOverheadActiveWatts: 2000,
            nodeOverheadIdleWatts: 1000, powerUsageEffectiveness: 1.2,
            caps: facilityCap.map { [PowerCapChange(at: .zero, facilityWatts: $0)] } ?? [],
            racks: RackPower(nodesPerRack: 2, capWatts: rackCap))
    }

    /// Two nodes per rack under 12 kW: 6 kW per node, (6000 − 2000) / 8 = 500 W per GPU,
    /// so 100 + 600·f³ = 500 and f = (2/3)^(1/3).
    @Test func aRackCapSetsTheClock() throws {
        let model = try Self.power(rackCap: 12_000)
        let (f, fits) = model.frequency(Small.profile, facilityCapWatts: nil)
        #expect(abs(f - pow(2.0 / 3, 1.0 / 3)) < 1e-12)
        #expect(fits)
        let checkpoint = try CheckpointPolicy(interval: .fixed(seconds: 1e9))
        let configuration = Small.configuration(checkpoint: checkpoint, power: model, recordPowerSeries: true)
        #expect(configuration.cappedFrequencies == [f])
        let result = try TrainingRun(configuration: configuration, seed: 1).run()
        #expect(abs(result.elapsedSeconds - 36_000 * (0.7 / f + 0.3)) < 1e-3)
        #expect(abs(result.peakRackWatts - 12_000) < 1e-6)
        // The rack series is a quarter of the job's 8 nodes.
        let running = try #require(result.powerSeries.first { $0.gpuWatts > 0 })
        #expect(abs(running.rackWatts - running.nodeWatts / 4) < 1e-9)
        #expect(result.metrics.contains { $0.name == "power.rack.peak" })
    }

    /// The tighter of the facility and rack caps wins.
    @Test func theTighterCapWins() throws {
        let rackOnly = try Self.power(rackCap: 12_000).frequency(Small.profile, facilityCapWatts: nil).frequency
        let loose = try Self.power(rackCap: 12_000).frequency(Small.profile, facilityCapWatts: 1e9).frequency
        let tight = try Self.power(rackCap: 12_000).frequency(Small.profile, facilityCapWatts: 40_000).frequency
        #expect(loose == rackOnly)
        #expect(tight < rackOnly)
        #expect(try Self.power(rackCap: nil).frequency(Small.profile, facilityCapWatts: nil).frequency == 1)
    }
}
