extension ConfigNode {
    /// The elements of a list, each with key path `path[i]`. An empty value (`key:`) is not
    /// an empty list: write `[]`.
    public func sequence() throws(ScenarioError) -> [ConfigNode] {
        guard case .sequence(let elements) = content else { throw mismatch("a list") }
        return elements
    }

    /// The entries of a mapping (`key: value` lines or `{…}`). An empty value is not an
    /// empty mapping: write `{}`.
    public func mapping() throws(ScenarioError) -> ConfigMapping {
        guard case .mapping(let mapping) = content else { throw mismatch("a mapping") }
        return mapping
    }
}
