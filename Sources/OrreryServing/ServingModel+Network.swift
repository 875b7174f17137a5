import OrreryKernel

extension ServingModel {
    /// The network a deployment of `capacity` replicas moves bytes over and where its
    /// replicas sit: the given ones; otherwise, when it moves bytes (disaggregated or
    /// autoscaled), a network of its own on the default fabric of its GPU
    /// (``ServingNetwork/defaultNode(gpu:nicBytesPerSecond:catalogue:)``) with replicas
    /// packed from rank 0; with no network, packed placement on 8-GPU nodes.
    static func networkAndPlacement(
        configuration: ServingConfiguration, capacity: Int, simulation: Simulation, network: ServingNetwork?,
        placement: ReplicaPlacement?
    ) throws(ServingError) -> (ServingNetwork?, ReplicaPlacement) {
        let gpusPerReplica = configuration.replica.gpusPerReplica
        var network = network
        var placement = placement
        if network == nil, configuration.disaggregation != nil || configuration.autoscaler != nil {
            let node = try ServingNetwork.defaultNode(
                gpu: configuration.replica.gpu, nicBytesPerSecond: configuration.disaggregation?.linkBandwidthBytesPerSecond)
            let packed = placement ?? ReplicaPlacement.packed(
                replicas: capacity, gpusPerReplica: gpusPerReplica, gpusPerNode: node.gpusPerNode)
            let gpus = (packed.firstRanks.max() ?? 0) + gpusPerReplica
            let topology = try ServingNetwork.defaultTopology(node: node, nodes: (gpus + node.gpusPerNode - 1) / node.gpusPerNode)
            network = try ServingNetwork(simulation: simulation, topology: topology)
            placement = packed
        }
        let resolved = placement ?? ReplicaPlacement.packed(
            replicas: capacity, gpusPerReplica: gpusPerReplica, gpusPerNode: network?.topology.gpusPerNode ?? 8)
        guard resolved.firstRanks.count >= capacity else {
            throw .invalidConfiguration("placement: \(resolved.firstRanks.count) replicas placed, \(capacity) needed")
        }
        if let topology = network?.topology {
            for first in resolved.firstRanks where first < 0 || first + gpusPerReplica > topology.gpuCount {
                throw .invalidConfiguration(
                    "placement: a replica at rank \(first) needs \(gpusPerReplica) GPUs, beyond the fabric's \(topology.gpuCount)")
            }
        }
        return (network, resolved)
    }

    /// Sends `slot`'s KV cache (its cached tokens) from prefill replica `from` to the decode
    /// replica with the fewest outstanding and incoming tokens, as flows over the fabric.
    func startTransfer(_ slot: Int, from: Int) {
        guard let network, let disaggregation = configuration.disaggregation else { return }
        var best = decodePool[0]
        func load(_ i: Int) -> Int { outstandingTokens(ofReplica: i) + incomingTokens[i] }
        for i in decodePool.dropFirst() where load(i) < load(best) { best = i }
        let destination = best
        let tokens = table.prompt[slot] + table.output[slot]
        incomingTokens[destination] += tokens
        let gpus = configuration.replica.gpusPerReplica
        let bytes = Double(table.cached[slot]) * Double(configuration.replica.kvBytesPerToken) / Double(gpus)
        network.transfer(
            fromRank: placement.firstRanks[from], toRank: placement.firstRanks[destination], count: gpus, bytesPerGPU: bytes,
            setUp: disaggregation.setUpLatency
        ) { [unowned self, start = simulation.now] end in
            transferSeconds.append((end - start).seconds)
            incomingTokens[destination] -= tokens
            engine(for: destination).enqueueTransferred(slot)
        }
    }

}
