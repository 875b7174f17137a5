/// A trace that cannot be imported: the file, the 1-based line when one is to blame, and
/// what is wrong, so the user can open the file at that line.
public struct TraceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}

/// Where an imported job came from.
public struct TraceLocation: Sendable, Equatable {
    public var file: String
    public var line: Int
}

/// Jobs read from a trace in the canonical ``JobSpec`` form, in trace order.
public struct ImportedTrace: Sendable {
    public var jobs: [JobSpec] = []
    /// Parallel to `jobs`.
    public var locations: [TraceLocation] = []
    /// Rows left out on purpose (not errors), by reason, in first-seen order.
    public var skipped: [(reason: String, count: Int)] = []

    /// Malformed rows skipped because the import was asked to (`--skip-bad-rows`), in
    /// file order; empty otherwise (a malformed row is then an error).
    public var badRows: [TraceError] = []

    public init() {}

    /// Records a malformed row when skipping, else throws its error.
    mutating func badRow(_ error: TraceError, skip: Bool) throws(TraceError) {
        guard skip else { throw error }
        badRows.append(error)
    }

    /// The warning to print when rows were skipped: how many, and the first one.
    public var badRowWarning: String? {
        badRows.first.map { "warning: skipped \(badRows.count) malformed row\(badRows.count == 1 ? "" : "s"), first: \($0)" }
    }

    mutating func append(_ job: JobSpec, file: String, line: Int) {
        jobs.append(job)
        locations.append(TraceLocation(file: file, line: line))
    }

    mutating func skip(_ reason: String) {
        if let index = skipped.firstIndex(where: { $0.reason == reason }) {
            skipped[index].count += 1
        } else {
            skipped.append((reason, 1))
        }
    }

    mutating func merge(_ other: ImportedTrace) {
        jobs += other.jobs
        badRows += other.badRows
        locations += other.locations
        for (reason, count) in other.skipped {
            if let index = skipped.firstIndex(where: { $0.reason == reason }) {
                skipped[index].count += count
            } else {
                skipped.append((reason, count))
            }
        }
    }
}
