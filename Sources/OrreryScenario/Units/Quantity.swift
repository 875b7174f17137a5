import OrreryKernel

/// Parsing and formatting of quantities with units, independent of YAML so that CSV trace
/// readers share the same grammar as scenario files.
///
/// Grammar: optional surrounding whitespace, an unsigned decimal number (`12`, `1_000`,
/// `1.5`, `2e9`), optional spaces, then a unit symbol from the kind's table
/// (`docs/units.md`). Money and energy prices may also put `$` in front (`$2.5`,
/// `$0.08/kWh`). Durations may chain parts from the largest unit to the smallest (`1h30m`).
/// Quantities are never negative; `0` needs no unit.
public enum Quantity {
    /// The value of `text` in the base unit of `kind` (seconds, bytes, bytes/s, W, J,
    /// FLOP/s, a plain number, a fraction, dollars, kg CO2/kWh or $/kWh).
    ///
    /// Durations go through ``parseDuration(_:)`` and so are whole nanoseconds.
    public static func parse(_ text: String, as kind: QuantityKind) throws(QuantityError) -> Double {
        if kind == .duration { return try parseDuration(text).seconds }
        let fail = { (problem: String) in QuantityError(text: text, kind: kind, problem: problem) }
        var scanner = QuantityScanner(text.trimmingSpaces)
        if scanner.isAtEnd { throw fail("it is empty") }
        let dollar = scanner.consume("$")
        scanner.skipSpaces()
        if scanner.peek() == "-" { throw fail("quantities cannot be negative") }
        guard let number = scanner.decimal() else { throw fail("it does not start with a number") }
        scanner.skipSpaces()
        let symbol = (dollar ? "$" : "") + scanner.rest
        let unit: QuantityUnit
        if symbol.isEmpty {
            guard kind.acceptsBareNumbers || number.isZero else { throw fail("a bare number has no unit") }
            unit = .one
        } else if let known = QuantityUnitTable.units(for: kind)[symbol] {
            unit = known
        } else {
            throw fail(unknownUnit(symbol, among: QuantityUnitTable.units(for: kind)))
        }
        let value = number.value(in: unit)
        guard value.isFinite else { throw fail("it is too large") }
        return value
    }

    /// A duration as simulated time, rounded to the nearest nanosecond (a positive
    /// duration below 1 ns becomes 1 ns, so nothing lasts zero time by accident).
    ///
    /// Parts chain from the largest unit to the smallest, with optional spaces:
    /// `1h30m`, `2d 12h`, `1.5h`. Durations must fit `SimTime` (about 292 years).
    public static func parseDuration(_ text: String) throws(QuantityError) -> SimTime {
        let fail = { (problem: String) in QuantityError(text: text, kind: .duration, problem: problem) }
        var scanner = QuantityScanner(text.trimmingSpaces)
        if scanner.isAtEnd { throw fail("it is empty") }
        var nanoseconds = 0.0
        var previous: (symbol: String, size: Double)?
        while !scanner.isAtEnd {
            if scanner.peek() == "-" { throw fail("durations cannot be negative") }
            guard let number = scanner.decimal() else {
                throw fail(previous.map { "expected a number after '\($0.symbol)'" } ?? "it does not start with a number")
            }
            scanner.skipSpaces()
            let symbol = scanner.letters()
            if symbol.isEmpty {
                guard previous == nil, scanner.isAtEnd else {
                    throw fail("every part needs a unit: ns, us, ms, s, m (or min), h, d, w")
                }
                guard number.isZero else { throw fail("a bare number has no unit") }
                return .zero
            }
            guard let unit = QuantityUnitTable.durations[symbol] else {
                throw fail(unknownUnit(symbol, among: QuantityUnitTable.durations))
            }
            if let previous, unit.size >= previous.size {
                throw fail("parts must go from the largest unit to the smallest, like 1h30m ('\(symbol)' after '\(previous.symbol)')")
            }
            previous = (symbol, unit.size)
            nanoseconds += number.value(in: unit)
            scanner.skipSpaces()
        }
        let rounded = nanoseconds.rounded()
        guard rounded < 9.2233720368547748e18 else { throw fail("it is too long: durations must be under about 292 years") }
        return SimTime(nanoseconds: nanoseconds > 0 ? max(1, Int64(rounded)) : 0)
    }

    /// The problem text for an unknown unit; case slips (`gb/s`) name the units meant.
    private static func unknownUnit(_ symbol: String, among units: [String: QuantityUnit]) -> String {
        let sameLetters = units.keys.filter { $0.lowercased() == symbol.lowercased() }.sorted()
        if sameLetters.isEmpty { return "unknown unit '\(symbol)'" }
        let options = sameLetters.map { "'\($0)'" }.joined(separator: " or ")
        return "unknown unit '\(symbol)'; units are case-sensitive: did you mean \(options)?"
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: String { self[...].trimmingSpaces }
}

extension Substring {
    /// Without leading and trailing spaces, tabs and line breaks. Works on UTF-8 bytes, so
    /// it is cheap enough for every field of a million-line trace.
    var trimmingSpaces: String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }), let last = utf8.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
