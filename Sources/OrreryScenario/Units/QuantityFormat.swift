import Foundation

extension Quantity {
    /// A compact human form of `value` (in the base unit of `kind`) for summaries and
    /// `orrery catalog`, with three significant digits and the largest unit that keeps the
    /// number at or above 1.
    ///
    /// Conventions: sizes use binary units (`80 GiB`), since memories are built in powers of
    /// two; bandwidths use decimal bytes per second (`50 GB/s` for a 400 Gb/s link, `1.5 TB/s`),
    /// so that sizes and rates of one kind compare directly; energy uses Wh above 1 Wh
    /// (`2.4 MWh`); carbon intensity uses g/kWh; durations show at most two parts (`3h 20m`,
    /// `54d`, `1.5s`, `250ms`). Every finite result parses back with ``parse(_:as:)`` to the
    /// value within the display precision. Non-finite values print as `inf`, `-inf`, `nan`.
    public static func format(_ value: Double, as kind: QuantityKind) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        if value < 0 { return "-" + format(-value, as: kind) }
        switch kind {
        case .duration: return formatDuration(seconds: value)
        case .bytes: return scaled(value, [("B", 1), ("KiB", 0x1p10), ("MiB", 0x1p20), ("GiB", 0x1p30), ("TiB", 0x1p40), ("PiB", 0x1p50)])
        case .bandwidth: return scaled(value, decimal(["B/s", "KB/s", "MB/s", "GB/s", "TB/s", "PB/s"]))
        case .power: return scaled(value, decimal(["W", "kW", "MW", "GW"]))
        case .energy:
            if value < 3_600 { return scaled(value, decimal(["J", "kJ"])) }
            return scaled(value / 3_600, decimal(["Wh", "kWh", "MWh", "GWh"]))
        case .flopsRate: return scaled(value, decimal(["FLOP/s", "KFLOP/s", "MFLOP/s", "GFLOP/s", "TFLOP/s", "PFLOP/s", "EFLOP/s"]))
        case .count: return scaled(value, decimal(["", "K", "M", "B", "T"]), separator: "")
        case .ratio: return significant(value * 100) + "%"
        case .money: return "$" + significant(value)
        case .carbonIntensity: return significant(value * 1_000) + " g/kWh"
        case .energyPrice: return "$" + significant(value) + "/kWh"
        }
    }

    /// Units a factor of 1000 apart, starting at 1.
    private static func decimal(_ symbols: [String]) -> [(String, Double)] {
        var size = 1.0
        return symbols.map { symbol in
            defer { size *= 1_000 }
            return (symbol, size)
        }
    }

    /// `value` in the largest unit whose rounded count is at least 1 (and below 1000 when a
    /// larger unit exists, so `999.96 GB/s` shows as `1 TB/s`).
    private static func scaled(_ value: Double, _ units: [(symbol: String, size: Double)], separator: String = " ") -> String {
        var chosen = units[0]
        for unit in units where (Double(significant(value / unit.size)) ?? 0) >= 1 { chosen = unit }
        return significant(value / chosen.size) + separator + chosen.symbol
    }

    /// Up to three significant digits, trailing zeros dropped: `80`, `10.2`, `1.5`, `0.0042`;
    /// beyond the units' reach, exponent form (`4.94e-324`, `1.8e+308`), which still parses.
    static func significant(_ x: Double) -> String {
        guard x != 0 else { return "0" }
        let magnitude = Int(min(max(floor(log10(x)), -400), 400))
        if magnitude < -4 || magnitude > 15 { return String(format: "%.3g", x) }
        var text = String(format: "%.\(max(0, 2 - magnitude))f", x)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// At most two parts from days down to seconds (`3h 20m`, `54d`, `1m 30s`), rounded to
    /// the smaller part; under a minute, three significant digits of s, ms, us or ns.
    private static func formatDuration(seconds: Double) -> String {
        if seconds < 60 {
            return scaled(seconds, [("ns", 1e-9), ("us", 1e-6), ("ms", 1e-3), ("s", 1)], separator: "")
        }
        let parts: [(symbol: String, size: Double)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        guard let first = parts.firstIndex(where: { seconds >= $0.size }) else { return "0s" }
        let small = parts[first + 1]
        let rounded = (seconds / small.size).rounded() * small.size
        // Rounding may carry into the larger part (59m 59.6s is 1h), so pick the parts again.
        guard let big = parts.first(where: { rounded >= $0.size }),
              let bigIndex = parts.firstIndex(where: { $0.symbol == big.symbol }) else { return "0s" }
        let bigCount = (rounded / big.size).rounded(.down)
        let remainder = bigIndex + 1 < parts.count ? ((rounded - bigCount * big.size) / parts[bigIndex + 1].size).rounded() : 0
        let head = String(format: "%.0f", bigCount) + big.symbol
        return remainder > 0 ? head + " " + String(format: "%.0f", remainder) + parts[bigIndex + 1].symbol : head
    }
}
