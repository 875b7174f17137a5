import Foundation
import Testing
import OrreryKernel
import OrreryStorage
@testable import OrreryScenario

/// A two-node training scenario whose cluster carries `storage` (indented under `cluster:`).
private func scenario(storage: String, sections: String = "") throws -> Scenario {
    let yaml = """
        name: s
        run: { seed: 7, horizon: 1d }
        cluster:
          nodes:
            - { type: DGX-H100, count: 2 }
        \(storage)
        workloads:
          - kind: training
            model: { layers: 4, hidden: 1024, heads: 16, vocabulary: 32000, ffn-type: swiglu, ffn: 2816 }
            parallelism: { tp: 8, dp: 2 }
            global-batch: 16
            tokens: 2T
            checkpoint: { interval: 10min, mode: sync }
        \(sections)
        """
    let directory = try scratchDirectory(["s.yaml": yaml])
    return try Scenario.load(path: directory + "/s.yaml")
}

private func storageError(_ storage: String) -> String? {
    do { _ = try scenario(storage: storage); return nil } catch { return "\(error)" }
}

@Suite struct ScenarioStorageTests {
    @Test func withoutASectionTheStorageIsLlama3Tectonic() throws {
        #expect(try scenario(storage: "").storage == .llama3Tectonic)
    }

    @Test func everyFieldParsesAndUnstatedOnesKeepTheDefaults() throws {
        let loaded = try scenario(storage: """
              storage:
                parallel-file-system: { aggregate: 400GB/s, per-client: 12.5GB/s, metadata-latency: 20ms }
                object-store: { per-client: 2GB/s }
                client-network: 200Gb/s
                data-path: { host-bounce: { cores: 4, per-core: 5GB/s } }
            """)
        let storage = loaded.storage
        #expect(storage.parallelFileSystem.aggregateBytesPerSecond == 400e9)
        #expect(storage.parallelFileSystem.perClientBytesPerSecond == 12.5e9)
        #expect(storage.parallelFileSystem.metadataLatency == .millisecond.scaled(by: 20))
        #expect(storage.objectStore.perClientBytesPerSecond == 2e9)
        #expect(storage.objectStore.aggregateBytesPerSecond == StorageSystem.llama3Tectonic.objectStore.aggregateBytesPerSecond)
        #expect(storage.clientNetworkBytesPerSecond == 25e9)
        #expect(storage.dataPath == .hostBounce(copyCores: 4, perCoreMemoryBytesPerSecond: 5e9))
        // The bounce buffer (4 × 5 GB/s / 2) is the tightest limit on a node.
        #expect(storage.perNodeBytesPerSecond(storage.parallelFileSystem) == 10e9)
        #expect(try scenario(storage: "  storage: { data-path: host-bounce }").storage.dataPath
                == .hostBounce(copyCores: Scenario.defaultCopyCores,
                               perCoreMemoryBytesPerSecond: Scenario.defaultPerCoreBytesPerSecond))
    }

    @Test func badValuesNameTheKeyPath() throws {
        let unknown = try #require(storageError("  storage: { parallel-filesystem: { aggregate: 1TB/s } }"))
        #expect(unknown.contains("cluster.storage") && unknown.contains("parallel-file-system"))
        let zero = try #require(storageError("  storage: { parallel-file-system: { aggregate: 0GB/s } }"))
        #expect(zero.contains("cluster.storage.parallel-file-system.aggregate") && zero.contains("> 0"))
        let path = try #require(storageError("  storage: { data-path: gpu-direkt }"))
        #expect(path.contains("cluster.storage.data-path") && path.contains("gpu-direct"))
        let cores = try #require(storageError("  storage: { data-path: { host-bounce: { cores: 0 } } }"))
        #expect(cores.contains("cluster.storage.data-path.host-bounce.cores"))
        let latency = try #require(storageError("  storage: { object-store: { metadata-latency: 5GB } }"))
        #expect(latency.contains("cluster.storage.object-store.metadata-latency"))
    }

    /// A slower parallel file system makes the same synchronous checkpoints stall longer.
    @Test func checkpointsStallLongerOnSlowerStorage() throws {
        func overhead(_ storage: String) throws -> Double {
            let prepared = try scenario(storage: storage, sections: "power: { pue: 1.2 }").prepare(seed: 7)
            prepared.simulation.run(until: prepared.horizon)
            let metrics = try prepared.resilienceMetrics()
            return try #require(metrics.first { $0.name == "resilience.checkpoint.overhead" }?.value)
        }
        let fast = try overhead("")
        let slow = try overhead("  storage: { parallel-file-system: { per-client: 100MB/s } }")
        #expect(fast > 0)
        #expect(slow > 3 * fast, "overhead \(slow) at 100 MB/s per client vs \(fast) at 25 GB/s")
    }
}
