extension HardwareCatalogue {
    /// The built-in catalogue: the GPUs and DGX systems in ``BuiltInHardware``.
    public static let builtIn = HardwareCatalogue(
        gpus: BuiltInHardware.gpus, nodes: BuiltInHardware.nodes,
        gpuAliases: BuiltInHardware.gpuAliases, nodeAliases: BuiltInHardware.nodeAliases)
}

/// The built-in hardware table: datasheet figures as data, one row per part.
///
/// Sources and conventions are in `docs/hardware.md`. In short: peaks are dense
/// (sparsity figures halved) tensor-core FLOP/s; "GB" of HBM is read as GiB (2^30 B),
/// because that is the physical capacity (A100-80GB reports 81920 MiB); bandwidths are
/// decimal (TB/s = 10^12 B/s); scale-up is stored per direction, half the datasheet's
/// bidirectional figure; idle powers are modelling assumptions, not datasheet values.
enum BuiltInHardware {
    private static let gib = 1 << 30
    private static let tib = 1 << 40
    private static let giga = 1e9
    private static let tera = 1e12

    /// Datasheets quote scale-up bandwidth summed over both directions; we store one.
    private static func perDirection(_ bidirectionalBytesPerSecond: Double) -> Double {
        bidirectionalBytesPerSecond / 2
    }

    static let a100SXM40GB = GPUSpec(
        uncheckedName: "A100-40GB", vendor: "NVIDIA",
        peakDenseFLOPSPerSecond: [
            .fp64: 19.5 * tera, .fp32: 19.5 * tera, .tf32: 156 * tera, .bf16: 312 * tera, .fp16: 312 * tera,
        ],
        hbmCapacityBytes: 40 * gib, hbmBandwidthBytesPerSecond: 1.555 * tera,
        scaleUpBandwidthBytesPerSecond: perDirection(600 * giga), tdpWatts: 400, idlePowerWatts: 50)

    static let a100SXM80GB = GPUSpec(
        uncheckedName: "A100-80GB", vendor: "NVIDIA",
        peakDenseFLOPSPerSecond: [
            .fp64: 19.5 * tera, .fp32: 19.5 * tera, .tf32: 156 * tera, .bf16: 312 * tera, .fp16: 312 * tera,
        ],
        hbmCapacityBytes: 80 * gib, hbmBandwidthBytesPerSecond: 2.039 * tera,
        scaleUpBandwidthBytesPerSecond: perDirection(600 * giga), tdpWatts: 400, idlePowerWatts: 50)

    static let h100SXM = GPUSpec(
        uncheckedName: "H100-SXM", vendor: "NVIDIA",
        peakDenseFLOPSPerSecond: [
            .fp64: 67 * tera, .fp32: 67 * tera, .tf32: 494.5 * tera, .bf16: 989 * tera, .fp16: 989 * tera,
            .fp8: 1979 * tera,
        ],
        hbmCapacityBytes: 80 * gib, hbmBandwidthBytesPerSecond: 3.35 * tera,
        scaleUpBandwidthBytesPerSecond: perDirection(900 * giga), tdpWatts: 700, idlePowerWatts: 70)

    static let h200SXM = GPUSpec(
        uncheckedName: "H200-SXM", vendor: "NVIDIA",
        peakDenseFLOPSPerSecond: [
            .fp64: 67 * tera, .fp32: 67 * tera, .tf32: 494.5 * tera, .bf16: 989 * tera, .fp16: 989 * tera,
            .fp8: 1979 * tera,
        ],
        hbmCapacityBytes: 141 * gib, hbmBandwidthBytesPerSecond: 4.8 * tera,
        scaleUpBandwidthBytesPerSecond: perDirection(900 * giga), tdpWatts: 700, idlePowerWatts: 70)

    static let b200 = GPUSpec(
        uncheckedName: "B200", vendor: "NVIDIA",
        peakDenseFLOPSPerSecond: [
            .fp64: 37 * tera, .fp32: 75 * tera, .tf32: 1100 * tera, .bf16: 2250 * tera, .fp16: 2250 * tera,
            .fp8: 4500 * tera, .fp4: 9000 * tera,
        ],
        hbmCapacityBytes: 180 * gib, hbmBandwidthBytesPerSecond: 8.0 * tera,
        scaleUpBandwidthBytesPerSecond: perDirection(1800 * giga), tdpWatts: 1000, idlePowerWatts: 100)

