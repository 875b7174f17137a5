import OrreryHardware

/// Lays out every directed link in id order (`docs/fabric.md`, "Link layout").
struct TopologyBuilder {
    let nodes: Int
    let shape: TopologyShape
    let node: NodeSpec
    let design: TopologyDesign
    let storage: StorageLayout?
    let layout: LinkLayout

    func links() -> [TopologyLink] {
        var links: [TopologyLink] = []
        links.reserveCapacity(layout.count)
        appendRankLinks(&links)
        appendLeafSpineLinks(&links)
        appendSpineCoreLinks(&links)
        if let storage { appendStorageLinks(storage, &links) }
        #if ORRERY_INTERNAL_CHECKS
        assert(links.count == layout.count, "link layout miscounted")
        #endif
        return links
    }

    private func appendRankLinks(_ links: inout [TopologyLink]) {
        let gpus = node.gpusPerNode
        let latency = design.latency
        let scaleUp = node.gpu.scaleUpBandwidthBytesPerSecond
        let nic = node.nicBandwidthBitsPerSecond / 8
        let pcie = node.nicPCIe?.x16BytesPerSecond
        for rank in 0..<(nodes * gpus) {
            let domain = rank / gpus / node.nodesPerScaleUpDomain
            links.append(TopologyLink(tier: .scaleUp, from: .gpu(rank), to: .nvSwitch(domain: domain),
                                      capacityBytesPerSecond: scaleUp, latency: latency.scaleUp))
            links.append(TopologyLink(tier: .scaleUp, from: .nvSwitch(domain: domain), to: .gpu(rank),
                                      capacityBytesPerSecond: scaleUp, latency: latency.scaleUp))
            var endpoint = TopologyVertex.gpu(rank)
            if let pcie {
                links.append(TopologyLink(tier: .pcie, from: .gpu(rank), to: .nic(rank),
                                          capacityBytesPerSecond: pcie, latency: latency.pcie))
                links.append(TopologyLink(tier: .pcie, from: .nic(rank), to: .gpu(rank),
                                          capacityBytesPerSecond: pcie, latency: latency.pcie))
                endpoint = .nic(rank)
            }
            let leaf = TopologyVertex.leaf(TopologyShape.leaf(ofRank: rank, gpus: gpus, scaleOut: design.scaleOut))
            links.append(TopologyLink(tier: .access, from: endpoint, to: leaf,
                                      capacityBytesPerSecond: nic, latency: latency.access))
            links.append(TopologyLink(tier: .access, from: leaf, to: endpoint,
                                      capacityBytesPerSecond: nic, latency: latency.access))
        }
    }

    private func appendLeafSpineLinks(_ links: inout [TopologyLink]) {
        let capacity = shape.leafSpineLinkBytesPerSecond
        let latency = design.latency.leafSpine
        for leaf in 0..<shape.leafCount {
            let pod = leaf / shape.leavesPerPod
            for local in 0..<shape.spinesPerPod {
                let spine = TopologyVertex.spine(pod * shape.spinesPerPod + local)
                links.append(TopologyLink(tier: .leafSpine, from: .leaf(leaf), to: spine,
                                          capacityBytesPerSecond: capacity, latency: latency))
                links.append(TopologyLink(tier: .leafSpine, from: spine, to: .leaf(leaf),
                                          capacityBytesPerSecond: capacity, latency: latency))
            }
        }
    }

    private func appendSpineCoreLinks(_ links: inout [TopologyLink]) {
        let capacity = shape.spineCoreLinkBytesPerSecond
        let latency = design.latency.spineCore
        for pod in 0..<(shape.coresPerPlane == 0 ? 0 : shape.podCount) {
            for local in 0..<shape.spinesPerPod {
                let spine = TopologyVertex.spine(pod * shape.spinesPerPod + local)
                for index in 0..<shape.coresPerPlane {
                    let core = TopologyVertex.core(local * shape.coresPerPlane + index)
                    links.append(TopologyLink(tier: .spineCore, from: spine, to: core,
                                              capacityBytesPerSecond: capacity, latency: latency))
                    links.append(TopologyLink(tier: .spineCore, from: core, to: spine,
                                              capacityBytesPerSecond: capacity, latency: latency))
                }
            }
        }
    }

    private func appendStorageLinks(_ storage: StorageLayout, _ links: inout [TopologyLink]) {
        let latency = design.latency.storage
        for node in 0..<storage.nodes {
            for nic in 0..<storage.nicsPerNode {
                let leaf = TopologyVertex.storageLeaf(storage.nicLeaf(node: node, nic: nic))
                links.append(TopologyLink(tier: .storageAccess, from: .host(node: node), to: leaf,
                                          capacityBytesPerSecond: storage.nicBytesPerSecond, latency: latency))
                links.append(TopologyLink(tier: .storageAccess, from: leaf, to: .host(node: node),
                                          capacityBytesPerSecond: storage.nicBytesPerSecond, latency: latency))
            }
        }
        for target in 0..<storage.targets {
            let leaf = TopologyVertex.storageLeaf(storage.targetLeaf(target))
            links.append(TopologyLink(tier: .storageAccess, from: leaf, to: .storageTarget(target),
                                      capacityBytesPerSecond: storage.targetBytesPerSecond, latency: latency))
            links.append(TopologyLink(tier: .storageAccess, from: .storageTarget(target), to: leaf,
                                      capacityBytesPerSecond: storage.targetBytesPerSecond, latency: latency))
        }
        for leaf in 0..<storage.leafCount {
            let capacity = leaf < storage.nodeLeaves
                ? storage.nodeLeafUplinkBytesPerSecond : storage.targetLeafUplinkBytesPerSecond
            for spine in 0..<storage.spines {
                links.append(TopologyLink(tier: .storageCore, from: .storageLeaf(leaf), to: .storageSpine(spine),
                                          capacityBytesPerSecond: capacity, latency: latency))
                links.append(TopologyLink(tier: .storageCore, from: .storageSpine(spine), to: .storageLeaf(leaf),
                                          capacityBytesPerSecond: capacity, latency: latency))
            }
        }
    }
}
