import Foundation
import Testing
import OrreryKernel
@testable import OrreryScheduling

/// A node of `free.count` GPUs with the given free milli-GPUs each, and `cpu` milli-cores.
private func node(_ name: String, free: [Int], cpu: Int = 100_000, type: String = "G2") -> (SchedulerNode, [Int]) {
    (SchedulerNode(name: name, gpuType: type, gpus: free.count, cpuMilli: cpu, memoryMiB: 1 << 20), free)
}

/// A cluster whose GPUs start with the given free capacities (taken by filler shares).
private func cluster(_ nodes: [(SchedulerNode, [Int])]) -> ClusterState {
    var state = ClusterState(nodes: nodes.map(\.0))
    for (position, (_, free)) in nodes.enumerated() {
        for (gpu, left) in free.enumerated() where left < ResourceRequest.wholeGPU {
            state.allocate(Placement(shares: [.init(node: position, gpus: [gpu])], gpuMilli: ResourceRequest.wholeGPU - left))
        }
    }
    return state
}

@Suite struct FragmentationMeasureTests {
    /// Hand-computed F_n(M) for GPUs free [1000, 500, 300, 0] and 10 cores free:
    /// - a 400-milli share (p = ½) runs, the 300 and 0 GPUs are stranded: 300;
    /// - two whole GPUs (p = ¼) cannot run (one free GPU): all 1,800 free;
    /// - one GPU with 20 cores (p = ¼) lacks CPU: all 1,800.
    /// F = ½·300 + ¼·1800 + ¼·1800 = 1,050 milli-GPUs.
    @Test func nodeFragmentationFollowsTheDefinition() {
        let workload = TargetWorkload(
            classes: [
                .init(gpus: 1, gpuMilli: 400, cpuMilli: 1000), .init(gpus: 2), .init(gpus: 1, cpuMilli: 20_000),
            ],
            weights: [2, 1, 1])
        var state = cluster([node("n", free: [1000, 500, 300, 0], cpu: 30_000)])
        state.allocate(Placement(shares: [.init(node: 0, gpus: [], cpuMilli: 20_000)]))
        #expect(workload.fragmentation(of: 0, in: state) == 1050)
        #expect(workload.fragmentation(of: state) == 1050)
        // A type the class does not accept makes every free GPU a fragment.
        let typed = TargetWorkload(classes: [.init(gpus: 1, gpuType: "T4")], weights: [1])
        #expect(typed.fragmentation(of: 0, in: state) == 1800)
    }

    @Test func workloadFromJobsCountsClassesByPopularity() {
        let jobs = [
            JobSpec(id: "a", gpus: 1, submit: .zero, duration: .seconds(1), gpuMilli: 500),
            JobSpec(id: "b", gpus: 1, submit: .zero, duration: .seconds(1), gpuMilli: 500),
            JobSpec(id: "c", gpus: 8, submit: .zero, duration: .seconds(1)),
        ]
        let workload = TargetWorkload(jobs: jobs)
        #expect(workload.classes == [.init(gpus: 1, gpuMilli: 500), .init(gpus: 8)])
        #expect(workload.popularity == [2.0 / 3, 1.0 / 3])
    }
}

@Suite struct SharedGPUPlacementTests {
    let share400 = ResourceRequest(gpus: 1, gpuMilli: 400, cpuMilli: 1000)

    /// node 0: GPUs free [1000, 1000]; node 1: [600, 1000]; the workload is 600-milli
    /// shares. Best fit puts a 400 share on node 1's 600 GPU, stranding 200 no 600 share
    /// can use; FGD puts it where no fragment appears (node 0, GPU 0: Δ = 0, first).
    @Test func fgdAvoidsTheFragmentBestFitCreates() throws {
        let state = cluster([node("a", free: [1000, 1000]), node("b", free: [600, 1000])])
        let fgd = FragmentationGradientDescentPlacement(workload: TargetWorkload(classes: [.init(gpus: 1, gpuMilli: 600)], weights: [1]))
        let chosen = try #require(fgd.place(share400, in: state))
        #expect(chosen == Placement.shared(share400, node: 0, gpu: 0))
        let packed = try #require(ConsolidatingPlacement().place(share400, in: state))
        #expect(packed == Placement.shared(share400, node: 1, gpu: 0))
        #expect(packed.summary(in: state) == "b[0:400m]")
    }

