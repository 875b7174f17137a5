/// Replacing one value of a document, for sweeps: the variant's value goes into the YAML
/// tree before the scenario is parsed, so every key, unit and check applies to it as if
/// it had been written there.
extension ConfigNode {
    /// This tree with the value at `path` replaced by `value` (re-keyed to `path`, keeping
    /// its own location, so an error in it points where the value was written).
    ///
    /// A missing key is added, and missing mappings on the way are created (`power.cap`
    /// on a scenario without `power`; a misspelt key then fails the scenario's own
    /// unknown-key check). List elements are never created: an index must exist.
    /// Errors are located at `origin` (where the sweep names the path).
    func replacing(_ path: DocumentPath, with value: ConfigNode, origin: SourceLocation) throws(ScenarioError) -> ConfigNode {
        try replacing(path.segments[...], with: value, path: path, origin: origin)
    }

    fileprivate func replacing(
        _ rest: ArraySlice<DocumentPath.Segment>, with value: ConfigNode, path: DocumentPath, origin: SourceLocation
    ) throws(ScenarioError) -> ConfigNode {
        guard let segment = rest.first else { return value.rebased(to: keyPath) }
        let below = rest.dropFirst()
        func fail(_ message: String) -> ScenarioError {
            ScenarioError(file: origin.file, location: origin, keyPath: path.description, message: message)
        }
        let here = keyPath.isEmpty ? "the top level" : "'\(keyPath)'"
        switch (segment, content) {
        case (.index(let index), .sequence(let elements)):
            guard index < elements.count else {
                let size = elements.isEmpty
                    ? "is empty" : "has \(elements.count) entr\(elements.count == 1 ? "y" : "ies") (indices 0–\(elements.count - 1))"
                throw fail("index \(index) is out of range: \(here) \(size)")
            }
            var copy = elements
            copy[index] = try elements[index].replacing(below, with: value, path: path, origin: origin)
            return ConfigNode(keyPath: keyPath, location: location, content: .sequence(copy))
        case (.index(let index), _):
            throw fail("\(here) is \(found), not a list, so it has no element [\(index)]")
        case (.key(let key), .mapping(let mapping)):
            return ConfigNode(
                keyPath: keyPath, location: location,
                content: .mapping(try mapping.replacing(key, below, with: value, path: path, origin: origin)))
        case (.key(let key), .scalar) where isNull:
            let empty = ConfigMapping(keyPath: keyPath, location: location, entries: [])
            return ConfigNode(
                keyPath: keyPath, location: location,
                content: .mapping(try empty.replacing(key, below, with: value, path: path, origin: origin)))
        case (.key(let key), _):
            throw fail("\(here) is \(found), not a mapping, so it has no key '\(key)'")
        }
    }

    /// The same value under another key path (its children re-keyed below it).
    func rebased(to newPath: String) -> ConfigNode {
        switch content {
        case .scalar: return ConfigNode(keyPath: newPath, location: location, content: content)
        case .sequence(let elements):
            let moved = elements.enumerated().map { $1.rebased(to: ConfigNode.path(newPath, index: $0)) }
            return ConfigNode(keyPath: newPath, location: location, content: .sequence(moved))
        case .mapping(let mapping):
            let entries = mapping.entries.map {
                ConfigMapping.Entry(key: $0.key, keyLocation: $0.keyLocation, value: $0.value.rebased(to: ConfigNode.path(newPath, key: $0.key)))
            }
            return ConfigNode(
                keyPath: newPath, location: location,
                content: .mapping(ConfigMapping(keyPath: newPath, location: mapping.location, entries: entries)))
        }
    }
}

extension ConfigMapping {
    /// This mapping with `key`'s value replaced below `rest`, or a new entry for it.
    fileprivate func replacing(
        _ key: String, _ rest: ArraySlice<DocumentPath.Segment>, with value: ConfigNode, path: DocumentPath,
        origin: SourceLocation
    ) throws(ScenarioError) -> ConfigMapping {
        let childPath = ConfigNode.path(keyPath, key: key)
        var copy = entries
        if let position = copy.firstIndex(where: { $0.key == key }) {
            let entry = copy[position]
            copy[position] = Entry(
                key: key, keyLocation: entry.keyLocation,
                value: try entry.value.replacing(rest, with: value, path: path, origin: origin))
        } else {
            if case .index(let index)? = rest.first {
                throw ScenarioError(
                    file: origin.file, location: origin, keyPath: path.description,
                    message: "'\(childPath)' is not in the scenario, so it has no element [\(index)]")
            }
            let created = ConfigNode(
                keyPath: childPath, location: origin,
                content: .mapping(ConfigMapping(keyPath: childPath, location: origin, entries: [])))
            copy.append(Entry(key: key, keyLocation: origin, value: try created.replacing(rest, with: value, path: path, origin: origin)))
        }
        return ConfigMapping(keyPath: keyPath, location: location, entries: copy)
    }
}
