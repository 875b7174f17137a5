/// Why a hardware specification, override, lookup or roofline query was rejected.
///
/// Every case names the offending part and says what was expected, so a scenario author
/// can fix the input from the message alone.
public enum HardwareError: Error, Sendable, CustomStringConvertible {
    /// `field` of `subject` (e.g. `GPU "H100-SXM"`) was given `value`; it accepts `expected`.
    case invalidValue(subject: String, field: String, value: Double, expected: String)
    /// Idle power must not exceed TDP: a part cannot idle above its thermal limit.
    case idlePowerAboveTDP(gpu: String, idleWatts: Double, tdpWatts: Double)
    /// The op's precision has no peak on this GPU (e.g. FP8 on an A100).
    case unsupportedPrecision(gpu: String, precision: Precision, supported: [Precision])
    /// A GPU's peak table listed the same precision twice.
    case duplicatePeak(gpu: String, precision: Precision)
    /// A GPU must support at least one precision, or no op could ever run on it.
    case noPeakFLOPS(gpu: String)
    /// Catalogue entries need a non-blank name to be looked up by.
    case emptyName(kind: String)
    /// A catalogue entry's name (case-insensitive, aliases included) is already taken.
    case duplicateName(kind: String, name: String)

    public var description: String {
        switch self {
        case let .invalidValue(subject, field, value, expected):
            return "\(subject): \(field) must be \(expected); got \(value)"
        case let .idlePowerAboveTDP(gpu, idleWatts, tdpWatts):
            return "GPU \"\(gpu)\": idle power \(idleWatts) W must not exceed TDP \(tdpWatts) W"
        case let .unsupportedPrecision(gpu, precision, supported):
            let list = supported.map(\.rawValue).joined(separator: ", ")
            return "GPU \"\(gpu)\" does not support \(precision.rawValue); it supports: \(list)"
        case let .duplicatePeak(gpu, precision):
            return "GPU \"\(gpu)\": peak FLOP/s for \(precision.rawValue) is given more than once"
        case let .noPeakFLOPS(gpu):
            return "GPU \"\(gpu)\": needs a peak FLOP/s for at least one precision"
        case let .emptyName(kind):
            return "a \(kind) in the hardware catalogue needs a non-empty name"
        case let .duplicateName(kind, name):
            return "the hardware catalogue already has a \(kind) named \"\(name)\" (names are case-insensitive)"
        }
    }
}
