import OrreryKernel
import Synchronization

extension Topology {
    /// How many equal-cost routes join two GPUs: 1 inside a scale-up domain or under one
    /// leaf, the pod's spines between leaves of one pod, spines × cores per plane between pods.
    public func pathCount(fromRank source: Int, toRank destination: Int) throws(TopologyError) -> Int {
        try checkRank(source)
        try checkRank(destination)
        return paths(source, destination)
    }

    private func paths(_ source: Int, _ destination: Int) -> Int {
        guard domain(source) != domain(destination) else { return 1 }
        let from = leaf(source), to = leaf(destination)
        if from == to { return 1 }
        if from / leavesPerPod == to / leavesPerPod { return spinesPerPod }
        return spinesPerPod * coresPerPlane
    }

    /// The ECMP choice for a flow: a stable hash of (source, destination, flow) modulo
    /// the number of equal-cost paths. The same on every run and machine.
    public func ecmpChoice(fromRank source: Int, toRank destination: Int, flow: UInt64) throws(TopologyError) -> Int {
        let paths = try pathCount(fromRank: source, toRank: destination)
        return Self.hash(UInt64(source), UInt64(destination), flow, modulo: paths)
    }

    static func hash(_ a: UInt64, _ b: UInt64, _ flow: UInt64, modulo paths: Int) -> Int {
        var h = StableHash.mix64(a)
        h = StableHash.mix64(h ^ b)
        h = StableHash.mix64(h ^ flow)
        return Int(h % UInt64(paths))
    }

    /// The route of a flow between two GPUs, as link ids in order.
    ///
    /// Same scale-up domain: GPU→NVSwitch→GPU. Otherwise up through the NIC (GPU→NIC over
    /// PCIe first, when the node has that hop) to the leaf, then: down again under the same
    /// leaf; through one spine inside a pod; spine→core→spine between pods; and down
    /// through the destination's NIC. The spine (and core) is picked by
    /// ``ecmpChoice(fromRank:toRank:flow:)``: choice `c` is spine `c / coresPerPlane`
    /// and core `c % coresPerPlane` of that spine's plane. GPUs never forward (no PXN
    /// relaying through a peer GPU). A GPU to itself is the empty route.
    public func route(fromRank source: Int, toRank destination: Int, flow: UInt64) throws(TopologyError) -> [LinkID] {
        let choice = try ecmpChoice(fromRank: source, toRank: destination, flow: flow)
        let key = RouteKey(kind: .gpuToGPU, source: source, destination: destination, choice: choice)
        if let cached = cache.lookup(key) { return cached }
        var route: [LinkID] = []
        route.reserveCapacity(10)
        appendRoute(source, destination, choice: choice, to: &route)
        cache.store(key, route)
        return route
    }

    /// Appends the route of ``route(fromRank:toRank:flow:)`` to `route`, computed afresh
    /// without touching the cache: for hot loops that reuse one buffer, this allocates
    /// nothing once the buffer has grown, and skips the cache's lock and hashing.
    public func appendRoute(
        fromRank source: Int, toRank destination: Int, flow: UInt64, to route: inout [LinkID]
    ) throws(TopologyError) {
        let choice = try ecmpChoice(fromRank: source, toRank: destination, flow: flow)
        appendRoute(source, destination, choice: choice, to: &route)
    }

    /// The route of a flow between two GPUs addressed as (node, local index).
    public func route(from source: GPUAddress, to destination: GPUAddress, flow: UInt64) throws(TopologyError) -> [LinkID] {
        try route(fromRank: rank(of: source), toRank: rank(of: destination), flow: flow)
    }

    /// Routes computed so far (distinct (kind, source, destination, choice) keys).
    public var cachedRouteCount: Int { cache.count }

    private func appendRoute(_ source: Int, _ destination: Int, choice: Int, to route: inout [LinkID]) {
        if source == destination { return }
        if domain(source) == domain(destination) {
            route.append(gpuToNVSwitch(rank: source))
            route.append(nvSwitchToGPU(rank: destination))
            return
        }
        if let pcie = gpuToNIC(rank: source) { route.append(pcie) }
        route.append(gpuToLeaf(rank: source))
        let from = leaf(source), to = leaf(destination)
        if from != to {
            let fromPod = from / leavesPerPod, toPod = to / leavesPerPod
            if fromPod == toPod {
                route.append(leafToSpine(leaf: from, spine: choice))
                route.append(spineToLeaf(spine: choice, leaf: to))
            } else {
                let spine = choice / coresPerPlane, core = choice % coresPerPlane
                route.append(leafToSpine(leaf: from, spine: spine))
                route.append(spineToCore(pod: fromPod, spine: spine, core: core))
                route.append(coreToSpine(pod: toPod, spine: spine, core: core))
                route.append(spineToLeaf(spine: spine, leaf: to))
            }
        }
        route.append(leafToGPU(rank: destination))
        if let pcie = nicToGPU(rank: destination) { route.append(pcie) }
    }
}

struct RouteKey: Hashable, Sendable {
    enum Kind: UInt8, Sendable { case gpuToGPU, toStorage, fromStorage }
    var kind: Kind
    var source: Int
    var destination: Int
    var choice: Int
}

/// Routes memoised per (kind, source, destination, ECMP choice), shared by copies of a topology.
final class RouteCache: Sendable {
    private let routes = Mutex<[RouteKey: [LinkID]]>([:])

    func lookup(_ key: RouteKey) -> [LinkID]? { routes.withLock { $0[key] } }
    func store(_ key: RouteKey, _ route: [LinkID]) { routes.withLock { $0[key] = route } }
    var count: Int { routes.withLock { $0.count } }
}
