/// A position in a scenario file, so every error can point at the line to fix.
///
/// Lines and columns start at 1; columns count Unicode scalars, as libyaml does.
/// Printed as `file:line:column`, the form editors and terminals turn into links.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}
