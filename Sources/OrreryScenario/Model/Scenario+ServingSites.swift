import OrreryFabric
import OrreryHardware
import OrreryKernel
import OrreryScheduling
import OrreryServing

/// Where one serving workload's replicas sit on the cluster.
public struct ServingSite: Sendable {
    /// The node type the replicas run on.
    public var node: NodeSpec
    /// Cluster nodes of that type (indices in scenario order): the nodes of the topology
    /// the workload's KV transfers are routed on, in that order.
    public var typeNodes: [Int]
    /// Replica GPUs as ranks of that topology (node position × GPUs per node + GPU).
    public var placement: ReplicaPlacement
    /// The same GPUs as cluster shares, held for the whole run so jobs cannot take them.
    public var reserved: [Placement.Share]
}

/// A serving workload that does not fit the cluster.
struct ServingSiteError: Error {
    var workload: Int
    var message: String
}

extension Scenario {
    /// Places every serving workload's replicas (the autoscaler's maximum, when it has
    /// one) on the cluster's nodes of their GPU type, in file order, after the nodes the
    /// training workloads take (whole nodes from the first): a replica that fits in a node
    /// takes the lowest free GPUs of the first node with room for it; a larger one takes
    /// whole free nodes, consecutive among its type's nodes.
    func servingSites() throws(ServingSiteError) -> [ServingSite] {
        let nodes = cluster.flatMap { group in Array(repeating: group.node, count: Swift.max(group.count, 0)) }
        var taken = Array(repeating: 0, count: nodes.count)
        var trainingNodes = 0
        for workload in training {
            let perNode = workload.plan.cluster.node.gpusPerNode
            trainingNodes += (workload.plan.job.layout.gpus + perNode - 1) / perNode
        }
        for i in 0..<Swift.min(trainingNodes, nodes.count) { taken[i] = nodes[i].gpusPerNode }
        var sites: [ServingSite] = []
        for (index, workload) in serving.enumerated() {
            let replica = workload.configuration.replica
            let typeNodes = nodes.indices.filter { nodes[$0].gpu.name == replica.gpu.name }
            guard let first = typeNodes.first else {
                let types = Array(Set(nodes.map(\.gpu.name))).sorted().joined(separator: ", ")
                throw ServingSiteError(
                    workload: index,
                    message: "serving workload '\(workload.name)' runs on \(replica.gpu.name), which this cluster does not have (it has: \(types))")
            }
            let perNode = nodes[first].gpusPerNode, size = replica.gpusPerReplica
            let count = Swift.max(workload.configuration.replicas, workload.configuration.autoscaler?.maxReplicas ?? 0)
            var ranks: [Int] = [], shares: [Placement.Share] = []
            for placed in 0..<count {
                if size <= perNode, let p = typeNodes.indices.first(where: { perNode - taken[typeNodes[$0]] >= size }) {
                    let node = typeNodes[p]
                    ranks.append(p * perNode + taken[node])
                    shares.append(Placement.Share(node: node, gpus: GPUSet(taken[node]..<(taken[node] + size))))
                    taken[node] += size
                    continue
                }
                let span = (size + perNode - 1) / perNode
                if size > perNode, let p = typeNodes.indices.first(where: { start in
                    start + span <= typeNodes.count && (start..<(start + span)).allSatisfy { taken[typeNodes[$0]] == 0 }
                }) {
                    ranks.append(p * perNode)
                    for q in p..<(p + span) {
                        shares.append(Placement.Share(node: typeNodes[q], gpus: GPUSet(0..<perNode)))
                        taken[typeNodes[q]] = perNode
                    }
                    continue
                }
                let free = typeNodes.reduce(0) { $0 + perNode - taken[$1] }
                throw ServingSiteError(
                    workload: index,
                    message: "serving workload '\(workload.name)' needs \(count) replica\(count == 1 ? "" : "s") of \(size) × \(replica.gpu.name) "
                        + "but only \(placed) fit on the cluster (\(typeNodes.count) nodes of \(perNode) \(replica.gpu.name); "
                        + "\(free) GPUs left after training workloads and earlier serving workloads)")
            }
            sites.append(ServingSite(node: nodes[first], typeNodes: typeNodes, placement: ReplicaPlacement(firstRanks: ranks), reserved: shares))
        }
        return sites
    }

