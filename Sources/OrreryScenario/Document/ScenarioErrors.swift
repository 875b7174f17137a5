/// Several scenario problems reported together, so one run shows everything to fix
/// instead of one error per attempt.
///
/// Typical use in a validator:
/// ```swift
/// var problems = ScenarioErrors()
/// let count = problems.collect { try group.required("count").int(in: 1...100_000) }
/// let gpu = problems.collect { try group.required("gpu").string() }
/// try problems.throwIfAny()
/// ```
public struct ScenarioErrors: Error, CustomStringConvertible, Equatable, Sendable {
    /// The problems in the order they were found.
    public private(set) var errors: [ScenarioError]

    public init(_ errors: [ScenarioError] = []) { self.errors = errors }

    public var isEmpty: Bool { errors.isEmpty }

    public mutating func append(_ error: ScenarioError) { errors.append(error) }

    public mutating func append(contentsOf other: ScenarioErrors) { errors += other.errors }

    /// Runs `body`, keeping its error if it throws: the result, or nil after a problem.
    public mutating func collect<T>(_ body: () throws(ScenarioError) -> T) -> T? {
        do {
            return try body()
        } catch {
            errors.append(error)
            return nil
        }
    }

    /// Throws `self` when any problem was collected.
    public func throwIfAny() throws(ScenarioErrors) {
        if !errors.isEmpty { throw self }
    }

    /// One problem per line, then a count when there are several.
    public var description: String {
        let lines = errors.map(\.description)
        return lines.count > 1 ? (lines + ["\(lines.count) problems"]).joined(separator: "\n") : lines.joined()
    }
}
