import Yams

/// One axis of a sweep: a key path into the scenario document and the values it takes.
///
/// Written in the file as `sweep.axes.<path>: [v1, v2, …]`, or on the command line as
/// `--set <path>=v1,v2,…`. A value is any YAML value (a number, a quantity with its unit,
/// a name, a list or a mapping) and is checked by the scenario's own rules once it is in
/// place.
public struct SweepAxis: Sendable {
    public let path: DocumentPath
    /// The values in order, each keyed as the sweep wrote it (errors in a value point there).
    let values: [ConfigNode]
    /// Where the axis is named: its key in `sweep.axes`, or the `--set` argument.
    let origin: SourceLocation

    /// Each value on one line, as tables and the results file show it.
    public var labels: [String] { values.map(\.flowText) }

    public var count: Int { values.count }

    init(path: DocumentPath, values: [ConfigNode], origin: SourceLocation) throws(ScenarioError) {
        func fail(_ message: String) -> ScenarioError {
            ScenarioError(file: origin.file, location: origin, keyPath: path.description, message: message)
        }
        guard path.section != "sweep" else { throw fail("a sweep cannot change the sweep itself") }
        guard !values.isEmpty else { throw fail("an axis needs one or more values") }
        let labels = values.map(\.flowText)
        if let duplicate = labels.enumerated().first(where: { labels[..<$0.offset].contains($0.element) }) {
            throw fail("the value \(duplicate.element) is listed twice; each value gives one variant")
        }
        self.path = path
        self.values = values
        self.origin = origin
    }

    /// `--set key.path=v1,v2,…` from the command line. Values are separated by commas
    /// outside brackets, braces and quotes, so `--set 'cluster.nodes[0]={type: DGX-H100, count: 2}'`
    /// is one value; each is read as YAML. Errors name the argument.
    public static func parse(assignment: String) throws(ScenarioError) -> SweepAxis {
        let file = "--set"
        guard let equals = assignment.firstIndex(of: "=") else {
            throw ScenarioError(file: file, message: "expected key.path=value1,value2,… in '\(assignment)', like scheduler.policy=fifo,sjf")
        }
        let pathText = assignment[..<equals].trimmingCharacters(in: .whitespaces)
        let path: DocumentPath
        do { path = try DocumentPath(parsing: pathText) } catch { throw ScenarioError(file: file, message: error.description) }
        var values: [ConfigNode] = []
        var column = assignment.distance(from: assignment.startIndex, to: equals) + 2
        for piece in splitTopLevelCommas(String(assignment[assignment.index(after: equals)...])) {
            defer { column += piece.count + 1 }
            let leading = piece.prefix { $0 == " " }.count
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            let at = SourceLocation(file: file, line: 1, column: column + leading)
            guard !trimmed.isEmpty else {
                throw ScenarioError(
                    file: file, location: at, keyPath: path.description,
                    message: "an empty value in '\(assignment)'; separate values with single commas")
            }
            values.append(try yamlValue(trimmed, at: at, keyPath: path.description))
        }
        return try SweepAxis(path: path, values: values, origin: SourceLocation(file: file, line: 1, column: 1))
    }

    /// One value read as YAML, keyed at the axis path and located at its column.
    private static func yamlValue(_ text: String, at location: SourceLocation, keyPath: String) throws(ScenarioError) -> ConfigNode {
        try AliasExpansionCheck.check(text, file: location.file)
        let node: Yams.Node?
        do { node = try Yams.compose(yaml: text) } catch {
            var problem = YAMLErrorTranslation.scenarioError(error, file: location.file, text: text)
            problem.keyPath = keyPath
            problem.location = location
            throw problem
        }
        guard let node else { throw ScenarioError(file: location.file, location: location, keyPath: keyPath, message: "an empty value") }
        return try YAMLConversion(file: location.file).convert(node, keyPath: keyPath).relocated(to: location)
    }

    /// `a,[b,c],{d: e, f: g},"h,i"` → `a`, `[b,c]`, `{d: e, f: g}`, `"h,i"`.
    static func splitTopLevelCommas(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "[" || character == "{" {
                depth += 1
            } else if character == "]" || character == "}" {
                depth = max(0, depth - 1)
            } else if character == ",", depth == 0 {
                pieces.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        pieces.append(current)
        return pieces
    }
}

extension ConfigNode {
    /// The same value with every location set to `location` (a value from the command
    /// line has no line of its own worth reporting).
    fileprivate func relocated(to location: SourceLocation) -> ConfigNode {
        switch content {
        case .scalar: return ConfigNode(keyPath: keyPath, location: location, content: content)
        case .sequence(let elements):
            return ConfigNode(keyPath: keyPath, location: location, content: .sequence(elements.map { $0.relocated(to: location) }))
        case .mapping(let mapping):
            let entries = mapping.entries.map {
                ConfigMapping.Entry(key: $0.key, keyLocation: location, value: $0.value.relocated(to: location))
            }
            return ConfigNode(
                keyPath: keyPath, location: location,
                content: .mapping(ConfigMapping(keyPath: mapping.keyPath, location: location, entries: entries)))
        }
    }
}
