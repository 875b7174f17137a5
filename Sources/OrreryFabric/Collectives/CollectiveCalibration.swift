import OrreryHardware
import OrreryKernel

/// Every calibrated constant of the collective model, in one place (sources and the
/// calibration table in `docs/fabric.md`, "Collectives").
///
/// Time of one phase of a collective = α + β-term, with
/// α = base latency of the algorithm + steps × per-step latency of the link class, and
/// the β-term set by flows whose wire bytes are payload / efficiency.
///
/// Latencies are NCCL's own tuning constants for its low-latency (LL) protocol (NCCL
/// `src/graph/tuning.cc`, `baseLat` and `hwLat`), which is what NCCL runs at the small
/// sizes where latency matters. Efficiencies are chosen so large-message bus bandwidth
/// matches nccl-tests results NVIDIA's engineers quote; they fold in protocol headers,
/// flag words and the SMs' copy throughput.
public struct CollectiveCalibration: Hashable, Sendable {
    /// Fixed cost of a ring (and of direct send/receive), NCCL ring/LL `baseLat`: 3.6 µs.
    public var ringBaseLatency: SimTime
    /// Fixed cost of a tree, NCCL tree/LL `baseLat`: 4.4 µs.
    public var treeBaseLatency: SimTime
    /// Per ring step over NVLink, NCCL `hwLat[NVLINK][RING][LL]`: 0.47 µs.
    public var ringScaleUpStepLatency: SimTime
    /// Per ring step over the network, NCCL `hwLat[NET][RING][LL]`: 2.7 µs.
    public var ringScaleOutStepLatency: SimTime
    /// Per tree level over NVLink, NCCL `hwLat[NVLINK][TREE][LL]`: 0.52 µs.
    public var treeScaleUpStepLatency: SimTime
    /// Per tree level over the network, NCCL `hwLat[NET][TREE][LL]`: 5.0 µs.
    public var treeScaleOutStepLatency: SimTime
    /// Share of the per-direction line rate NCCL reaches on NVLink3 and slower scale-up
    /// links: 232 / 300 GB/s (nccl-tests issues #149, #175).
    public var slowScaleUpEfficiency: Double
    /// Share of the line rate on scale-up links faster than `slowScaleUpLimit` (NVLink4
    /// and newer): 370 / 450 GB/s (nccl-tests issue #212). Not calibrated for NVLink5.
    public var fastScaleUpEfficiency: Double
    /// Per-direction scale-up rate up to which `slowScaleUpEfficiency` applies (300 GB/s,
    /// NVLink3).
    public var slowScaleUpLimitBytesPerSecond: Double
    /// Share of a NIC's line rate NCCL reaches: 192 / 200 GB/s on 8 × HDR (NCCL issue
    /// #1576), 48 / 50 GB/s per NDR NIC (nccl-tests issues #267, #290).
    public var networkEfficiency: Double
    /// NCCL scales tree bandwidth by 0.9 against the ring's (`tuning.cc`: `busBw*.9`).
    public var treeBandwidthFactor: Double
    /// Fixed cost of an NVLS all-reduce, 25 µs: NCCL runs NVLS with its Simple protocol
    /// only, `hwLat[NVLINK][NVLS][Simple]` = 25 µs, `baseLat[NVLS]` = 0 (NCCL
    /// `src/graph/tuning.cc`, 2.18–2.19).
    public var nvlsLatency: SimTime = SimTime(nanoseconds: 25_000)
    /// Share of the NVLink line rate an NVLS all-reduce reaches, on the S (n + 1) / n
    /// bytes each GPU sends and receives: 0.686 gives ≈ 480 GB/s bus bandwidth on
    /// 8 × H100 (nccl-tests issue #212, sjeaugey). Not calibrated for NVLink5.
    public var nvlsEfficiency: Double = 0.686

    public init(
        ringBaseLatency: SimTime, treeBaseLatency: SimTime, ringScaleUpStepLatency: SimTime,
        ringScaleOutStepLatency: SimTime, treeScaleUpStepLatency: SimTime, treeScaleOutStepLatency: SimTime,
        slowScaleUpEfficiency: Double, fastScaleUpEfficiency: Double, slowScaleUpLimitBytesPerSecond: Double,
        networkEfficiency: Double, treeBandwidthFactor: Double
    ) {
        self.ringBaseLatency = ringBaseLatency
        self.treeBaseLatency = treeBaseLatency
        self.ringScaleUpStepLatency = ringScaleUpStepLatency
        self.ringScaleOutStepLatency = ringScaleOutStepLatency
        self.treeScaleUpStepLatency = treeScaleUpStepLatency
        self.treeScaleOutStepLatency = treeScaleOutStepLatency
        self.slowScaleUpEfficiency = slowScaleUpEfficiency
        self.fastScaleUpEfficiency = fastScaleUpEfficiency
        self.slowScaleUpLimitBytesPerSecond = slowScaleUpLimitBytesPerSecond
        self.networkEfficiency = networkEfficiency
        self.treeBandwidthFactor = treeBandwidthFactor
    }

