import OrreryHardware

/// One setting of a sweep variant: a key path and the value it takes, both as text.
public struct SweepSetting: Sendable, Equatable {
    public let path: String
    public let value: String
}

/// One run of a sweep: the scenario with the variant's values written into its document.
public struct SweepVariant: Sendable {
    /// Position in the sweep, from 0.
    public let index: Int
    /// One setting per axis, in axis order; empty for a scenario without a sweep.
    public let settings: [SweepSetting]
    public let scenario: Scenario

    /// `cluster.nodes[0].count=4,scheduler.policy=sjf`: the `runs.variant` label; nil
    /// for a scenario without a sweep.
    public var label: String? {
        settings.isEmpty ? nil : settings.map { "\($0.path)=\($0.value)" }.joined(separator: ",")
    }
}

/// A scenario file expanded into the runs its sweep asks for.
///
/// Each variant is made by replacing values in the YAML document, then parsing and
/// validating it as any scenario is, so every key, unit and check applies unchanged.
/// All variants are built and checked before any runs: a problem in one of them stops
/// the whole sweep, reported with the usual file:line:column and key path plus the
/// variant's settings. Variants share the scenario's seed (common random numbers).
public struct ScenarioSweep: Sendable {
    /// More variants than this is almost certainly a mistake in the axes.
    public static let maximumVariants = 10_000

    /// The scenario file.
    public let path: String
    /// The file's `sweep` section with the command line's axes and options applied.
    public let section: SweepSection
    /// The runs, in order: with `cross`, the first axis varies slowest.
    public let variants: [SweepVariant]

    public var axes: [SweepAxis] { section.axes }

    /// Loads `path` and expands its sweep. `extraAxes` (from `--set`) come after the
    /// file's axes and replace a file axis with the same path; `combination` overrides
    /// the file's `combine`. A file without a sweep and no extra axes gives one variant,
    /// the scenario itself.
    public static func load(
        path: String, extraAxes: [SweepAxis] = [], combination: SweepCombination? = nil,
        catalogue: HardwareCatalogue = .builtIn
    ) throws(ScenarioErrors) -> ScenarioSweep {
        let document: ConfigDocument
        do { document = try ConfigDocument.load(path: path) } catch { throw ScenarioErrors([error]) }
        return try expand(document, extraAxes: extraAxes, combination: combination, catalogue: catalogue)
    }

    /// Expands an already-loaded document (tests use this with in-memory text).
    public static func expand(
        _ document: ConfigDocument, extraAxes: [SweepAxis] = [], combination: SweepCombination? = nil,
        catalogue: HardwareCatalogue = .builtIn
    ) throws(ScenarioErrors) -> ScenarioSweep {
        var section = SweepSection()
        let base: ConfigDocument
        do {
            let root = try document.root.mapping()
            if let node = root.optional("sweep") { section = try SweepSection(node) }
            base = document.withRoot(document.root.removingKey("sweep"))
        } catch {
            throw ScenarioErrors([error])
        }
        for axis in extraAxes {
            section.axes.removeAll { $0.path == axis.path }
            section.axes.append(axis)
        }
        if let combination { section.combination = combination }
        let choices: [[Int]]
        do { choices = try Self.choices(section) } catch { throw ScenarioErrors([error]) }

        var variants: [SweepVariant] = []
        var problems = VariantProblems(total: choices.count)
        for (index, choice) in choices.enumerated() {
            let settings = zip(section.axes, choice).map { SweepSetting(path: $0.path.description, value: $0.labels[$1]) }
            do throws(ScenarioErrors) {
                let scenario = try Scenario.parse(try variantDocument(base, section.axes, choice), catalogue: catalogue)
                variants.append(SweepVariant(index: index, settings: settings, scenario: scenario))
            } catch {
                problems.add(error, variant: index, settings: settings)
            }
        }
        try problems.throwIfAny()
        return ScenarioSweep(path: document.file, section: section, variants: variants)
    }

    /// The base document with one value of every axis written in, in axis order (a later
    /// axis may change part of an earlier one's value).
    private static func variantDocument(
        _ base: ConfigDocument, _ axes: [SweepAxis], _ choice: [Int]
    ) throws(ScenarioErrors) -> ConfigDocument {
        var root = base.root
        for (axis, value) in zip(axes, choice) {
            do { root = try root.replacing(axis.path, with: axis.values[value], origin: axis.origin) } catch {
                throw ScenarioErrors([error])
            }
        }
        return base.withRoot(root)
    }

    /// For each variant, the index of its value on every axis.
    private static func choices(_ section: SweepSection) throws(ScenarioError) -> [[Int]] {
        let axes = section.axes
        guard let first = axes.first else { return [[]] }
        switch section.combination {
        case .zip:
            if let other = axes.first(where: { $0.count != first.count }) {
                throw ScenarioError(
                    file: other.origin.file, location: other.origin, keyPath: other.path.description,
                    message: "combine: zip pairs the i-th values of every axis, so every axis needs the same number of values; "
                        + "\(first.path) has \(first.count), \(other.path) has \(other.count)")
            }
            return (0..<first.count).map { index in axes.map { _ in index } }
        case .cross:
            var total = 1
            for axis in axes {
                total = total.multipliedReportingOverflow(by: axis.count).partialValue
                guard total <= maximumVariants else {
                    throw ScenarioError(
                        file: axis.origin.file, location: axis.origin, keyPath: axis.path.description,
                        message: "the axes give more than \(maximumVariants) variants; sweep fewer values or use combine: zip")
                }
            }
            return (0..<total).map { number in
                var rest = number
                return axes.reversed().map { axis in
                    defer { rest /= axis.count }
                    return rest % axis.count
                }.reversed()
            }
        }
    }
}

/// The problems of every variant, each reported once with the first variant it
/// occurred in (a mistake in the base scenario would otherwise repeat per variant).
private struct VariantProblems {
    let total: Int
    private var found: [(error: ScenarioError, variants: [Int], settings: [SweepSetting])] = []

    init(total: Int) { self.total = total }

    mutating func add(_ errors: ScenarioErrors, variant: Int, settings: [SweepSetting]) {
        for error in errors.errors {
            if let position = found.firstIndex(where: { $0.error == error }) {
                found[position].variants.append(variant)
            } else {
                found.append((error, [variant], settings))
            }
        }
    }

    func throwIfAny() throws(ScenarioErrors) {
        guard !found.isEmpty else { return }
        throw ScenarioErrors(found.map { problem in
            var error = problem.error
            guard !problem.settings.isEmpty else { return error }  // no sweep: the scenario's own errors
            let values = problem.settings.map { "\($0.path)=\($0.value)" }.joined(separator: ", ")
            let others = problem.variants.count > 1 ? " and \(problem.variants.count - 1) more" : ""
            error.message += " (in sweep variant \(problem.variants[0] + 1) of \(total)\(others): \(values))"
            return error
        })
    }
}

extension ConfigDocument {
    /// The same file with another root (a sweep variant's).
    func withRoot(_ root: ConfigNode) -> ConfigDocument {
        ConfigDocument(file: file, text: text, contentHash: contentHash, root: root)
    }
}

extension ConfigNode {
    /// A mapping without `key` (unchanged when it has none or is not a mapping).
    func removingKey(_ key: String) -> ConfigNode {
        guard case .mapping(let mapping) = content, mapping.keys.contains(key) else { return self }
        let kept = ConfigMapping(keyPath: mapping.keyPath, location: mapping.location, entries: mapping.entries.filter { $0.key != key })
        return ConfigNode(keyPath: keyPath, location: location, content: .mapping(kept))
    }
}
