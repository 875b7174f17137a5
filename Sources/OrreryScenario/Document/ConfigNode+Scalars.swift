import OrreryKernel

/// Typed reads of scalar values. Each throws a located ``ScenarioError`` on a wrong type,
/// a malformed value or a value out of range; none traps, whatever the input.
extension ConfigNode {
    /// The text of any scalar that is not null, as written: `name: 7b`, `gpu: H100`.
    ///
    /// Numbers and booleans are accepted as their text, so `region: NO` stays `"NO"`.
    public func string() throws(ScenarioError) -> String {
        guard case .scalar(let scalar) = content, scalar.kind != .null else { throw mismatch("a string") }
        return scalar.text
    }

    /// A whole number written in decimal: `8`, `-3`, `1_000_000`, or `1e6` when exact.
    /// Rejects fractions (`2.5`), overflow (`1e30`, `99999999999999999999`), booleans,
    /// quoted numbers, hex/octal/sexagesimal forms and leading zeros (YAML 1.1 reads `010` as 8).
    public func int() throws(ScenarioError) -> Int { try integer(expected: "an integer") }

    /// A whole number within `range`; the error states the range in words
    /// ("expected a positive integer, found '-3'").
    public func int(in range: ClosedRange<Int>) throws(ScenarioError) -> Int {
        let expected = Self.describe(range)
        let value = try integer(expected: expected)
        guard range.contains(value) else { throw mismatch(expected) }
        return value
    }

    /// A finite decimal number: `3`, `0.25`, `1.5e9`. Rejects `.nan`, `.inf` and overflow (`1e400`).
    public func double() throws(ScenarioError) -> Double {
        try finiteDouble(numericScalar(expected: "a number"), expected: "a number")
    }

    /// `true` or `false` (also `True`/`TRUE`/`False`/`FALSE`). YAML 1.1's `yes`, `no`,
    /// `on` and `off` are rejected as too easy to write by accident.
    public func bool() throws(ScenarioError) -> Bool {
        guard case .scalar(let scalar) = content, scalar.kind == .boolean else {
            throw mismatch("true or false", note: quotedNote(looksValid: ["true", "false"].contains(textIfScalar.lowercased())))
        }
        switch scalar.text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw mismatch("true or false")
        }
    }

    /// A quantity in the base unit of `kind` (see ``Quantity/parse(_:as:)``): `400Gb/s`
    /// gives 5e10 bytes/s. Plain numbers work where the kind takes them (`count`, `ratio`).
    public func quantity(_ kind: QuantityKind) throws(ScenarioError) -> Double {
        let text = try quantityText(kind)
        do {
            return try Quantity.parse(text, as: kind)
        } catch {
            throw self.error(error.description)
        }
    }

    /// A duration as simulated time (see ``Quantity/parseDuration(_:)``): `90s`, `1h30m`, `54d`.
    public func duration() throws(ScenarioError) -> SimTime {
        let text = try quantityText(.duration)
        do {
            return try Quantity.parseDuration(text)
        } catch {
            throw self.error(error.description)
        }
    }

    /// One of the raw values of `E`. The error lists the allowed values and suggests the
    /// closest one: `expected one of 'fifo', 'backfill', found 'fifi'; did you mean 'fifo'?`.
    public func enumValue<E: RawRepresentable & CaseIterable>(_ type: E.Type = E.self) throws(ScenarioError) -> E
    where E.RawValue == String {
        let allowed = E.allCases.map(\.rawValue)
        let expected = "one of " + allowed.map { "'\($0)'" }.joined(separator: ", ")
        guard case .scalar(let scalar) = content, scalar.kind != .null else { throw mismatch(expected) }
        if let value = E(rawValue: scalar.text) { return value }
        var problem = mismatch(expected)
        problem.suggestion = Suggestion.closest(to: scalar.text, among: allowed)
        throw problem
    }

    // MARK: - Helpers

    private var textIfScalar: String {
        if case .scalar(let scalar) = content { return scalar.text }
        return ""
    }

    /// The hint for a quoted value that would be right without its quotes.
    private func quotedNote(looksValid: Bool) -> String? {
        guard case .scalar(let scalar) = content, scalar.quoted, looksValid else { return nil }
        return "remove the quotes: quoted values are strings"
    }

    /// The text of a non-null scalar, for the quantity parser.
    private func quantityText(_ kind: QuantityKind) throws(ScenarioError) -> String {
        guard case .scalar(let scalar) = content, scalar.kind != .null else { throw mismatch(kind.expectation) }
        return scalar.text
    }

    /// A scalar YAML resolved as a number; quoted numbers get a hint.
    private func numericScalar(expected: String) throws(ScenarioError) -> Scalar {
        guard case .scalar(let scalar) = content, scalar.kind == .integer || scalar.kind == .float else {
            throw mismatch(expected, note: quotedNote(looksValid: Double(textIfScalar) != nil))
        }
        return scalar
    }

    private func integer(expected: String) throws(ScenarioError) -> Int {
        let scalar = try numericScalar(expected: expected)
        guard scalar.kind == .integer else {
            let value = try finiteDouble(scalar, expected: expected)
            guard value == value.rounded() else { throw mismatch(expected, note: "not a whole number") }
            guard let exact = Int(exactly: value) else { throw mismatch(expected, note: Self.tooLarge) }
            return exact
        }
        let text = scalar.text.filter { $0 != "_" }
        let digits = text.drop { $0 == "+" || $0 == "-" }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { throw mismatch(expected, note: "write integers in decimal") }
        if digits.count > 1, digits.first == "0" {
            throw mismatch(expected, note: "leading zeros are not allowed; YAML 1.1 reads them as octal")
        }
        guard let value = Int(text) else { throw mismatch(expected, note: Self.tooLarge) }
        return value
    }

    private func finiteDouble(_ scalar: Scalar, expected: String) throws(ScenarioError) -> Double {
        let text = scalar.text.filter { $0 != "_" }
        let lowered = text.lowercased()
        if lowered.contains("inf") || lowered.contains("nan") { throw mismatch(expected, note: "numbers must be finite") }
        guard text.allSatisfy({ $0.isASCIIDigit || "+-.eE".contains($0) }), let value = Double(text) else {
            throw mismatch(expected, note: "write numbers in decimal")
        }
        guard value.isFinite else { throw mismatch(expected, note: "too large") }
        return value
    }

    private static let tooLarge = "too large; integers must lie within ±9223372036854775807"

    /// A range in words: "a positive integer", "an integer from 1 to 8".
    static func describe(_ range: ClosedRange<Int>) -> String {
        switch (range.lowerBound, range.upperBound) {
        case (1, .max): "a positive integer"
        case (0, .max): "a non-negative integer"
        case (let low, .max): "an integer of at least \(low)"
        case (.min, let high): "an integer of at most \(high)"
        case (let low, let high): "an integer from \(low) to \(high)"
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
