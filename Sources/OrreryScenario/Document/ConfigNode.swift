/// One value in a scenario document, with where it came from.
///
/// A plain value: the YAML tree is copied out of Yams at load time (Yams nodes are not
/// `Sendable`), with aliases expanded and merge keys (`<<`) applied. Typed accessors
/// (``string()``, ``int()``, ``quantity(_:)``, ``mapping()``, …) throw a ``ScenarioError``
/// that names the file, line, column and key path, and says what was expected and found.
/// A value reached through an alias reports the anchor's line, under the alias's key path.
public struct ConfigNode: Sendable {
    /// The dotted path to this value, like `cluster.nodes[0].count`; empty for the root.
    public let keyPath: String
    /// Where the value starts in the file.
    public let location: SourceLocation
    let content: Content

    enum Content: Sendable {
        case scalar(Scalar)
        case sequence([ConfigNode])
        case mapping(ConfigMapping)
    }

    /// A scalar's text as written and what YAML resolved it to.
    struct Scalar: Sendable {
        enum Kind: Sendable { case string, integer, float, boolean, null, other }
        let text: String
        let kind: Kind
        /// Written in quotes (or as a block), so YAML took it as a string whatever it looks like.
        let quoted: Bool
    }

    /// Whether the value is YAML null: written as `~`, `null`, or left empty (`key:`).
    public var isNull: Bool {
        if case .scalar(let scalar) = content { return scalar.kind == .null }
        return false
    }

    /// An error located at this value, for checks made by the caller:
    /// `throw node.error("a node group needs at least one GPU")`.
    public func error(_ message: String, suggestion: String? = nil) -> ScenarioError {
        ScenarioError(file: location.file, location: location, keyPath: keyPath, message: message, suggestion: suggestion)
    }

    /// `expected <what>, found <this value>`, located here.
    func mismatch(_ expected: String, note: String? = nil) -> ScenarioError {
        error("expected \(expected), found \(found)" + (note.map { " (\($0))" } ?? ""))
    }

    /// How this value reads in an error: `'-3'`, `the string "8"`, `a list`, `an empty value`.
    var found: String {
        switch content {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar(let scalar):
            let text = QuantityError.excerpt(scalar.text)
            switch scalar.kind {
            case .null: return scalar.text.isEmpty ? "an empty value" : "null ('\(text)')"
            case .boolean: return "the boolean '\(text)'"
            case .string where scalar.quoted: return "the string \"\(text)\""
            default: return "'\(text)'"
            }
        }
    }

    /// The path of a mapping entry below `parent`.
    static func path(_ parent: String, key: String) -> String { parent.isEmpty ? key : parent + "." + key }

    /// The path of a list element below `parent`.
    static func path(_ parent: String, index: Int) -> String { parent + "[\(index)]" }
}
