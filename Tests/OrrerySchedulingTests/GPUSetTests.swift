import Testing
import OrreryKernel
@testable import OrreryScheduling

/// A placement's GPU set must behave as the sorted list of distinct indices it replaced,
/// on nodes of any width it allows, and a placement must read back the shares it was
/// made from.
@Suite struct GPUSetTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func behavesAsASortedListOfDistinctIndices(seed: UInt64) {
        let stream = RandomStreams(masterSeed: seed).stream("gpu-set-test")
        for step in 0..<300 {
            let width = [2, 8, 63, GPUSet.capacity][Int(stream.uniformInt(below: 4))]
            let picks = (0..<Int(stream.uniformInt(below: 12))).map { _ in Int(stream.uniformInt(below: UInt32(width))) }
            let set = GPUSet(picks)
            let expected = Array(Set(picks)).sorted()
            #expect(Array(set) == expected, "seed \(seed), step \(step)")
            #expect(set.count == expected.count && set.isEmpty == expected.isEmpty)
            // The collection's own indices walk the same GPUs (a bounded walk, so a
            // broken `index(after:)` fails instead of looping).
            var walked: [Int] = []
            var index = set.startIndex
            while index != set.endIndex && walked.count <= GPUSet.capacity {
                walked.append(set[index])
                index = set.index(after: index)
            }
            #expect(walked == expected, "seed \(seed), step \(step)")
            #expect(set.first == expected.first)
            for gpu in [0, 1, 2, 7, 8, 62, 63, 64, width - 1, width, -1] {
                #expect(set.contains(gpu) == expected.contains(gpu), "seed \(seed), step \(step), GPU \(gpu)")
            }
            // Equal sets are equal values whatever the order of insertion.
            #expect(GPUSet(picks.reversed()) == set)
            let absent = (0..<GPUSet.capacity).first { !expected.contains($0) } ?? 0
            #expect(GPUSet(picks + [absent]) != set)
            // Walking from any GPU finds the next one held.
            for gpu in 0..<GPUSet.capacity {
                #expect(set.index(after: gpu) == (expected.first { $0 > gpu } ?? set.endIndex), "seed \(seed), step \(step), after \(gpu)")
            }
            // The set algebra the cluster keeps its free GPUs with.
            let other = GPUSet((0..<Int(stream.uniformInt(below: 12))).map { _ in Int(stream.uniformInt(below: UInt32(width))) })
            for count in [0, 1, 3, expected.count, expected.count + 2] {
                #expect(Array(set.lowest(count)) == Array(expected.prefix(count)), "seed \(seed), step \(step), lowest \(count)")
            }
            #expect(set.isSubset(of: other) == Set(expected).isSubset(of: Set(other)))
            for count in [-1, 0, 1, width - 1, width, GPUSet.capacity, GPUSet.capacity + 1] {
                #expect(set.isBelow(count) == expected.allSatisfy { $0 < count }, "seed \(seed), step \(step), below \(count)")
            }
            var union = set, difference = set
            union.formUnion(other)
            difference.subtract(other)
            #expect(Array(union) == Set(expected).union(Set(other)).sorted())
            #expect(Array(difference) == Set(expected).subtracting(Set(other)).sorted())
        }
    }

    @Test func summariesNameRunsOfIndicesOnTheWidestNodes() {
        let cluster = ClusterState(nodes: [SchedulerNode(name: "wide", gpuType: "X", gpus: 64, cpuMilli: 1, memoryMiB: 1)])
        let placement = Placement(share: .init(node: 0, gpus: GPUSet([0, 1, 2, 5, 31, 32, 33, 62, 63])))
        #expect(placement.summary(in: cluster) == "wide[0-2,5,31-33,62-63]")
        #expect(placement.gpuCount == 9)
    }

    @Test func placementsReadBackTheirShares() {
        let shares: [Placement.Share] = [
            .init(node: 3, gpus: [0, 1], cpuMilli: 5, memoryMiB: 7), .init(node: 1, gpus: [4]), .init(node: 2, gpus: [1, 2, 3]),
        ]
        for count in 0...3 {
            let placement = Placement(shares: Array(shares.prefix(count)))
            #expect(Array(placement.shares) == Array(shares.prefix(count)))
            #expect(placement.nodeCount == count && placement.gpuCount == [0, 2, 3, 6][count])
        }
        #expect(Placement(share: shares[0]) == Placement(shares: [shares[0]]))
        #expect(Placement(shares: Array(shares.prefix(2))) != Placement(shares: [shares[1], shares[0]]))
    }

    @Test func theWidestNodeIsAllocatedAndReleasedWhole() {
        var cluster = ClusterState(nodes: [SchedulerNode(name: "wide", gpuType: "X", gpus: 64, cpuMilli: 1, memoryMiB: 1)])
        let first = Placement(share: .init(node: 0, gpus: cluster.freeGPUs(of: 0, count: 40)))
        #expect(Array(first.shares[0].gpus) == Array(0..<40))
        cluster.allocate(first)
        #expect(Array(cluster.freeGPUs(of: 0, count: 30)) == Array(40..<64))
        cluster.release(first)
        #expect(cluster.usedGPUs == 0 && cluster.nodes[0].freeCount == 64)
    }
}
