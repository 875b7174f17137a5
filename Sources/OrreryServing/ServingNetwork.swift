import OrreryFabric
import OrreryHardware
import OrreryKernel
import OrreryStorage

/// The network a serving deployment moves bytes over: the cluster's ``Topology``
/// installed in a ``NetworkSimulator``, plus the storage tiers as further links of the
/// same simulator. KV caches moving from prefill to decode replicas are flows between
/// GPUs on their topology routes, and replicas loading weights are flows on a storage
/// tier's link, so transfers that share a link share its bandwidth (max-min fairness).
///
/// Several deployments of one scenario share one `ServingNetwork` when they run on the
/// same node type, so their transfers contend too.
public final class ServingNetwork {
    private unowned let simulation: Simulation
    public let simulator: NetworkSimulator
    public let topology: Topology
    private var storageNetworks: [(system: StorageSystem, network: StorageNetwork)] = []
    /// ECMP flow label of the next transfer, so concurrent transfers spread over paths.
    private var nextFlowLabel: UInt64 = 0
    /// Transfers started and finished, for tests and metrics.
    public private(set) var transfersStarted = 0
    public private(set) var transfersFinished = 0

    /// Installs `topology` in a fresh simulator on `simulation`.
    public init(simulation: Simulation, topology: Topology) throws(ServingError) {
        self.simulation = simulation
        simulator = NetworkSimulator(simulation: simulation)
        self.topology = topology
        do { try topology.install(into: simulator) } catch {
            throw .invalidConfiguration("cannot install the serving network: \(error)")
        }
    }

    /// The server a deployment on `gpu` runs on when no cluster says otherwise: the
    /// catalogue's first node fitted with that GPU, or an 8-GPU DGX-H100 fitted with it;
    /// `nicBytesPerSecond`, when given, replaces its per-NIC line rate.
    public static func defaultNode(
        gpu: GPUSpec, nicBytesPerSecond: Double? = nil, catalogue: HardwareCatalogue = .builtIn
    ) throws(ServingError) -> NodeSpec {
        let nodes = catalogue.nodeNames.compactMap { catalogue.node(named: $0) }
        guard var node = nodes.first(where: { $0.gpu.name == gpu.name }) ?? nodes.first(where: { $0.name == "DGX-H100" })
        else { throw .invalidConfiguration("the catalogue has no node to build a default fabric from") }
        node.gpu = gpu
        if let nicBytesPerSecond {
            do { node = try node.setting(.nicBandwidth, to: nicBytesPerSecond) } catch {
                throw .invalidConfiguration("link bandwidth: \(error)")
            }
        }
        return node
    }

    /// The fabric of `nodes` servers of `node` when none is given: its DGX SuperPOD preset
    /// when it has one, a rail-optimised fat tree in scalable units of 32 nodes otherwise.
    public static func defaultTopology(node: NodeSpec, nodes: Int) throws(ServingError) -> Topology {
        do {
            if let preset = TopologyPreset.allCases.first(where: { $0.nodeName == node.name }) {
                return try preset.topology(nodes: nodes, node: node)
            }
            return try Topology(nodes: nodes, node: node, scaleOut: .railOptimisedFatTree(nodesPerScalableUnit: 32))
        } catch {
            throw .invalidConfiguration("cannot build a default fabric of \(nodes) × \(node.name): \(error)")
        }
    }

    /// The links of `system`'s tiers in this simulator, added on first use.
    func storage(_ system: StorageSystem) throws(ServingError) -> StorageNetwork {
        if let found = storageNetworks.first(where: { $0.system == system }) { return found.network }
        let network: StorageNetwork
        do { network = try StorageNetwork(network: simulator, system: system) } catch {
            throw .invalidConfiguration(error.description)
        }
        storageNetworks.append((system, network))
        return network
    }

    /// Moves `bytesPerGPU` from each of `count` consecutive GPUs starting at rank `source`
    /// to the GPU at the same offset from rank `destination` (each GPU of a TP × PP group
    /// sends its own shard), one flow per pair on its topology route. After `setUp`
    /// (connection set-up the routes' link latencies do not include), the flows start
    /// together; `onComplete` runs when the last one lands.
    func transfer(
        fromRank source: Int, toRank destination: Int, count: Int, bytesPerGPU: Double, setUp: SimTime,
        onComplete: @escaping (SimTime) -> Void
    ) {
        transfersStarted += 1
        let start = { [self] in
            var remaining = count
            for k in 0..<count {
                nextFlowLabel &+= 1
                do {
                    let route = try topology.route(fromRank: source + k, toRank: destination + k, flow: nextFlowLabel)
                    if route.isEmpty || bytesPerGPU <= 0 {
                        remaining -= 1
                        continue
                    }
                    try simulator.transfer(route: route, bytes: bytesPerGPU) { [self] time in
                        remaining -= 1
                        if remaining == 0 {
                            transfersFinished += 1
                            onComplete(time)
                        }
                    }
                } catch {
                    // Ranks come from a placement checked against this topology.
                    preconditionFailure("ServingNetwork: a placed transfer was refused: \(error)")
                }
            }
            if remaining == 0 {
                transfersFinished += 1
                onComplete(simulation.now)
            }
        }
        if setUp > .zero { simulation.schedule(after: setUp, start) } else { start() }
    }
}