    /// GPUs of `gpuType` (any type when nil) the serving workloads hold.
    func servingReservedGPUs(ofType gpuType: String?, in cluster: ClusterState, sites: [ServingSite]) -> Int {
        sites.flatMap(\.reserved).reduce(0) { total, share in
            let type = cluster.gpuType(of: share.node)
            let matches = gpuType.map { type.caseInsensitiveCompare($0) == .orderedSame } ?? true
            return total + (matches ? share.gpus.count : 0)
        }
    }
}

extension Scenario {
    /// The serving sites, or none with a problem naming the workload that does not fit;
    /// also checks that `link-bandwidth` is not given beside `cluster.fabric`.
    func validateServingSites(_ problems: inout ScenarioErrors) -> [ServingSite] {
        for workload in serving where topology != nil && workload.configuration.disaggregation?.linkBandwidthBytesPerSecond != nil {
            problems.append(workload.origin.error(
                "serving workload '\(workload.name)': disaggregation.link-bandwidth sets the default fabric's NICs; with cluster.fabric, set its 'link' instead"))
        }
        let sites: [ServingSite]
        do { sites = try servingSites() } catch {
            problems.append(serving[error.workload].origin.error(error.message))
            return []
        }
        for (workload, site) in zip(serving, sites) { checkReplicaFitsItsNode(workload, site.node, &problems) }
        return sites
    }

    /// What a replica asks of the node it lands on: a tensor-parallel group inside one
    /// scale-up domain (its all-reduce is priced at NVLink speed; pipeline stages are what
    /// span nodes), and swap space (per GPU) within the node's host memory.
    private func checkReplicaFitsItsNode(_ workload: ServingWorkload, _ node: NodeSpec, _ problems: inout ScenarioErrors) {
        let replica = workload.configuration.replica
        let domain = node.gpusPerNode * node.nodesPerScaleUpDomain
        if replica.tensorParallel > domain {
            problems.append(workload.origin.error(
                "serving workload '\(workload.name)': tp \(replica.tensorParallel) is more than the \(domain) GPUs of one "
                    + "\(node.name) scale-up domain; a tensor-parallel group must share NVLink (span nodes with pp)"))
        }
        let swap = Double(replica.swapSpaceBytesPerGPU) * Double(node.gpusPerNode)
        if replica.preemption == .swap, swap > Double(node.hostMemoryBytes) {
            problems.append(workload.origin.error(
                "serving workload '\(workload.name)': batching.swap-space \(Quantity.format(Double(replica.swapSpaceBytesPerGPU), as: .bytes)) "
                    + "per GPU × \(node.gpusPerNode) GPUs is more than the \(Quantity.format(Double(node.hostMemoryBytes), as: .bytes)) "
                    + "host memory of a \(node.name) node"))
        }
    }
}

/// The serving networks of one run: one per node type (and NIC override), shared by the
/// workloads on it so that their KV transfers and weight loads contend.
struct ServingNetworks {
    let simulation: Simulation
    /// The scenario's `cluster.fabric`, used for the cluster's (single) node type.
    let fabric: Topology?
    private var built: [(key: String, network: ServingNetwork)] = []

    init(simulation: Simulation, fabric: Topology?) {
        self.simulation = simulation
        self.fabric = fabric
    }

    /// The network of `site`'s node type: `cluster.fabric` when the scenario has one,
    /// otherwise ``ServingNetwork/defaultTopology(node:nodes:)`` over the cluster's nodes
    /// of that type.
    mutating func network(for site: ServingSite, nicBytesPerSecond: Double?) throws(ServingError) -> ServingNetwork {
        let key = fabric != nil ? "cluster.fabric" : "\(site.node.name)|\(nicBytesPerSecond.map { "\($0)" } ?? "")"
        if let found = built.first(where: { $0.key == key }) { return found.network }
        let topology: Topology
        if let fabric {
            topology = fabric
        } else {
            var node = site.node
            if let nicBytesPerSecond {
                do { node = try node.setting(.nicBandwidth, to: nicBytesPerSecond) } catch {
                    throw .invalidConfiguration("link bandwidth: \(error)")
                }
            }
            topology = try ServingNetwork.defaultTopology(node: node, nodes: site.typeNodes.count)
        }
        let network = try ServingNetwork(simulation: simulation, topology: topology)
        built.append((key, network))
        return network
    }
}
