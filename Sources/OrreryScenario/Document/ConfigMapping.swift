/// The entries of a YAML mapping, in document order, with string keys only.
///
/// Duplicate keys never reach here (the loader rejects them) and neither do non-string
/// keys. A key whose value is null (`key:`, `key: ~`) counts as absent for ``optional(_:)``,
/// so writing nothing means "use the default"; ``required(_:)`` returns it, and the typed
/// accessor then reports "found an empty value".
public struct ConfigMapping: Sendable {
    /// The path of the mapping itself; entries live at `keyPath.key`.
    public let keyPath: String
    /// Where the mapping starts (its first key, for block mappings).
    public let location: SourceLocation
    let entries: [Entry]
    private let index: [String: Int]

    struct Entry: Sendable {
        let key: String
        let keyLocation: SourceLocation
        let value: ConfigNode
    }

    init(keyPath: String, location: SourceLocation, entries: [Entry]) {
        self.keyPath = keyPath
        self.location = location
        self.entries = entries
        index = Dictionary(entries.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The keys in document order.
    public var keys: [String] { entries.map(\.key) }

    /// The entries in document order, for mappings whose keys are names chosen by the
    /// user (`workloads: {pretrain: …, finetune: …}`).
    public var pairs: [(key: String, value: ConfigNode)] { entries.map { ($0.key, $0.value) } }

    public var isEmpty: Bool { entries.isEmpty }

    /// The value for `key`, which must be present (it may be null).
    public func required(_ key: String) throws(ScenarioError) -> ConfigNode {
        guard let value = value(for: key) else {
            throw ScenarioError(
                file: location.file, location: location, keyPath: keyPath, message: "missing required key '\(key)'")
        }
        return value
    }

    /// The value for `key`, or nil when it is absent or null.
    public func optional(_ key: String) -> ConfigNode? {
        guard let value = value(for: key), !value.isNull else { return nil }
        return value
    }

    /// Rejects keys not in `allowed`, at the first unknown key, suggesting the closest
    /// allowed key (`unknown key 'cuont'; did you mean 'count'?`) or listing them all.
    public func checkKeys(allowed: [String]) throws(ScenarioError) {
        for entry in entries where !allowed.contains(entry.key) {
            let suggestion = Suggestion.closest(to: entry.key, among: allowed)
            let list = allowed.map { "'\($0)'" }.joined(separator: ", ")
            let place = keyPath.isEmpty ? "at the top level" : "in \(keyPath)"
            throw ScenarioError(
                file: location.file, location: entry.keyLocation, keyPath: ConfigNode.path(keyPath, key: entry.key),
                message: "unknown key '\(entry.key)' \(place)" + (suggestion == nil ? " (allowed: \(list))" : ""),
                suggestion: suggestion)
        }
    }

    private func value(for key: String) -> ConfigNode? {
        index[key].map { entries[$0].value }
    }
}