    @Test func sharesAndWholeGPUsAccountTogether() throws {
        var state = cluster([node("a", free: [1000, 1000])])
        let share = try #require(ConsolidatingPlacement().place(share400, in: state))
        state.allocate(share)
        #expect(state.allocatedMilliGPUs == 400 && state.usedGPUs == 1 && state.allocatedGPUs == 0)
        #expect(state.nodes[0].freeCount == 1 && state.nodes[0].freeCPUMilli == 99_000)
        // A whole GPU cannot go on the shared one; two cannot fit.
        #expect(try #require(ConsolidatingPlacement().place(gpus: 1, gpuType: nil, in: state)).shares[0].gpus == [1])
        #expect(ConsolidatingPlacement().place(gpus: 2, gpuType: nil, in: state) == nil)
        state.release(share)
        #expect(state.allocatedMilliGPUs == 0 && state.nodes[0].freeCount == 2 && state.nodes[0].kinds.isEmpty)
    }

    @Test func hostCPULimitsPlacement() {
        let state = cluster([node("a", free: [1000], cpu: 500)])
        #expect(ConsolidatingPlacement().place(share400, in: state) == nil)
        #expect(!state.canEverHoldOnOneNode(share400))
    }

    @Test func gpuPackingFillsSharedGPUsFirst() throws {
        let state = cluster([node("a", free: [1000, 1000]), node("b", free: [1000, 700])])
        let chosen = try #require(GPUPackingPlacement().place(share400, in: state))
        #expect(chosen.shares[0].node == 1 && chosen.shares[0].gpus == [1])
        // Whole GPUs: a used node before an idle one.
        #expect(try #require(GPUPackingPlacement().place(gpus: 1, gpuType: nil, in: state)).shares[0].node == 1)
    }

    @Test func gpuClusteringKeepsKindsTogether() throws {
        var state = cluster([node("a", free: [1000, 1000]), node("b", free: [1000, 1000])])
        state.allocate(Placement(shares: [.init(node: 1, gpus: [0])], gpuMilli: 400))
        // A 400 share joins the node holding only 400 shares; a whole GPU goes to the idle node.
        #expect(try #require(GPUClusteringPlacement().place(share400, in: state)).shares[0].node == 1)
        #expect(try #require(GPUClusteringPlacement().place(gpus: 1, gpuType: nil, in: state)).shares[0].node == 0)
    }

    @Test func bestFitAndDotProductPreferTheFullerNode() throws {
        let state = cluster([node("a", free: [1000, 1000]), node("b", free: [1000, 300])])
        #expect(try #require(BestFitPlacement().place(gpus: 1, gpuType: nil, in: state)).shares[0].node == 1)
        #expect(try #require(DotProductPlacement().place(gpus: 1, gpuType: nil, in: state)).shares[0].node == 1)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func randomFitIsDeterministicAndVaries(seed: UInt64) throws {
        let state = cluster((0..<16).map { node("n\($0)", free: [1000]) })
        let random = RandomFitPlacement(seed: seed)
        #expect(random.place(share400, in: state) == random.place(share400, in: state))
        var chosen = Set<Int>()
        var walk = state
        for _ in 0..<8 {
            let placement = try #require(random.place(ResourceRequest(gpus: 1, gpuMilli: 100), in: walk))
            chosen.insert(placement.shares[0].node)
            walk.allocate(placement)
        }
        #expect(chosen.count > 2, "seed \(seed): random fit should not stick to one node")
    }
}
