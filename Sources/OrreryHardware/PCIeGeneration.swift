/// A PCIe generation, for the ×16 link between a GPU and its NIC.
///
/// Rates are per direction after line encoding (128b/130b from Gen3 on):
/// 16 GT/s × 16 lanes × 128/130 ÷ 8 ≈ 31.5 GB/s for Gen4, twice that for Gen5 (PCI-SIG
/// base specifications 4.0 and 5.0). Packet headers cost a few per cent more; that is left
/// to the efficiency of whatever model uses the link.
public enum PCIeGeneration: String, CaseIterable, Hashable, Sendable {
    case gen4
    case gen5

    /// Per-direction payload rate of a ×16 link, bytes per second.
    public var x16BytesPerSecond: Double {
        switch self {
        case .gen4: 16e9 * 16 * 128 / 130 / 8
        case .gen5: 32e9 * 16 * 128 / 130 / 8
        }
    }
}
