import Yams

/// A parsed scenario file: its text, a fingerprint of its bytes, and its root mapping as
/// a position-aware ``ConfigNode``.
///
/// A document holds exactly one YAML document whose top level is a mapping. Everything
/// that can go wrong before that point (missing file, not UTF-8, syntax error, several
/// documents, a list at the top) is a ``ScenarioError`` with the file and, where there
/// is one, the line and column.
public struct ConfigDocument: Sendable {
    /// The file name used in errors: the path given to ``load(path:)`` or the name given to
    /// ``parse(text:file:)``.
    public let file: String
    /// The text, without a leading byte-order mark.
    public let text: String
    /// SHA-256 of the file's bytes as 64 lowercase hex digits, so results can record
    /// exactly which scenario produced them.
    public let contentHash: String
    /// The top-level mapping, with key path `""`.
    public let root: ConfigNode

    /// Parses YAML held in memory (tests, scenarios built by other tools). `file` names it
    /// in errors; the hash covers the UTF-8 bytes of `text`.
    public static func parse(text: String, file: String) throws(ScenarioError) -> ConfigDocument {
        try parse(text: text, file: file, contentHash: SHA256.hex(text.utf8))
    }

    static func parse(text: String, file: String, contentHash: String) throws(ScenarioError) -> ConfigDocument {
        // libyaml accepts a byte-order mark but then counts it as a column on line 1.
        let body = text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text
        try AliasExpansionCheck.check(body, file: file)
        let node = try singleDocument(body, file: file)
        let root = try YAMLConversion(file: file).convert(node, keyPath: "")
        guard case .mapping = root.content else {
            throw root.isNull
                ? emptyDocument(file: file)
                : root.error("the top level must be a mapping of keys to values (like 'cluster: …'), found \(root.found)")
        }
        return ConfigDocument(file: file, text: body, contentHash: contentHash, root: root)
    }

    /// The one document in `text`; none or a second one is an error.
    private static func singleDocument(_ text: String, file: String) throws(ScenarioError) -> Yams.Node {
        var documents: YamlSequence<Yams.Node>
        do {
            documents = try Yams.compose_all(yaml: text)
        } catch {
            throw YAMLErrorTranslation.scenarioError(error, file: file, text: text)
        }
        let first = documents.next()
        let second = first == nil ? nil : documents.next()
        if let error = documents.error { throw YAMLErrorTranslation.scenarioError(error, file: file, text: text) }
        guard let first else { throw emptyDocument(file: file) }
        if let second {
            let line = second.mark?.line ?? 1
            throw ScenarioError(
                file: file, location: SourceLocation(file: file, line: line, column: 1),
                message: "a second YAML document starts here (after '---'); a scenario file holds exactly one")
        }
        return first
    }

    private static func emptyDocument(file: String) -> ScenarioError {
        ScenarioError(file: file, message: "the document is empty; expected a mapping of keys to values (like 'cluster: …')")
    }
}
