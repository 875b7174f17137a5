// Placement speed (release only):
//
//     swift run -c release placement-bench [nodes] [starts]
//
// Consolidating placement on a cluster of DGX-A100 nodes (default 1,250: the 10,000-GPU
// cluster of the 1M-job benchmark) held near 90 % allocation: jobs of 1–16 GPUs (Philly's
// size mix) start and random running jobs end. The indexed placement (nodes bucketed by
// free GPU count) is timed against a reference that scans every node, as consolidating
// placement did before the index; every choice is checked to be the same. Reports wall
// and thread-CPU time per placement: the machine is shared, thread CPU is the steadier.
import Foundation
import OrreryHardware
import OrreryKernel
import OrreryScheduling

func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func wallSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// The scanning consolidation (before the index): the fullest node that fits, else the
/// emptiest nodes first.
struct ScanningConsolidation: PlacementPolicy {
    func place(_ request: ResourceRequest, in cluster: ClusterState) -> Placement? {
        var best: Int?
        var bestFree = Int.max
        for index in cluster.nodes.indices {
            let free = cluster.nodes[index].freeCount
            guard free >= request.gpus, free < bestFree else { continue }
            best = index
            bestFree = free
            if free == request.gpus { break }
        }
        if let node = best {
            return Placement(shares: [.init(node: node, gpus: cluster.freeGPUs(of: node, count: request.gpus))])
        }
        let ordered = cluster.nodes.indices.filter { cluster.nodes[$0].freeCount > 0 }.sorted {
            let a = cluster.nodes[$0].freeCount, b = cluster.nodes[$1].freeCount
            return a != b ? a > b : $0 < $1
        }
        guard ordered.reduce(0, { $0 + cluster.nodes[$1].freeCount }) >= request.gpus else { return nil }
        var shares: [Placement.Share] = []
        var needed = request.gpus
        for node in ordered where needed > 0 {
            let take = min(needed, cluster.nodes[node].freeCount)
            shares.append(.init(node: node, gpus: cluster.freeGPUs(of: node, count: take)))
            needed -= take
        }
        return Placement(shares: shares)
    }
}

/// A small deterministic generator (SplitMix64 over the kernel's finaliser).
struct Mixer {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        defer { state &+= 0x9E37_79B9_7F4A_7C15 }
        return Int(StableHash.mix64(state) % UInt64(bound))
    }
}

let arguments = CommandLine.arguments
let nodeCount = arguments.count > 1 ? Int(arguments[1]) ?? 1250 : 1250
let starts = arguments.count > 2 ? Int(arguments[2]) ?? 200_000 : 200_000
let sizes = [1, 1, 1, 1, 1, 1, 2, 2, 4, 4, 8, 8, 16]

func drive(_ placement: any PlacementPolicy, check: (any PlacementPolicy)?) -> (wall: Double, cpu: Double, placed: Int) {
    var cluster = ClusterState(groups: [NodeGroup(node: HardwareCatalogue.builtIn.node(named: "DGX-A100")!, count: nodeCount)])
    var running: [Placement] = []
    var mixer = Mixer(state: 42)
    var placed = 0
    var spent = (wall: 0.0, cpu: 0.0)
    while placed < starts {
        if cluster.allocatedGPUs * 10 < cluster.totalGPUs * 9 {
            let request = ResourceRequest(gpus: sizes[mixer.next(sizes.count)])
            let wall = wallSeconds(), cpu = threadCPUSeconds()
            let chosen = placement.place(request, in: cluster)
            spent.wall += wallSeconds() - wall
            spent.cpu += threadCPUSeconds() - cpu
            if let check { precondition(check.place(request, in: cluster) == chosen, "placements differ at start \(placed)") }
            if let chosen {
                cluster.allocate(chosen)
                running.append(chosen)
            }
            placed += 1
        } else {
            cluster.release(running.swapRemoveAt(mixer.next(running.count)))
        }
    }
    return (spent.wall, spent.cpu, placed)
}

extension Array {
    mutating func swapRemoveAt(_ index: Int) -> Element {
        swapAt(index, count - 1)
        return removeLast()
    }
}

_ = drive(ConsolidatingPlacement(), check: ScanningConsolidation())
print("checked: indexed and scanning placements agree on \(starts) starts, \(nodeCount) nodes")
let indexed = drive(ConsolidatingPlacement(), check: nil)
let scanning = drive(ScanningConsolidation(), check: nil)
for (name, run) in [("indexed", indexed), ("scanning", scanning)] {
    print(String(format: "%-9@ %8.0f ns/placement wall  %8.0f ns/placement thread CPU", name as NSString, run.wall / Double(run.placed) * 1e9, run.cpu / Double(run.placed) * 1e9))
}
print(String(format: "speed-up (thread CPU): %.1f×", scanning.cpu / indexed.cpu))
