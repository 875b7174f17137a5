/// Everything that can go wrong reading or writing a results store.
///
/// Each case carries the file path (and, for SQLite failures, the SQL being run) so a
/// message printed by the CLI is enough to locate the problem without a debugger.
public enum ResultsError: Error, Equatable, Sendable {
    /// An SQLite call returned an error code. `code` is the extended result code
    /// (see https://sqlite.org/rescode.html); `message` is SQLite's own text.
    case sqlite(code: Int32, message: String, path: String, sql: String?)
    /// The file exists but was not written by Orrery (or is not SQLite at all).
    case notAnOrreryStore(path: String, reason: String)
    /// The file was written by a newer (or unknown) schema than this build understands.
    case unsupportedSchemaVersion(path: String, found: Int64, supported: Int64)
    /// Creating directories or removing a previous file failed.
    case fileSystem(path: String, reason: String)
    /// The store was used out of order (for example a sample before ``ResultsStore/beginRun(_:)``)
    /// or given a value it cannot record.
    case misuse(path: String, reason: String)
    /// A row holds a value this schema does not allow (for example an unknown run status).
    case malformedRow(path: String, table: String, reason: String)
    /// The requested run id is not in the file.
    case runNotFound(path: String, runID: Int64)
}

extension ResultsError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .sqlite(code, message, path, sql):
            let statement = sql.map { " while running `\($0)`" } ?? ""
            return "SQLite error \(code) on \(path)\(statement): \(message)"
        case let .notAnOrreryStore(path, reason):
            return "\(path) is not an Orrery results file: \(reason)"
        case let .unsupportedSchemaVersion(path, found, supported):
            return "\(path) uses results schema version \(found); this build reads version \(supported)"
                + (found > supported ? " (written by a newer Orrery; upgrade to read it)" : "")
        case let .fileSystem(path, reason):
            return "cannot prepare \(path): \(reason)"
        case let .misuse(path, reason):
            return "results store \(path): \(reason)"
        case let .malformedRow(path, table, reason):
            return "\(path), table \(table): \(reason)"
        case let .runNotFound(path, runID):
            return "\(path) has no run with run_id \(runID)"
        }
    }
}
