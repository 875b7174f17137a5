/// The skeleton shared by the node-scoring placements of the GPU-sharing study (FGD and
/// its baselines, Weng et al., ATC'23): every way to hold a job on one node is scored and
/// the lowest score wins (ties: the lower node, then the lower GPU).
///
/// A whole-GPU job takes a node's lowest-numbered free GPUs; a job sharing a GPU is
/// tried either on every GPU with room (``GPUChoice/every``, GPUs with equal free
/// capacity tried once) or only on the node's fullest GPU with room
/// (``GPUChoice/bestFit``, how the baselines pick a GPU once they have picked a node). A
/// whole-GPU job that no node holds alone is spread emptiest node first, as
/// ``ConsolidatingPlacement`` does (the paper's tasks are single-node pods; multi-node
/// gangs only arise in other traces).
enum ScoredPlacement {
    enum GPUChoice {
        case every
        case bestFit
    }

    /// One single-node way to hold a request: the node, and for a share the GPU.
    struct Option {
        var node: Int
        var gpu: Int?
    }

    /// Every single-node option for `request` in node order (and GPU order within a node).
    static func forEachOption(
        _ request: ResourceRequest, in cluster: ClusterState, gpuChoice: GPUChoice, _ body: (Option) -> Void
    ) {
        guard request.gpus > 0 else { return }
        let wanted = cluster.typeIndex(for: request.gpuType)
        for (position, node) in cluster.nodes.enumerated()
        where ClusterState.matches(type: node.typeIndex, wanted)
            && cluster.hostFits(position, cpuMilli: request.cpuMilli, memoryMiB: request.memoryMiB)
        {
            guard request.isFractional else {
                if node.freeCount >= request.gpus { body(Option(node: position, gpu: nil)) }
                continue
            }
            guard node.freeMilliTotal >= request.gpuMilli else { continue }
            let freeMilli = cluster.freeMilli(of: position)
            let first = freeMilli.startIndex
            switch gpuChoice {
            case .bestFit:
                var best: Int?
                for (gpu, free) in freeMilli.enumerated() where free >= request.gpuMilli {
                    if best.map({ free < freeMilli[first + $0] }) ?? true { best = gpu }
                }
                if let best { body(Option(node: position, gpu: best)) }
            case .every:
                for (gpu, free) in freeMilli.enumerated() where free >= request.gpuMilli {
                    // A GPU with the same free capacity as an earlier one is the same option.
                    if freeMilli[first..<(first + gpu)].contains(free) { continue }
                    body(Option(node: position, gpu: gpu))
                }
            }
        }
    }

    /// The option with the lowest `score` (ties: the first), as a placement; for a
    /// whole-GPU job no node holds alone, the emptiest-first spread.
    static func lowestScoring(
        _ request: ResourceRequest, in cluster: ClusterState, gpuChoice: GPUChoice, score: (Option) -> Double
    ) -> Placement? {
        var best: Option?
        var bestScore = Double.infinity
        forEachOption(request, in: cluster, gpuChoice: gpuChoice) { option in
            let value = score(option)
            if best == nil || value < bestScore {
                best = option
                bestScore = value
            }
        }
        if let best { return placement(request, best, in: cluster) }
        return request.isFractional ? nil : Placement.emptiestFirst(request, in: cluster)
    }

    static func placement(_ request: ResourceRequest, _ option: Option, in cluster: ClusterState) -> Placement {
        if let gpu = option.gpu { return Placement.shared(request, node: option.node, gpu: gpu) }
        return Placement.onOneNode(request.demand, node: option.node, in: cluster)
    }

    /// The node's free GPU capacity after the option, in milli-GPUs per GPU, written into
    /// `scratch` (at least as long as the node has GPUs); returns the GPU count.
    static func freeAfter(_ request: ResourceRequest, _ option: Option, in cluster: ClusterState, into scratch: inout [Int]) -> Int {
        let node = cluster.nodes[option.node]
        for gpu in 0..<node.gpuCount { scratch[gpu] = cluster.freeMilli(of: option.node, gpu: gpu) }
        if let gpu = option.gpu {
            scratch[gpu] -= request.gpuMilli
        } else {
            var left = request.gpus
            for gpu in 0..<node.gpuCount where left > 0 && scratch[gpu] == ResourceRequest.wholeGPU {
                scratch[gpu] = 0
                left -= 1
            }
        }
        return node.gpuCount
    }
}
