import Foundation

extension Baseline {
    /// Reads and validates a baseline file. Checks the format version before the rest of
    /// the shape, so a file from a newer Orrery says so instead of reporting a missing key.
    public static func load(path: String) throws -> Baseline {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BaselineError.fileNotFound(path: path)
        }
        if isDirectory.boolValue { throw BaselineError.unreadable(path: path, reason: "it is a directory; give a .json file path") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw BaselineError.unreadable(path: path, reason: error.localizedDescription)
        }
        return try decode(data, path: path)
    }

    /// Parses baseline JSON; `path` only names the source in errors.
    public static func decode(_ data: Data, path: String) throws -> Baseline {
        let format = try decode(FormatProbe.self, from: data, path: path).format
        guard format == currentFormat else {
            throw BaselineError.unsupportedFormat(path: path, found: format, supported: currentFormat)
        }
        let baseline = try decode(Baseline.self, from: data, path: path)
        try baseline.validate(path: path)
        return baseline
    }

    /// Writes the baseline to `path` (atomically), creating parent directories. The file is
    /// pretty-printed JSON with sorted keys and a final newline, so the same baseline always
    /// produces the same bytes and diffs of a re-recorded baseline stay small.
    public func write(to path: String) throws {
        try validate(path: path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            // Foundation's own message for this is "NSCocoaErrorDomain error 512".
            throw BaselineError.unwritable(path: path, reason: "it is a directory; give a .json file path")
        }
        do {
            let data = try encoder.encode(self) + Data("\n".utf8)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw BaselineError.unwritable(path: path, reason: error.localizedDescription)
        }
    }

    /// Just the version field, read before anything else.
    private struct FormatProbe: Decodable {
        var format: Int
    }

    private static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            let (codingPath, reason) = describe(error)
            throw BaselineError.malformed(path: path, codingPath: codingPath, reason: reason)
        } catch {
            throw BaselineError.malformed(path: path, codingPath: "/", reason: "\(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> (codingPath: String, reason: String) {
        switch error {
        case let .keyNotFound(key, context):
            return (pointer(context.codingPath + [key]), "missing key '\(key.stringValue)'")
        case let .typeMismatch(type, context):
            return (pointer(context.codingPath), "expected \(type): \(context.debugDescription)")
        case let .valueNotFound(type, context):
            return (pointer(context.codingPath), "expected \(type), found null: \(context.debugDescription)")
        case let .dataCorrupted(context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return (pointer(context.codingPath), context.debugDescription + underlying)
        @unknown default:
            return ("/", "\(error)")
        }
    }

    /// `/metrics/jobs.jct.mean/relative`: metric names contain dots, so dots cannot separate.
    private static func pointer(_ codingPath: [any CodingKey]) -> String {
        "/" + codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/")
    }
}
