import Yams

/// Turns Yams' errors into one-line ``ScenarioError``s at the offending line and column,
/// with a hint for the usual slips (tabs, indentation).
enum YAMLErrorTranslation {
    static func scenarioError(_ error: any Error, file: String, text: String) -> ScenarioError {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        guard let yamlError = error as? YamlError else {
            return ScenarioError(file: file, message: "could not read the YAML: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context {
                message += " (\(context.text) that starts at line \(context.mark.line), column \(context.mark.column))"
            }
            message += hint(problem: problem, line: line(mark.line, of: text))
            return ScenarioError(file: file, location: at(mark), message: message)
        case .reader(let problem, let offset, let value, _):
            let character = value >= 0 ? " U+" + String(UInt32(value), radix: 16, uppercase: true) : ""
            return ScenarioError(
                file: file, location: offset.map { location(ofCharacter: $0, in: text, file: file) },
                message: "invalid character\(character): \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ScenarioError(
                file: file, location: at(context.mark),
                message: "duplicate key \(keys): each key may appear once in a mapping (first written here)")
        case .memory:
            return ScenarioError(file: file, message: "out of memory while reading the YAML")
        default:
            return ScenarioError(file: file, message: "could not read the YAML: \(yamlError)")
        }
    }

    private static func hint(problem: String, line: Substring) -> String {
        if line.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
            return "; indent with spaces: YAML does not allow tabs for indentation"
        }
        if problem.contains("mapping values are not allowed") {
            return "; check the indentation, or quote a value that contains ': '"
        }
        if problem.contains("did not find expected key") {
            return "; check the indentation of this line"
        }
        return ""
    }

    /// Line `number` (from 1) of `text`, or nothing past the end.
    private static func line(_ number: Int, of text: String) -> Substring {
        var remaining = number
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            remaining -= 1
            if remaining == 0 { return line }
        }
        return ""
    }

    private static func location(ofCharacter offset: Int, in text: String, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        for character in text.prefix(max(0, offset)) {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
