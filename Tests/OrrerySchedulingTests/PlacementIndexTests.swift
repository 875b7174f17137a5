import Testing
import OrreryKernel
@testable import OrreryScheduling

/// The free-count index must give exactly the placements a full scan gives: the fullest
/// node of the type that fits (ties: lower index), else the emptiest nodes first.
@Suite struct PlacementIndexTests {
    /// The lowest-numbered `count` wholly free GPUs of `node`, read GPU by GPU.
    static func freeGPUs(of node: Int, count: Int, in cluster: ClusterState) -> GPUSet {
        GPUSet(cluster.freeMilli(of: node).indices.filter { cluster.freeMilli(of: node)[$0] == ResourceRequest.wholeGPU }
            .map { $0 - cluster.freeMilli(of: node).startIndex }.prefix(count))
    }

    /// The scan consolidating placement did before the index.
    static func scanned(_ request: ResourceRequest, in cluster: ClusterState) -> Placement? {
        let matching = cluster.nodes.indices.filter { cluster.matches($0, request.gpuType) }
        if let node = matching.filter({ cluster.nodes[$0].freeCount >= request.gpus })
            .min(by: { (cluster.nodes[$0].freeCount, $0) < (cluster.nodes[$1].freeCount, $1) })
        {
            return Placement(shares: [.init(node: node, gpus: Self.freeGPUs(of: node, count: request.gpus, in: cluster))])
        }
        let ordered = matching.filter { cluster.nodes[$0].freeCount > 0 }
            .sorted { (-cluster.nodes[$0].freeCount, $0) < (-cluster.nodes[$1].freeCount, $1) }
        guard ordered.reduce(0, { $0 + cluster.nodes[$1].freeCount }) >= request.gpus else { return nil }
        var shares: [Placement.Share] = []
        var needed = request.gpus
        for node in ordered where needed > 0 {
            let take = min(needed, cluster.nodes[node].freeCount)
            shares.append(.init(node: node, gpus: Self.freeGPUs(of: node, count: take, in: cluster)))
            needed -= take
        }
        return Placement(shares: shares)
    }

    @Test(arguments: [UInt64(1), 2])
    func indexedConsolidationMatchesAFullScan(seed: UInt64) {
        // 70 nodes of three types and widths, so buckets span several words and types.
        let nodes = (0..<70).map { n in
            SchedulerNode(name: "n\(n)", gpuType: ["A", "B", "C"][n % 3], gpus: [8, 4, 2][n % 3 == 2 ? 2 : n % 2], cpuMilli: 1, memoryMiB: 1)
        }
        let stream = RandomStreams(masterSeed: seed).stream("index-test")
        Self.churn(ClusterState(nodes: nodes), steps: 800, starts: 0.55, stream: stream) { step, cluster in
            let gpus = [1, 1, 2, 3, 4, 8, 12][Int(stream.uniformInt(below: 7))]
            let type: String? = [nil, "A", "b", "C", "D"][Int(stream.uniformInt(below: 5))]
            let request = ResourceRequest(gpus: gpus, gpuType: type)
            let chosen = ConsolidatingPlacement().place(request, in: cluster)
            #expect(chosen == Self.scanned(request, in: cluster), "seed \(seed), step \(step): \(gpus) GPUs of \(type ?? "any")")
            return chosen
        }
    }

    /// Runs `steps` random steps on `cluster`: with probability `starts` (or when nothing
    /// runs) a start, whatever `start` places (it may check the choice first), otherwise
    /// the release of a random running placement; the free-GPU count is checked after each.
    static func churn(
        _ cluster: ClusterState, steps: Int, starts: Double, stream: RandomStream, start: (Int, ClusterState) -> Placement?
    ) {
        var cluster = cluster
        var running: [Placement] = []
        for step in 0..<steps {
            if running.isEmpty || stream.uniform() < starts {
                if let chosen = start(step, cluster) {
                    cluster.allocate(chosen)
                    running.append(chosen)
                }
            } else {
                cluster.release(running.remove(at: Int(stream.uniformInt(below: UInt32(running.count)))))
            }
            #expect(cluster.freeGPUs(ofType: nil) == cluster.nodes.reduce(0) { $0 + $1.freeCount })
        }
    }

    /// Placing on a type by index gives what naming the type in the request gives, for
    /// whole GPUs on one or several nodes and for shares, whatever type the request
    /// names; and the protocol's default does the same for policies without their own.
    @Test(arguments: [UInt64(1), 2])
    func placingOnATypeIndexMatchesNamingTheType(seed: UInt64) {
        let nodes = (0..<30).map { n in
            SchedulerNode(name: "n\(n)", gpuType: ["A", "B", "C"][n % 3], gpus: [8, 4][n % 2], cpuMilli: 64_000, memoryMiB: 1 << 20)
        }
        let stream = RandomStreams(masterSeed: seed).stream("on-type-test")
        Self.churn(ClusterState(nodes: nodes), steps: 600, starts: 0.6, stream: stream) { step, cluster in
            let gpus = [1, 1, 2, 4, 8, 12, 20][Int(stream.uniformInt(below: 7))]
            let milli = gpus == 1 && stream.uniform() < 0.3 ? 250 : ResourceRequest.wholeGPU
            let named: String? = [nil, "A", "c"][Int(stream.uniformInt(below: 3))]
            let request = ResourceRequest(gpus: gpus, gpuMilli: milli, gpuType: named)
            let type = Int(stream.uniformInt(below: 3))
            var typed = request
            typed.gpuType = cluster.gpuTypes[type]
            let chosen = ConsolidatingPlacement().place(request, onType: type, in: cluster)
            #expect(chosen == ConsolidatingPlacement().place(typed, in: cluster), "seed \(seed), step \(step)")
            #expect(SpreadPlacement().place(request, onType: type, in: cluster) == SpreadPlacement().place(typed, in: cluster))
            #expect(chosen.map { $0.shares.allSatisfy { cluster.nodes[$0.node].typeIndex == type } } ?? true)
            return chosen
        }
    }
}