    /// The calibration against NCCL and nccl-tests described above.
    public static let nccl = CollectiveCalibration(
        ringBaseLatency: SimTime(nanoseconds: 3_600), treeBaseLatency: SimTime(nanoseconds: 4_400),
        ringScaleUpStepLatency: SimTime(nanoseconds: 470), ringScaleOutStepLatency: SimTime(nanoseconds: 2_700),
        treeScaleUpStepLatency: SimTime(nanoseconds: 520), treeScaleOutStepLatency: SimTime(nanoseconds: 5_000),
        slowScaleUpEfficiency: 0.775, fastScaleUpEfficiency: 0.822, slowScaleUpLimitBytesPerSecond: 300e9,
        networkEfficiency: 0.96, treeBandwidthFactor: 0.9)

    /// The efficiency of a scale-up link of `bytesPerSecond` per direction.
    public func scaleUpEfficiency(bytesPerSecond: Double) -> Double {
        bytesPerSecond <= slowScaleUpLimitBytesPerSecond * (1 + 1e-9) ? slowScaleUpEfficiency : fastScaleUpEfficiency
    }
}

/// The two kinds of link a collective's flows cross: every flow stays inside one scale-up
/// domain or goes NIC to NIC.
public enum CollectiveLinkTier: String, Hashable, Sendable {
    case scaleUp = "scale-up"
    case scaleOut = "scale-out"
}

/// The line rates (per direction) and calibrated efficiencies of a group's two link tiers.
public struct CollectiveLinkRates: Hashable, Sendable {
    /// Per-GPU scale-up (NVLink) rate, bytes/s per direction.
    public var scaleUpBytesPerSecond: Double
    /// Per-GPU NIC rate, bytes/s per direction.
    public var scaleOutBytesPerSecond: Double
    public var scaleUpEfficiency: Double
    public var scaleOutEfficiency: Double
    /// Whether the scale-up switches reduce in the network (NVLink SHARP, for NVLS):
    /// NVSwitch-attached GPUs with NVLink4 or newer (faster than NVLink3's 300 GB/s per
    /// direction). NVLink3 NVSwitches (A100) and switchless meshes (MI300X) have none.
    public var inSwitchReduction = false
    /// Calibrated efficiency of NVLS traffic on the scale-up links.
    public var inSwitchReductionEfficiency: Double

    public init(scaleUpBytesPerSecond: Double, scaleOutBytesPerSecond: Double, calibration: CollectiveCalibration = .nccl) {
        self.scaleUpBytesPerSecond = scaleUpBytesPerSecond
        self.scaleOutBytesPerSecond = scaleOutBytesPerSecond
        self.scaleUpEfficiency = calibration.scaleUpEfficiency(bytesPerSecond: scaleUpBytesPerSecond)
        self.scaleOutEfficiency = calibration.networkEfficiency
        self.inSwitchReductionEfficiency = calibration.nvlsEfficiency
    }

    /// The rates of a node model: its GPU's scale-up bandwidth and one NIC per GPU.
    public init(node: NodeSpec, calibration: CollectiveCalibration = .nccl) {
        self.init(
            scaleUpBytesPerSecond: node.gpu.scaleUpBandwidthBytesPerSecond,
            scaleOutBytesPerSecond: node.nicBandwidthBitsPerSecond / 8, calibration: calibration)
        inSwitchReduction = node.nvSwitchCount > 0
            && node.gpu.scaleUpBandwidthBytesPerSecond > calibration.slowScaleUpLimitBytesPerSecond * (1 + 1e-9)
    }

    /// Line rate of a tier, bytes/s.
    public func lineRate(_ tier: CollectiveLinkTier) -> Double {
        tier == .scaleUp ? scaleUpBytesPerSecond : scaleOutBytesPerSecond
    }

    /// Calibrated efficiency of a tier.
    public func efficiency(_ tier: CollectiveLinkTier) -> Double {
        tier == .scaleUp ? scaleUpEfficiency : scaleOutEfficiency
    }
}
