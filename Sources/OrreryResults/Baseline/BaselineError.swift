/// Why a baseline file could not be read, written or built. Messages name the file and,
/// for JSON problems, the location inside it (a JSON-pointer-like path such as
/// `/metrics/jobs.jct.mean/relative`), so a CI failure points straight at the fix.
public enum BaselineError: Error, Equatable, Sendable {
    case fileNotFound(path: String)
    case unreadable(path: String, reason: String)
    /// Not valid JSON, or valid JSON of the wrong shape. `codingPath` is `/` for the whole file.
    case malformed(path: String, codingPath: String, reason: String)
    case unsupportedFormat(path: String, found: Int, supported: Int)
    /// A metric with a non-finite value or a negative or non-finite tolerance.
    /// `path` is `nil` when the baseline is being built rather than loaded.
    case invalidMetric(path: String?, metric: String, reason: String)
    case unwritable(path: String, reason: String)
}

extension BaselineError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .fileNotFound(path):
            "baseline \(path) does not exist"
        case let .unreadable(path, reason):
            "cannot read baseline \(path): \(reason)"
        case let .malformed(path, codingPath, reason):
            "baseline \(path) is malformed at \(codingPath): \(reason)"
        case let .unsupportedFormat(path, found, supported):
            "baseline \(path) has format \(found); this build reads format \(supported)"
        case let .invalidMetric(path, metric, reason):
            "baseline \(path.map { "\($0) " } ?? "")metric '\(metric)': \(reason)"
        case let .unwritable(path, reason):
            "cannot write baseline \(path): \(reason)"
        }
    }
}
