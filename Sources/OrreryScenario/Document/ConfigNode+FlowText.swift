extension ConfigNode {
    /// The value on one line, in YAML flow style: `4`, `sjf`, `20MW`, `[1, 2]`,
    /// `{type: DGX-H100, count: 2}`. Labels sweep variants in tables and results files.
    /// Scalars that would not read back as written (empty, or holding flow or comment
    /// characters) are quoted.
    public var flowText: String {
        switch content {
        case .scalar(let scalar):
            if scalar.kind == .null { return scalar.text.isEmpty ? "null" : scalar.text }
            let plain = !scalar.text.isEmpty && !scalar.text.contains { ",[]{}#:\"'\n".contains($0) }
                && scalar.text.first != " " && scalar.text.last != " "
            if plain { return scalar.text }
            let escaped = scalar.text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\"\(escaped)\""
        case .sequence(let elements):
            return "[" + elements.map(\.flowText).joined(separator: ", ") + "]"
        case .mapping(let mapping):
            return "{" + mapping.entries.map { "\($0.key): \($0.value.flowText)" }.joined(separator: ", ") + "}"
        }
    }
}
