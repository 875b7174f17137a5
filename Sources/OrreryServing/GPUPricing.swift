import OrreryHardware

/// Default GPU rental prices for the serving cost metric, dollars per GPU-hour.
///
/// Round figures for on-demand cloud rental, in the range public GPU clouds listed in
/// 2024–25 (Lambda's on-demand list, for instance, had an A100-80GB SXM at about $1.79
/// and an H100 SXM at about $2.99 per GPU-hour). Prices move and differ by provider and
/// commitment: give `price-per-gpu-hour` in the workload for real planning. GPUs without
/// a figure here get no cost metric unless a price is given.
public enum GPUPricing {
    public static let defaults: [(gpu: String, dollarsPerHour: Double)] = [
        ("A100-40GB", 1.50),
        ("A100-80GB", 1.80),
        ("H100-SXM", 3.00),
        ("H200-SXM", 3.50),
    ]

    /// The default price for `gpu`, matched by catalogue name, or nil.
    public static func defaultPricePerGPUHour(gpu: GPUSpec) -> Double? {
        defaults.first { $0.gpu.caseInsensitiveCompare(gpu.name) == .orderedSame }?.dollarsPerHour
    }
}
