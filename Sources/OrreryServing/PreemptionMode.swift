import OrreryHardware

/// How a replica frees KV blocks when a running sequence needs one and none is free
/// (vLLM's `preemption_mode`). The victim is always the most recently admitted sequence.
public enum PreemptionMode: String, CaseIterable, Sendable {
    /// Drop the victim's KV; it re-prefills its prompt and generated tokens later.
    /// vLLM's default for single-sequence requests: recomputing is usually cheaper than
    /// the PCIe round trip.
    case recompute
    /// Copy the victim's KV blocks to host memory and back when blocks free up; falls
    /// back to recompute when the swap space is full. The copies are charged to the
    /// iterations that make them (vLLM issues them before the step's forward pass).
    case swap
}

/// The GPU's link to host memory, which swapped KV crosses.
public enum HostLink {
    /// Share of a PCIe ×16 link's payload rate a pinned-memory copy reaches: CUDA's
    /// `bandwidthTest` measures about 25 GB/s host↔device on Gen4 ×16 (31.5 GB/s), 0.8.
    public static let pinnedCopyEfficiency = 0.8

    /// PCIe generation of `gpu`'s host link: Gen4 for the A100 generation (and older),
    /// Gen5 for H100, H200, B200 and MI300X.
    public static func generation(gpu: GPUSpec) -> PCIeGeneration {
        let name = gpu.name.uppercased()
        return name.hasPrefix("A100") || name.hasPrefix("V100") || name.hasPrefix("A10") ? .gen4 : .gen5
    }

    /// Bytes/s one GPU copies to or from host memory.
    public static func defaultBytesPerSecond(gpu: GPUSpec) -> Double {
        generation(gpu: gpu).x16BytesPerSecond * pinnedCopyEfficiency
    }
}
