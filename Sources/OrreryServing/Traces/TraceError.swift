import Foundation

/// A trace row that cannot be read, with where it is: `file:line: message`.
public struct TraceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file (or label given for in-memory text).
    public var file: String
    /// 1-based line number; 0 when the problem is the whole file (unreadable, empty).
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// What a trace reader does with a row it cannot read.
public enum BadRowPolicy: String, Sendable, CaseIterable {
    /// Stop with a ``TraceError`` naming the file and line (the default).
    case fail
    /// Leave the row out and count it; the caller reports the count as a warning.
    case skip
}

/// The requests a trace reader produced, and the rows it skipped under ``BadRowPolicy/skip``.
public struct TraceLoad: Sendable {
    public var requests: [ServingRequest]
    /// Rows left out (always 0 under ``BadRowPolicy/fail``).
    public var skippedRows: Int
    /// The first skipped row's problem, for the warning.
    public var firstSkipped: TraceError?

    /// A one-line warning for skipped rows, or nil when none were.
    public var warning: String? {
        guard skippedRows > 0, let firstSkipped else { return nil }
        return "\(firstSkipped.file): skipped \(skippedRows) malformed row\(skippedRows == 1 ? "" : "s") (first, line \(firstSkipped.line): \(firstSkipped.message))"
    }
}

/// Shared helpers for line-oriented trace formats.
enum TraceText {
    /// Reads a whole file as UTF-8.
    static func read(path: String) throws(TraceError) -> String {
        // Foundation's messages for these are error numbers or misleading ("permission").
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw TraceError(file: path, line: 0, message: "it is a directory, not a trace file") }
            let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
            if type != .typeRegular { throw TraceError(file: path, line: 0, message: "it is not a regular file") }
        }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TraceError(file: path, line: 0, message: "cannot read file: \(error.localizedDescription)")
        }
    }

    /// The lines of `text` with their 1-based numbers. `\r\n` (one `Character` in Swift,
    /// so splitting on `"\n"` would miss it) and `\n` both end a line.
    static func lines(_ text: String) -> [(number: Int, text: Substring)] {
        var out: [(Int, Substring)] = []
        var number = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            out.append((number, raw))
        }
        return out
    }

    /// The rows of a CSV profile after its `header` (line 1, checked), blank lines left
    /// out, split into fields, with their 1-based line numbers.
    static func csvRows(_ text: String, header: String, file: String) throws(TraceError) -> [(number: Int, fields: [Substring])] {
        let lines = lines(text)
        guard let first = lines.first, first.text.trimmingCharacters(in: .whitespaces) == header else {
            throw TraceError(file: file, line: 1, message: "expected header \"\(header)\"")
        }
        return lines.dropFirst().filter { !$0.text.allSatisfy(\.isWhitespace) }.map {
            ($0.number, $0.text.split(separator: ",", omittingEmptySubsequences: false))
        }
    }

    /// A positive token count (at most ``ServingRequest/maximumTokens``), or an error naming the field.
    static func tokens(_ field: Substring, name: String, file: String, line: Int, minimum: Int = 1) throws(TraceError) -> Int {
        let trimmed = field.trimmingCharacters(in: .whitespaces)
        guard let value = Int(trimmed) else {
            throw TraceError(file: file, line: line, message: "\(name) \"\(trimmed)\" is not an integer")
        }
        guard value >= minimum else {
            throw TraceError(file: file, line: line, message: "\(name) must be ≥ \(minimum), got \(value)")
        }
        guard value <= ServingRequest.maximumTokens else {
            throw TraceError(file: file, line: line, message: "\(name) must be at most \(ServingRequest.maximumTokens), got \(value)")
        }
        return value
    }
}
