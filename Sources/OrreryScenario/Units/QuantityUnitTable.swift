/// The unit spellings accepted for each kind. `docs/units.md` mirrors this file.
///
/// Symbols are case-sensitive: `b` is a bit and `B` a byte, `m` a minute and `ms` a millisecond.
enum QuantityUnitTable {
    static func units(for kind: QuantityKind) -> [String: QuantityUnit] {
        switch kind {
        case .duration: durations
        case .bytes: bytes
        case .bandwidth: bandwidth
        case .power: power
        case .energy: energy
        case .flopsRate: flopsRate
        case .count: count
        case .ratio: ["%": QuantityUnit(-2)]
        case .money: ["$": QuantityUnit(0), "USD": QuantityUnit(0)]
        case .carbonIntensity: carbonIntensity
        case .energyPrice: energyPrice
        }
    }

    /// Durations convert to nanoseconds, the resolution of `SimTime`.
    static let durations: [String: QuantityUnit] = [
        "ns": QuantityUnit(0), "us": QuantityUnit(3), "µs": QuantityUnit(3), "μs": QuantityUnit(3),
        "ms": QuantityUnit(6), "s": QuantityUnit(9),
        "m": QuantityUnit(9, times: 60), "min": QuantityUnit(9, times: 60),
        "h": QuantityUnit(9, times: 3_600), "d": QuantityUnit(9, times: 86_400),
        "w": QuantityUnit(9, times: 604_800),
    ]

    static let bytes: [String: QuantityUnit] = {
        var table: [String: QuantityUnit] = ["B": QuantityUnit(0), "b": QuantityUnit(0, over: 8)]
        let decimal = [("K", 3), ("M", 6), ("G", 9), ("T", 12), ("P", 15)]
        for (prefix, power) in decimal {
            table[prefix + "B"] = QuantityUnit(power)
            table[prefix + "b"] = QuantityUnit(power, over: 8)
        }
        table["kB"] = QuantityUnit(3)
        table["kb"] = QuantityUnit(3, over: 8)
        var binary = 1.0
        for prefix in ["Ki", "Mi", "Gi", "Ti", "Pi"] {
            binary *= 1024
            table[prefix + "B"] = QuantityUnit(0, times: binary)
        }
        return table
    }()

    /// Every size unit per second, written `/s` or `ps`: `Gb/s`, `Gbps`, `GB/s`, `GiB/s`.
    static let bandwidth: [String: QuantityUnit] = {
        var table: [String: QuantityUnit] = [:]
        for (symbol, unit) in bytes {
            table[symbol + "/s"] = unit
            table[symbol + "ps"] = unit
        }
        return table
    }()

    static let power: [String: QuantityUnit] = [
        "W": QuantityUnit(0), "kW": QuantityUnit(3), "MW": QuantityUnit(6), "GW": QuantityUnit(9),
    ]

    static let energy: [String: QuantityUnit] = [
        "J": QuantityUnit(0), "kJ": QuantityUnit(3), "MJ": QuantityUnit(6), "GJ": QuantityUnit(9),
        "Wh": QuantityUnit(0, times: 3_600), "kWh": QuantityUnit(3, times: 3_600),
        "MWh": QuantityUnit(6, times: 3_600), "GWh": QuantityUnit(9, times: 3_600),
    ]

    static let flopsRate: [String: QuantityUnit] = {
        var table: [String: QuantityUnit] = [:]
        for (prefix, power) in [("", 0), ("K", 3), ("M", 6), ("G", 9), ("T", 12), ("P", 15), ("E", 18)] {
            table[prefix + "FLOP/s"] = QuantityUnit(power)
            table[prefix + "FLOPS"] = QuantityUnit(power)
        }
        return table
    }()

    static let count: [String: QuantityUnit] = [
        "K": QuantityUnit(3), "k": QuantityUnit(3), "M": QuantityUnit(6),
        "B": QuantityUnit(9), "G": QuantityUnit(9), "T": QuantityUnit(12),
    ]

    static let carbonIntensity: [String: QuantityUnit] = [
        "kg/kWh": QuantityUnit(0), "g/kWh": QuantityUnit(-3),
        "kg/MWh": QuantityUnit(-3), "t/MWh": QuantityUnit(0),
    ]

    static let energyPrice: [String: QuantityUnit] = [
        "$/kWh": QuantityUnit(0), "USD/kWh": QuantityUnit(0),
        "$/MWh": QuantityUnit(-3), "USD/MWh": QuantityUnit(-3),
    ]
}
