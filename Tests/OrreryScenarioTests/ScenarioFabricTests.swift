import OrreryFabric
import OrreryHardware
import Testing
@testable import OrreryScenario

/// A scenario of `nodes` (YAML list items) with `fabric` (YAML lines, indented under cluster).
private func scenario(_ fabric: String, nodes: String = "    - { type: DGX-H100, count: 768 }") -> String {
    """
    cluster:
      nodes:
    \(nodes)
      fabric:
    \(fabric.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
    workloads: [{ kind: jobs, jobs: [{ gpus: 8, duration: 1h }] }]
    """
}

private func topology(_ yaml: String) throws -> Topology? {
    try Scenario.parse(ConfigDocument.parse(text: yaml, file: "f.yaml")).topology
}

/// The first error's text, or nil if the scenario loaded.
private func failure(_ yaml: String) -> String? {
    do {
        _ = try Scenario.parse(ConfigDocument.parse(text: yaml, file: "f.yaml"))
        return nil
    } catch let error as ScenarioErrors {
        return error.description
    } catch {
        return "\(error)"
    }
}

@Suite struct ScenarioFabricTests {
    @Test func llama3StyleFabricFromTheDesignExample() throws {
        let built = try #require(try topology(scenario("""
            preset: rail-optimized-fat-tree
            tiers: 3
            pod-gpus: 3072
            link: 400Gb/s
            oversubscription: { above: pod, ratio: 7 }
            """)))
        #expect(built.gpuCount == 6144)
        #expect(built.tiers == 3)
        #expect(built.podCount == 2)
        #expect(built.nicBytesPerSecond == 50e9)
        // Rail-optimised with the generic scalable unit of 32 nodes: 12 units per pod.
        #expect(built.leavesPerPod == 96)
        #expect(abs((built.summary.podOversubscription ?? 0) - 7) < 1e-12)
    }

    @Test func presetsAndChanges() throws {
        let llama = try #require(try topology(scenario("preset: llama3-roce-24k")))
        #expect(llama.tiers == 3)
        #expect(llama.leavesPerPod == 192)
        #expect(llama.design.oversubscription == Oversubscription(leaf: 1, pod: 7))

        let twoTier = try #require(try topology(scenario("{ preset: llama3-roce-24k, tiers: 2, oversubscription: 2 }")))
        #expect(twoTier.tiers == 2)
        #expect(twoTier.oversubscription == 2)

        let a100 = try #require(try topology(scenario(
            "{ preset: dgx-a100-superpod, scalable-unit: 10, link: 100Gb/s, spines: 4 }",
            nodes: "    - { type: DGX-A100, count: 40 }")))
        #expect(a100.leafCount == 32)
        #expect(a100.spineCount == 4)
        #expect(a100.nodeSpec.nicBandwidthBitsPerSecond == 100e9)

        let listed = try #require(try topology(scenario("""
            preset: leaf-spine
            ports-per-leaf: 16
            pod-gpus: 256
            oversubscription: [{ above: leaf, ratio: 2 }, { above: pod, ratio: 4 }]
            """)))
        #expect(listed.design.oversubscription == Oversubscription(leaf: 2, pod: 4))
        #expect(listed.podCount == 24)
    }

    @Test func storageNetwork() throws {
        let built = try #require(try topology(scenario("""
            preset: dgx-h100-superpod
            storage: { nics-per-node: 2, link: 200Gb/s, targets: 16, target-link: 800Gb/s }
            """)))
        let storage = try #require(built.storage)
        #expect(storage.nicsPerNode == 2)
        #expect(storage.targets == 16)
        #expect(storage.nicBytesPerSecond == 25e9)
        #expect(storage.targetBytesPerSecond == 100e9)
        #expect(try built.route(fromRank: 100, toStorageTarget: 3, flow: 1).count == 4)
    }

    @Test func noFabricMeansNoTopology() throws {
        #expect(try topology("cluster: { nodes: [{ type: DGX-A100, count: 1 }] }\nworkloads: [{ kind: jobs, jobs: [{ gpus: 8, duration: 1h }] }]") == nil)
    }

    @Test func mixedClusterIsAClearError() throws {
        let message = try #require(failure(scenario(
            "preset: dgx-h100-superpod",
            nodes: "    - { type: DGX-H100, count: 4 }\n    - { type: DGX-A100, count: 4 }")))
        #expect(message.contains("f.yaml:6:5: cluster.fabric:"), "\(message)")
        #expect(message.contains("mixes DGX-H100 and DGX-A100"), "\(message)")
    }

    @Test func sameTypeGroupsMerge() throws {
        let built = try #require(try topology(scenario(
            "preset: dgx-h100-superpod",
            nodes: "    - { type: DGX-H100, count: 4 }\n    - { type: dgx h100, count: 4 }")))
        #expect(built.nodeCount == 8)
    }

    @Test(arguments: [
        ("preset: dgx-h100-superpd", "cluster.fabric.preset: unknown fabric preset 'dgx-h100-superpd'", "did you mean 'dgx-h100-superpod'?"),
        ("{ preset: leaf-spine, oversubscription: 0.5 }", "cluster.fabric.oversubscription: expected an oversubscription ratio", "found '0.5'"),
        ("{ preset: leaf-spine, oversubscription: lots }", "cluster.fabric.oversubscription", "expected a number"),
        ("{ preset: leaf-spine, oversubscription: { above: pods, ratio: 7 } }", "cluster.fabric.oversubscription.above", "did you mean 'pod'?"),
        ("{ preset: leaf-spine, oversubscription: { above: pod, ratio: 7 } }", "cluster.fabric.oversubscription.above", "three-tier"),
        ("{ preset: leaf-spine, teirs: 3 }", "cluster.fabric.teirs: unknown key", "did you mean 'tiers'?"),
        ("{ preset: leaf-spine, tiers: 4 }", "cluster.fabric.tiers", "an integer from 2 to 3"),
        ("{ preset: leaf-spine, tiers: 3 }", "cluster.fabric.tiers", "needs 'pod-gpus'"),
        ("{ preset: leaf-spine, pod-gpus: 100 }", "cluster.fabric.pod-gpus", "multiple of the node's 8 GPUs"),
        ("{ preset: leaf-spine, tiers: 2, pod-gpus: 256 }", "cluster.fabric.pod-gpus", "makes a third tier"),
        ("{ preset: leaf-spine, scalable-unit: 8 }", "cluster.fabric.scalable-unit", "use 'ports-per-leaf'"),
        ("{ preset: leaf-spine, link: 400 }", "cluster.fabric.link", "like 400Gb/s"),
        ("{ preset: leaf-spine, pod-gpus: 24 }", "cluster.fabric: cannot build this fabric", "whole leaves"),
        ("{ preset: leaf-spine, storage: { link: 100Gb/s, target-link: 1Tb/s } }", "cluster.fabric.storage", "missing required key 'targets'"),
        ("{ tiers: 2 }", "cluster.fabric", "missing required key 'preset'"),
    ])
    func errorsNameTheKeyPath(fabric: String, place: String, detail: String) throws {
        let message = try #require(failure(scenario(fabric)))
        #expect(message.contains("f.yaml:"), "\(message)")
        #expect(message.contains(place), "\(message)")
        #expect(message.contains(detail), "\(message)")
    }

    @Test func topLevelFabricPointsAtCluster() throws {
        let message = try #require(failure("fabric: { preset: leaf-spine }\ncluster: { nodes: [{ type: DGX-A100, count: 1 }] }\nworkloads: []"))
        #expect(message.contains("cluster.fabric"), "\(message)")
    }

    @Test func preparedRunCarriesTheTopology() throws {
        let loaded = try Scenario.parse(ConfigDocument.parse(text: scenario("preset: dgx-h100-superpod"), file: "f.yaml"))
        let run = loaded.prepare()
        #expect(run.topology?.gpuCount == 6144)
    }
}
