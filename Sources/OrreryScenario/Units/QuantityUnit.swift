/// One accepted unit spelling and how to convert it to its kind's base unit.
///
/// The conversion is split so that decimal values stay exact where they can: the power of
/// ten is folded into the decimal exponent before the text becomes a `Double` (so `15.6T`
/// is exactly the double nearest 15.6e12), then the value is multiplied by `multiplier`
/// (an exact integer such as 3600 or 1024³) and divided by `divisor` (8 for bits).
struct QuantityUnit: Sendable {
    let powerOfTen: Int
    let multiplier: Double
    let divisor: Double

    init(_ powerOfTen: Int, times multiplier: Double = 1, over divisor: Double = 1) {
        self.powerOfTen = powerOfTen
        self.multiplier = multiplier
        self.divisor = divisor
    }

    /// The unit a bare number carries.
    static let one = QuantityUnit(0)

    /// This unit's size in base units, used to order the parts of a compound duration.
    var size: Double {
        var scale = 1.0
        for _ in 0..<abs(powerOfTen) { scale *= 10 }
        return (powerOfTen < 0 ? 1 / scale : scale) * multiplier / divisor
    }
}
