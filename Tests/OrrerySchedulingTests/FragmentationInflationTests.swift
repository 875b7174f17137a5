import Foundation
import Testing
import OrreryKernel
@testable import OrreryScheduling

/// The ATC'23 experiment in small (Weng et al., §6.1, "workload inflation"): tasks drawn
/// from the openb trace arrive one after another and never leave; each is placed if it
/// can be, else it fails; arrivals stop once the GPU demand that arrived reaches the
/// cluster's capacity. Better placement leaves fewer GPUs fragmented and so allocates more
/// of what arrived before the cluster saturates.
///
/// Data: the shipped `Scenarios/traces/alibaba-openb-2023` node and pod lists (every 10th
/// GPU node: 122 nodes, 626 GPUs; tasks drawn from the trace's GPU pods).
@Suite struct FragmentationInflationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let data = repository.appendingPathComponent("Scenarios/traces/alibaba-openb-2023")

    static func nodes() throws -> [SchedulerNode] {
        let all = try NodeListFormat.alibabaOpenb.load(path: data.appendingPathComponent("openb_node_list_gpu_node.csv").path).nodes
        return stride(from: 0, to: all.count, by: 10).map { all[$0] }
    }

    static func pods() throws -> [JobSpec] {
        try TraceFormat.alibabaOpenb.load(path: data.appendingPathComponent("openb_pod_list_default.csv").path, idPrefix: "openb").jobs
    }

    struct Outcome {
        var allocatedMilli: Int
        var fragmentedMilli: Double
    }

    /// Places tasks drawn (with replacement) from `pods` until the arrived demand reaches
    /// `load` × the cluster's GPUs.
    static func inflate(_ placement: any PlacementPolicy, nodes: [SchedulerNode], pods: [JobSpec], seed: UInt64, load: Double) -> Outcome {
        var state = ClusterState(nodes: nodes)
        let stream = RandomStreams(masterSeed: seed).stream("inflation")
        let target = load * Double(state.totalGPUs * ResourceRequest.wholeGPU)
        var arrived = 0.0
        while arrived < target {
            let pod = pods[Int(stream.uniformInt(below: UInt32(pods.count)))]
            arrived += Double(pod.request.totalMilliGPUs)
            if let chosen = placement.place(pod.request, in: state) { state.allocate(chosen) }
        }
        return Outcome(allocatedMilli: state.allocatedMilliGPUs, fragmentedMilli: TargetWorkload(jobs: pods).fragmentation(of: state))
    }

    @Test(arguments: [UInt64(1), 2])
    func fgdAllocatesMoreThanEveryBaselineNearSaturation(seed: UInt64) throws {
        let nodes = try Self.nodes(), pods = try Self.pods()
        let workload = TargetWorkload(jobs: pods)
        let fgd = Self.inflate(FragmentationGradientDescentPlacement(workload: workload), nodes: nodes, pods: pods, seed: seed, load: 1)
        let baselines: [(String, any PlacementPolicy)] = [
            ("random", RandomFitPlacement(seed: seed)), ("dot-product", DotProductPlacement()), ("best-fit", BestFitPlacement()),
            ("gpu-packing", GPUPackingPlacement()), ("gpu-clustering", GPUClusteringPlacement()),
        ]
        for (name, placement) in baselines {
            let other = Self.inflate(placement, nodes: nodes, pods: pods, seed: seed, load: 1)
            #expect(fgd.allocatedMilli > other.allocatedMilli, "seed \(seed): FGD should allocate more than \(name)")
            #expect(fgd.fragmentedMilli < other.fragmentedMilli, "seed \(seed): FGD should leave less fragmented than \(name)")
        }
    }
}
