/// Dot product (Tetris' alignment score, Grandl et al., SIGCOMM'14, as the "DotProd"
/// baseline of Weng et al., ATC'23): the option whose free resources, normalised by the
/// node's capacity, have the smallest dot product with the job's normalised demand.
///
/// Vectors are (CPU, GPU): the job's CPU over the node's CPU times the node's free CPU
/// over its CPU, plus the GPU term. For a shared GPU the GPU term is the share times the
/// chosen GPU's free fraction (every GPU with room is tried); for whole GPUs it is
/// gpus/G times free milli-GPUs/(1000·G), G the node's GPUs. A small product means the
/// job lands where little of what it uses is left: packing along the job's dimensions.
/// (Tetris itself takes the largest product of demand and *remaining* capacity; the
/// ATC'23 artifact ranks the smallest, which is what this baseline reproduces.)
public struct DotProductPlacement: PlacementPolicy {
    public init() {}

    public func place(_ request: ResourceRequest, in cluster: ClusterState) -> Placement? {
        ScoredPlacement.lowestScoring(request, in: cluster, gpuChoice: .every) { option in
            let node = cluster.nodes[option.node]
            let whole = Double(ResourceRequest.wholeGPU)
            let cpu = node.cpuMilli > 0
                ? Double(request.cpuMilli) / Double(node.cpuMilli) * Double(node.freeCPUMilli) / Double(node.cpuMilli) : 0
            let gpu: Double
            if let chosen = option.gpu {
                gpu = Double(request.gpuMilli) / whole * Double(cluster.freeMilli(of: option.node, gpu: chosen)) / whole
            } else {
                let capacity = Double(node.gpuCount)
                gpu = Double(request.gpus) / capacity * Double(node.freeMilliTotal) / (whole * capacity)
            }
            return cpu + gpu
        }
    }
}
