import OrreryHardware
import OrreryKernel
import Testing

@testable import OrreryFabric

/// Headline figures of the presets at their design sizes.
@Suite struct TopologyPresetTests {
    @Test func dgxA100SuperPOD() throws {
        let topology = try TopologyPreset.dgxA100SuperPOD.topology(nodes: TopologyPreset.dgxA100SuperPOD.designNodes)
        #expect(topology.gpuCount == 1120)
        #expect(topology.leafCount == 56)
        #expect(topology.spineCount == 20)
        #expect(topology.tiers == 2)
        // Non-blocking: half the GPUs × 200 Gb/s = 112 Tb/s.
        #expect(topology.bisectionBytesPerSecond == 560 * 25e9)
    }

    @Test func dgxH100SuperPOD() throws {
        let topology = try TopologyPreset.dgxH100SuperPOD.topology(nodes: TopologyPreset.dgxH100SuperPOD.designNodes)
        #expect(topology.gpuCount == 1024)
        #expect(topology.leafCount == 32)
        #expect(topology.spineCount == 32)
        // Half the GPUs × 400 Gb/s = 204.8 Tb/s.
        #expect(topology.bisectionBytesPerSecond == 512 * 50e9)
    }

    @Test func llama3RoCECluster() throws {
        let preset = try TopologyPreset.named("llama3-roce-24k")
        let topology = try preset.topology(nodes: preset.designNodes)
        let summary = topology.summary
        #expect(summary.gpus == 24_576)
        #expect(summary.tiers == 3)
        #expect(summary.pods == 8)
        #expect(topology.leavesPerPod == 192)
        #expect(summary.leaves == 1536)
        #expect(summary.spines == 8 * 16)
        #expect(summary.cores == 16 * 28)
        #expect(summary.oversubscription == 1)
        let podRatio = try #require(summary.podOversubscription)
        #expect(abs(podRatio - 7) < 1e-12)
        // Four pods' 12,288 GPUs × 400 Gb/s, through their 1:7 uplinks: 702 Tb/s.
        let expected = 12_288 * 50e9 / 7
        #expect(abs(topology.bisectionBytesPerSecond - expected) < expected * 1e-12)
        // Inside a pod routes take 4 links; across pods 6.
        #expect(try topology.route(fromRank: 0, toRank: 3071, flow: 5).count == 4)
        #expect(try topology.route(fromRank: 0, toRank: 3072, flow: 5).count == 6)
        #expect(try topology.pathCount(fromRank: 0, toRank: 3072) == 16 * 28)
    }
}
