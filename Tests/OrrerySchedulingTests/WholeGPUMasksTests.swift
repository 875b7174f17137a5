import Testing
import OrreryKernel
@testable import OrreryScheduling

/// ``WholeGPUMasks`` against the cluster it stands for: seeded rounds of releases and
/// placements made both on the masks and, through ``ConsolidatingPlacement``, on a
/// reference cluster changed one placement at a time. Every placement, free count and
/// room check must agree, and the cluster the masks write back must be the reference in
/// every figure a policy reads.
struct WholeGPUMasksTests {
    /// Two GPU types, nodes of 8, 4 and 2 GPUs, more than 64 nodes (two bucket words).
    private static func nodes() -> [SchedulerNode] {
        (0..<70).map { position in
            let (type, gpus) = position % 5 == 4 ? ("T4", 2 + 2 * (position % 2)) : ("A100", 8)
            return SchedulerNode(name: "n\(position)", gpuType: type, gpus: gpus, cpuMilli: 64_000, memoryMiB: 512 << 10)
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func roundsOnMasksMatchTheClusterChangedOneByOne(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("whole-gpu-masks")
        func pick(_ bound: Int) -> Int { Int(random.uniformInt(below: UInt32(bound))) }
        let consolidating = ConsolidatingPlacement()
        var reference = ClusterState(nodes: Self.nodes())
        reference.stopCountingJobKinds()
        var cluster = reference
        #expect(WholeGPUMasks.canPlan(on: cluster, placement: consolidating))
        #expect(!WholeGPUMasks.canPlan(on: cluster, placement: SpreadPlacement()))
        let masks = WholeGPUMasks()
        var held: [Placement] = []
        var placed = 0, refused = 0, multiNode = 0
        for _ in 0..<60 {
            masks.load(from: cluster)
            for _ in 0..<40 {
                if !held.isEmpty && pick(5) < 2 {
                    let placement = held.remove(at: pick(held.count))
                    masks.release(placement)
                    reference.release(placement)
                } else {
                    let type = pick(2)
                    let demand = ResourceDemand(gpus: 1 + pick(pick(4) == 0 ? 40 : 8))
                    #expect(masks.freeGPUs(typeIndex: type) == reference.freeGPUs(typeIndex: type))
                    let expected = consolidating.place(demand, onType: type, in: reference)
                    let actual = masks.place(demand, onType: type, by: consolidating)
                    #expect(actual == expected, "placing \(demand.gpus) GPUs of type \(type)")
                    guard let expected else {
                        refused += 1
                        continue
                    }
                    masks.allocate(expected)
                    reference.allocate(expected)
                    held.append(expected)
                    placed += 1
                    if expected.nodeCount > 1 { multiNode += 1 }
                }
                #expect(masks.isFull == reference.isFull)
                if !held.isEmpty {
                    let sample = held[pick(held.count)]
                    #expect(masks.hasRoom(for: sample) == reference.hasRoom(for: sample))
                }
            }
            masks.write(into: &cluster)
            #expect(cluster.changes == reference.changes)
            Self.expectSame(cluster, reference)
        }
        // The rounds met every path: single- and multi-node placements, and refusals.
        #expect(placed > 100 && multiNode > 5 && refused > 5, "placed \(placed), over nodes \(multiNode), refused \(refused)")
    }

    /// Every figure a placement or policy reads of the two clusters is the same.
    private static func expectSame(_ cluster: ClusterState, _ reference: ClusterState) {
        #expect(cluster.allocatedGPUs == reference.allocatedGPUs)
        #expect(cluster.allocatedMilliGPUs == reference.allocatedMilliGPUs)
        #expect(cluster.usedGPUs == reference.usedGPUs)
        for node in cluster.nodes.indices {
            #expect(cluster.nodes[node].freeCount == reference.nodes[node].freeCount)
            #expect(cluster.nodes[node].freeMilliTotal == reference.nodes[node].freeMilliTotal)
            #expect(cluster.freeGPUs(of: node, count: 64) == reference.freeGPUs(of: node, count: 64))
            #expect(Array(cluster.freeMilli(of: node)) == Array(reference.freeMilli(of: node)))
        }
        for type in 0..<cluster.gpuTypes.count {
            #expect(cluster.freeGPUs(typeIndex: type) == reference.freeGPUs(typeIndex: type))
            for free in 0...cluster.maxGPUsPerNode {
                #expect(cluster.fullestNode(type: type, free: free) == reference.fullestNode(type: type, free: free))
            }
        }
    }
}