    /// One Blackwell GPU of a GB200 superchip, at the NVL72 rack's per-GPU share: the rack's
    /// 360 PFLOP/s BF16 and 720 PFLOP/s FP8 (sparse) over 72 GPUs, halved for dense; 13.4 TB
    /// of HBM3e and 576 TB/s over 72; FP64 3,240 TFLOP/s over 72; 1.8 TB/s NVLink 5. FP32 80 is
    /// from secondary tables. TDP 1200 W is the figure commonly
    /// given for the GB200's GPUs (NVIDIA quotes power per rack, not per GPU).
    static let gb200 = GPUSpec(
        uncheckedName: "GB200", vendor: "NVIDIA",
        peakDenseFLOPSPerSecond: [
            .fp64: 45 * tera, .fp32: 80 * tera, .tf32: 1250 * tera, .bf16: 2500 * tera, .fp16: 2500 * tera,
            .fp8: 5000 * tera, .fp4: 10000 * tera,
        ],
        hbmCapacityBytes: 186 * gib, hbmBandwidthBytesPerSecond: 8.0 * tera,
        scaleUpBandwidthBytesPerSecond: perDirection(1800 * giga), tdpWatts: 1200, idlePowerWatts: 100)

    static let mi300X = GPUSpec(
        uncheckedName: "MI300X", vendor: "AMD",
        peakDenseFLOPSPerSecond: [
            .fp64: 163.4 * tera, .fp32: 163.4 * tera, .tf32: 653.7 * tera, .bf16: 1307 * tera,
            .fp16: 1307 * tera, .fp8: 2610 * tera,
        ],
        hbmCapacityBytes: 192 * gib, hbmBandwidthBytesPerSecond: 5.3 * tera,
        scaleUpBandwidthBytesPerSecond: perDirection(896 * giga), tdpWatts: 750, idlePowerWatts: 100)

    static let gpus = [a100SXM40GB, a100SXM80GB, h100SXM, h200SXM, b200, mi300X, gb200]

    static let nodes = [
        NodeSpec(
            uncheckedName: "DGX-A100", gpu: a100SXM80GB, gpusPerNode: 8, cpuCores: 128, hostMemoryBytes: 2 * tib,
            nicCount: 8, nicBandwidthBitsPerSecond: 200 * giga, nvSwitchCount: 6, maxPowerWatts: 6_500),
        NodeSpec(
            uncheckedName: "DGX-H100", gpu: h100SXM, gpusPerNode: 8, cpuCores: 112, hostMemoryBytes: 2 * tib,
            nicCount: 8, nicBandwidthBitsPerSecond: 400 * giga, nvSwitchCount: 4, maxPowerWatts: 10_200),
        NodeSpec(
            uncheckedName: "DGX-H200", gpu: h200SXM, gpusPerNode: 8, cpuCores: 112, hostMemoryBytes: 2 * tib,
            nicCount: 8, nicBandwidthBitsPerSecond: 400 * giga, nvSwitchCount: 4, maxPowerWatts: 10_200),
        NodeSpec(
            uncheckedName: "DGX-B200", gpu: b200, gpusPerNode: 8, cpuCores: 112, hostMemoryBytes: 2 * tib,
            nicCount: 8, nicBandwidthBitsPerSecond: 400 * giga, nvSwitchCount: 2, maxPowerWatts: 14_300),
        // One compute tray of a GB200 NVL72 rack: two GB200 superchips (2 Grace × 72 cores,
        // 2 × 480 GB LPDDR5X, 4 GPUs), four ConnectX-7 400 Gb/s NICs. Eighteen trays share
        // one NVLink domain through nine switch trays (18 NVSwitch chips, one per tray here).
        // Max power: the rack's ≈ 120 kW over its 18 compute trays, switch trays included.
        NodeSpec(
            uncheckedName: "GB200-NVL72", gpu: gb200, gpusPerNode: 4, cpuCores: 144, hostMemoryBytes: 960 * gib,
            nicCount: 4, nicBandwidthBitsPerSecond: 400 * giga, nvSwitchCount: 1, maxPowerWatts: 120_000.0 / 18,
            nodesPerScaleUpDomain: 18),
    ]

    /// Other spellings people use, including `nvidia-smi` / `rocm-smi` product names.
    static let gpuAliases: KeyValuePairs<String, String> = [
        "A100-SXM4-40GB": "A100-40GB",
        "A100-SXM4-80GB": "A100-80GB",
        "H100": "H100-SXM",
        "H100-SXM5": "H100-SXM",
        "H100-80GB-HBM3": "H100-SXM",
        "H200": "H200-SXM",
        "Instinct-MI300X": "MI300X",
    ]

    static let nodeAliases: KeyValuePairs<String, String> = [
        "DGX-A100-640GB": "DGX-A100",
    ]
}
