/// A cursor over the text of a quantity: numbers, spaces and unit symbols.
struct QuantityScanner {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    var isAtEnd: Bool { position >= scalars.count }

    /// Everything not yet consumed.
    var rest: String { String(String.UnicodeScalarView(scalars[min(position, scalars.count)...])) }

    mutating func skipSpaces() {
        while let c = peek(), c == " " || c == "\t" { position += 1 }
    }

    /// Consumes `c` if it is next.
    mutating func consume(_ c: Unicode.Scalar) -> Bool {
        guard peek() == c else { return false }
        position += 1
        return true
    }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    /// A run of letters: one unit symbol inside a compound duration such as `1h30m`.
    mutating func letters() -> String {
        var out = String.UnicodeScalarView()
        while let c = peek(), c.properties.isAlphabetic {
            out.append(c)
            position += 1
        }
        return String(out)
    }

    /// An unsigned decimal number: `12`, `1_000`, `1.5`, `.5`, `2e9`, `1.5E-3`. An `e` is
    /// taken as an exponent only when digits follow, so `1EFLOP/s` still reads as 1 EFLOP/s.
    /// Returns nil, consuming nothing, when no number starts here.
    mutating func decimal() -> DecimalNumber? {
        let start = position
        var significand = digits()
        if peek() == ".", !significand.isEmpty || Self.isDigit(peek(1)) {
            position += 1
            let fraction = digits()
            if !fraction.isEmpty { significand += "." + fraction }
        }
        guard !significand.isEmpty else {
            position = start
            return nil
        }
        if significand.hasPrefix(".") { significand = "0" + significand }
        return DecimalNumber(significand: significand, exponent: exponent())
    }

    private static func isDigit(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return c >= "0" && c <= "9"
    }

    private mutating func digits() -> String {
        var out = ""
        while let c = peek() {
            if Self.isDigit(c) {
                out.unicodeScalars.append(c)
            } else if c == "_", !out.isEmpty, Self.isDigit(peek(1)) {
                // `1_000_000`, as YAML allows: a separator between digits only.
            } else {
                break
            }
            position += 1
        }
        return out
    }

    /// The exponent part, saturated at ±1,000,000 (far past `Double`'s range, so huge
    /// exponents still become infinity or zero rather than overflowing an `Int`).
    private mutating func exponent() -> Int {
        guard let e = peek(), e == "e" || e == "E" else { return 0 }
        var offset = 1
        var negative = false
        if let sign = peek(offset), sign == "+" || sign == "-" {
            negative = sign == "-"
            offset += 1
        }
        guard Self.isDigit(peek(offset)) else { return 0 }
        position += offset
        var value = 0
        while let c = peek(), Self.isDigit(c) {
            value = min(value * 10 + Int(c.value - 48), 1_000_000)
            position += 1
        }
        return negative ? -value : value
    }
}

/// A decimal number kept as text until its unit is known, so that the unit's power of
/// ten joins the exponent and the final conversion rounds only once.
struct DecimalNumber {
    /// Digits with at most one `.`, which has digits on both sides.
    let significand: String
    let exponent: Int

    var isZero: Bool { significand.allSatisfy { $0 == "0" || $0 == "." } }

    /// The value in the unit's base unit; infinite when it overflows `Double`.
    func value(in unit: QuantityUnit) -> Double {
        let scaled = Double("\(significand)e\(exponent + unit.powerOfTen)") ?? .infinity
        return scaled * unit.multiplier / unit.divisor
    }
}
