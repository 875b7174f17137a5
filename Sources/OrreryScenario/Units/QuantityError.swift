/// Why a piece of text is not a valid quantity of some kind.
///
/// The description names what was expected (with examples) and what was found, so the
/// scenario loader and the CSV trace readers can show it as is:
/// `expected a rate with a unit, like 400Gb/s, 25GB/s or 100Gbps, found '400Gx' (unknown unit 'Gx')`.
public struct QuantityError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The text that failed to parse, as given.
    public let text: String
    /// The kind it was parsed as.
    public let kind: QuantityKind
    /// What is wrong with it, e.g. `unknown unit 'Gx'`.
    public let problem: String

    public init(text: String, kind: QuantityKind, problem: String) {
        self.text = text
        self.kind = kind
        self.problem = problem
    }

    public var description: String {
        "expected \(kind.expectation), found '\(Self.excerpt(text))' (\(problem))"
    }

    /// Long inputs (a whole CSV line pasted by mistake) are cut so the message stays readable.
    static func excerpt(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(57)) + "..."
    }
}
