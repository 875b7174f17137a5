/// One server model: its GPUs and the host resources around them.
///
/// Numeric fields are read-only outside this module and validated by
/// ``init(name:gpu:gpusPerNode:cpuCores:hostMemoryBytes:nicCount:nicBandwidthBitsPerSecond:nvSwitchCount:maxPowerWatts:)``
/// and ``setting(_:to:)``, so every `NodeSpec` in hand has sane counts and positive rates.
public struct NodeSpec: Hashable, Sendable {
    /// Catalogue name, e.g. `DGX-H100`.
    public var name: String
    /// The GPU model fitted; every GPU in the node is this model. Any valid ``GPUSpec``
    /// is acceptable (no node invariant depends on it), so this is freely settable.
    public var gpu: GPUSpec
    /// GPUs in one node.
    public internal(set) var gpusPerNode: Int
    /// Host CPU cores in total, across sockets.
    public internal(set) var cpuCores: Int
    /// Host DRAM in bytes.
    public internal(set) var hostMemoryBytes: Int
    /// Scale-out (compute fabric) NICs; storage and management NICs are not counted.
    public internal(set) var nicCount: Int
    /// Line rate of one NIC in bits per second, as NIC datasheets quote it (e.g. 400 Gb/s NDR).
    public internal(set) var nicBandwidthBitsPerSecond: Double
    /// NVSwitch chips in the node; 0 for parts wired point-to-point (e.g. xGMI meshes).
    public internal(set) var nvSwitchCount: Int
    /// The system's rated maximum power draw in watts (GPUs, CPUs, fans, NICs together).
    public internal(set) var maxPowerWatts: Double
    /// Nodes that share one scale-up (NVLink) domain: 1 when the NVSwitch sits inside the
    /// node (DGX), 18 for the compute trays of a GB200 NVL72 rack. Topologies route GPUs of
    /// one domain over NVLink, never over the NICs.
    public internal(set) var nodesPerScaleUpDomain: Int = 1
    /// The PCIe link between each GPU and its NIC, when GPUDirect traffic crosses one that
    /// can limit it; nil when the NIC link is the narrower one and PCIe need not be modelled.
    public var nicPCIe: PCIeGeneration?

    /// Builds and validates a node specification.
    /// - Throws: ``HardwareError/invalidValue(subject:field:value:expected:)`` naming the
    ///   first field out of range.
    public init(
        name: String, gpu: GPUSpec, gpusPerNode: Int, cpuCores: Int, hostMemoryBytes: Int,
        nicCount: Int, nicBandwidthBitsPerSecond: Double, nvSwitchCount: Int, maxPowerWatts: Double,
        nodesPerScaleUpDomain: Int = 1, nicPCIe: PCIeGeneration? = nil
    ) throws {
        self.init(
            uncheckedName: name, gpu: gpu, gpusPerNode: gpusPerNode, cpuCores: cpuCores,
            hostMemoryBytes: hostMemoryBytes, nicCount: nicCount,
            nicBandwidthBitsPerSecond: nicBandwidthBitsPerSecond, nvSwitchCount: nvSwitchCount,
            maxPowerWatts: maxPowerWatts, nodesPerScaleUpDomain: nodesPerScaleUpDomain, nicPCIe: nicPCIe)
        try validate()
        guard nodesPerScaleUpDomain >= 1, Double(nodesPerScaleUpDomain) <= QuantityRule.maximumCount else {
            throw HardwareError.invalidValue(
                subject: subject, field: "nodes-per-scale-up-domain", value: Double(nodesPerScaleUpDomain),
                expected: "a whole number from 1 to \(Int(QuantityRule.maximumCount))")
        }
    }

    /// Builds without validating: for the built-in table, whose entries the tests validate.
    init(
        uncheckedName name: String, gpu: GPUSpec, gpusPerNode: Int, cpuCores: Int, hostMemoryBytes: Int,
        nicCount: Int, nicBandwidthBitsPerSecond: Double, nvSwitchCount: Int, maxPowerWatts: Double,
        nodesPerScaleUpDomain: Int = 1, nicPCIe: PCIeGeneration? = nil
    ) {
        self.name = name
        self.gpu = gpu
        self.gpusPerNode = gpusPerNode
        self.cpuCores = cpuCores
        self.hostMemoryBytes = hostMemoryBytes
        self.nicCount = nicCount
        self.nicBandwidthBitsPerSecond = nicBandwidthBitsPerSecond
        self.nvSwitchCount = nvSwitchCount
        self.maxPowerWatts = maxPowerWatts
        self.nodesPerScaleUpDomain = nodesPerScaleUpDomain
        self.nicPCIe = nicPCIe
    }

    /// How errors refer to this node.
    var subject: String { "node \"\(name)\"" }
}
