import Yams

/// Copies a Yams node tree into ``ConfigNode`` values, giving each its key path.
///
/// Aliases arrive already expanded by Yams, and bounded in size and depth by
/// ``AliasExpansionCheck``. Merge keys (`<<: *defaults`) are applied here: the mapping's own
/// keys win, and merged keys follow them, earlier sources first.
struct YAMLConversion {
    let file: String

    func convert(_ node: Yams.Node, keyPath: String) throws(ScenarioError) -> ConfigNode {
        let location = self.location(of: node.mark)
        switch node {
        case .scalar(let scalar):
            return ConfigNode(keyPath: keyPath, location: location, content: .scalar(Self.scalar(scalar, tag: node.tag)))
        case .sequence(let sequence):
            var elements: [ConfigNode] = []
            for (index, element) in sequence.enumerated() {
                elements.append(try convert(element, keyPath: ConfigNode.path(keyPath, index: index)))
            }
            return ConfigNode(keyPath: keyPath, location: location, content: .sequence(elements))
        case .mapping(let mapping):
            return ConfigNode(keyPath: keyPath, location: location, content: .mapping(try convert(mapping, keyPath: keyPath)))
        case .alias:
            // `compose` resolves aliases itself; kept total in case a future Yams does not.
            throw ScenarioError(file: file, location: location, keyPath: keyPath, message: "unresolved YAML alias")
        }
    }

    private func convert(_ mapping: Yams.Node.Mapping, keyPath: String) throws(ScenarioError) -> ConfigMapping {
        var entries: [ConfigMapping.Entry] = []
        var merged: [ConfigMapping.Entry] = []
        for (key, value) in mapping {
            if key.tag.rawValue == Tag.Name.merge.rawValue {
                for source in try mergeSources(value, keyPath: keyPath) {
                    merged += try convert(source, keyPath: keyPath).entries
                }
                continue
            }
            let name = try keyName(key, keyPath: keyPath)
            let child = try convert(value, keyPath: ConfigNode.path(keyPath, key: name))
            entries.append(.init(key: name, keyLocation: location(of: key.mark), value: child))
        }
        var present = Set(entries.map(\.key))
        for entry in merged where present.insert(entry.key).inserted { entries.append(entry) }
        return ConfigMapping(keyPath: keyPath, location: location(of: mapping.mark), entries: entries)
    }

    /// What `<<` may merge: a mapping, or a list of mappings.
    private func mergeSources(_ value: Yams.Node, keyPath: String) throws(ScenarioError) -> [Yams.Node.Mapping] {
        switch value {
        case .mapping(let mapping): return [mapping]
        case .sequence(let sequence):
            var sources: [Yams.Node.Mapping] = []
            for element in sequence {
                guard case .mapping(let mapping) = element else { throw badMerge(at: element, keyPath: keyPath) }
                sources.append(mapping)
            }
            return sources
        default: throw badMerge(at: value, keyPath: keyPath)
        }
    }

    private func badMerge(at node: Yams.Node, keyPath: String) -> ScenarioError {
        ScenarioError(
            file: file, location: location(of: node.mark), keyPath: keyPath,
            message: "'<<' merges a mapping or a list of mappings, like '<<: *defaults'")
    }

    /// Keys are names: plain or quoted text. `1:`, `yes:` or `~:` would silently become a
    /// number, a boolean or null in YAML, so they are rejected with a hint to quote them.
    private func keyName(_ key: Yams.Node, keyPath: String) throws(ScenarioError) -> String {
        let found: String
        switch key {
        case .scalar(let scalar):
            let tag = key.tag.rawValue
            if tag == Tag.Name.str.rawValue { return scalar.string }
            found = tag == Tag.Name.null.rawValue ? "an empty key" : "'\(QuantityError.excerpt(scalar.string))', which YAML reads as a \(Self.typeName(tag))"
        case .sequence: found = "a list"
        case .mapping: found = "a mapping"
        case .alias: found = "an alias"
        }
        throw ScenarioError(
            file: file, location: location(of: key.mark), keyPath: keyPath,
            message: "keys must be text, found \(found); put quotes around a key that should be text")
    }

    private static func typeName(_ tag: String) -> String {
        switch tag {
        case Tag.Name.int.rawValue, Tag.Name.float.rawValue: "number"
        case Tag.Name.bool.rawValue: "boolean"
        default: "value of type \(tag)"
        }
    }

    private static func scalar(_ scalar: Yams.Node.Scalar, tag: Tag) -> ConfigNode.Scalar {
        let kind: ConfigNode.Scalar.Kind = switch tag.rawValue {
        case Tag.Name.str.rawValue: .string
        case Tag.Name.int.rawValue: .integer
        case Tag.Name.float.rawValue: .float
        case Tag.Name.bool.rawValue: .boolean
        case Tag.Name.null.rawValue: .null
        default: .other
        }
        return ConfigNode.Scalar(text: scalar.string, kind: kind, quoted: scalar.style != .plain)
    }

    func location(of mark: Mark?) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }
}
