/// What a number in a scenario or a trace measures, and so which units it may carry.
///
/// Every kind parses to one base unit, so models only ever see plain `Double`s in that unit
/// and never a unit name. The base units are listed per case; `docs/units.md` lists every
/// accepted spelling.
public enum QuantityKind: String, CaseIterable, Sendable {
    /// Seconds. `90s`, `10min`, `1h30m`, `54d`. A bare number is rejected (except `0`).
    case duration
    /// Bytes. `80GiB`, `2TB`, `512Mb` (bits, divided by 8).
    case bytes
    /// Bytes per second. `400Gb/s`, `25GB/s`, `100Gbps`.
    case bandwidth
    /// Watts. `700W`, `10.2kW`.
    case power
    /// Joules. `3.6MJ`, `1kWh` (= 3.6e6 J).
    case energy
    /// Floating-point operations per second. `989TFLOP/s`, `2PFLOPS`.
    case flopsRate
    /// A plain number, optionally with an SI suffix: `16M`, `15.6T`, `70B`, `512`.
    case count
    /// A fraction: `0.9` or `90%`.
    case ratio
    /// US dollars: `$2.5`, `2.5$`, `2.5USD`.
    case money
    /// Kilograms of CO2 per kWh: `0.41kg/kWh`, `410g/kWh`.
    case carbonIntensity
    /// Dollars per kWh: `$0.08/kWh`, `0.08$/kWh`, `80$/MWh`.
    case energyPrice

    /// What a value of this kind looks like, for error messages ("expected …").
    var expectation: String {
        switch self {
        case .duration: "a duration with a unit, like 90s, 10min, 54d"
        case .bytes: "a size with a unit, like 80GiB, 2TB or 512Mb"
        case .bandwidth: "a rate with a unit, like 400Gb/s, 25GB/s or 100Gbps"
        case .power: "a power with a unit, like 700W or 10.2kW"
        case .energy: "an energy with a unit, like 3.6MJ or 1.5kWh"
        case .flopsRate: "a compute rate with a unit, like 989TFLOP/s or 2PFLOPS"
        case .count: "a number, optionally with a suffix K, M, B/G or T, like 512, 16M or 15.6T"
        case .ratio: "a fraction like 0.9 or a percentage like 90%"
        case .money: "an amount in dollars, like $2.5, 2.5$ or 2.5USD"
        case .carbonIntensity: "a carbon intensity, like 0.41kg/kWh or 410g/kWh"
        case .energyPrice: "an energy price, like $0.08/kWh, 0.08$/kWh or 80$/MWh"
        }
    }

    /// Whether a number without a unit means something. Elsewhere only `0` may go bare,
    /// because `400` alone could be bits or bytes, seconds or hours.
    var acceptsBareNumbers: Bool { self == .count || self == .ratio }
}
