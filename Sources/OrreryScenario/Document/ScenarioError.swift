/// A problem in a scenario file, located as precisely as the problem allows.
///
/// Printed on one line in the form compilers use, so a terminal or an editor can jump to it:
/// `scenario.yaml:12:5: cluster.nodes[0].count: expected a positive integer, found '-3'`.
/// The key path names the value in the document (`cluster.nodes[0].count`); it is empty
/// for problems with the file as a whole (missing, not UTF-8, YAML syntax).
public struct ScenarioError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file as it was named to the loader (or the name given to `parse(text:file:)`).
    public var file: String
    /// Where in the file, when known; nil for problems such as a missing file.
    public var location: SourceLocation?
    /// The dotted path of the value at fault, like `cluster.nodes[0].count`; empty at the top level.
    public var keyPath: String
    /// What was expected and what was found.
    public var message: String
    /// A likely intended value (a key or enum case), printed as "did you mean '…'?".
    public var suggestion: String?

    public init(file: String, location: SourceLocation? = nil, keyPath: String = "", message: String, suggestion: String? = nil) {
        self.file = file
        self.location = location
        self.keyPath = keyPath
        self.message = message
        self.suggestion = suggestion
    }

    public var description: String {
        var text = (location?.description ?? file) + ": "
        if !keyPath.isEmpty { text += keyPath + ": " }
        text += message
        if let suggestion { text += "; did you mean '\(suggestion)'?" }
        return text
    }
}
