import Foundation
import OrreryKernel

/// Mooncake traces (kvcache-ai/Mooncake, FAST'25, Apache-2.0): JSON Lines with
/// `timestamp` (milliseconds), `input_length`, `output_length` and `hash_ids` (512-token
/// prefix-block hashes, which drive the replicas' prefix caches).
public enum MooncakeTrace {
    /// Tokens per `hash_ids` block (Mooncake's trace documentation: 512-token blocks).
    public static let hashBlockTokens = 512

    private struct Row: Decodable {
        var timestamp: Double
        var input_length: Int
        var output_length: Int
        var hash_ids: [Int]?
    }

    /// Loads the trace at `path`.
    public static func load(path: String, badRows: BadRowPolicy = .fail) throws(TraceError) -> TraceLoad {
        try parse(try TraceText.read(path: path), file: path, badRows: badRows)
    }

    /// Parses JSONL text; `file` names it in errors. Blank lines are skipped.
    public static func parse(_ text: String, file: String) throws(TraceError) -> [ServingRequest] {
        try parse(text, file: file, badRows: .fail).requests
    }

    /// Parses JSONL text, failing on or skipping malformed rows.
    public static func parse(_ text: String, file: String, badRows: BadRowPolicy) throws(TraceError) -> TraceLoad {
        let decoder = JSONDecoder()
        var rows: [Row] = []
        var skipped = 0
        var firstSkipped: TraceError?
        for (number, line) in TraceText.lines(text) where !line.allSatisfy(\.isWhitespace) {
            do throws(TraceError) {
                rows.append(try row(line, decoder: decoder, file: file, number: number))
            } catch {
                guard badRows == .skip else { throw error }
                skipped += 1
                if firstSkipped == nil { firstSkipped = error }
            }
        }
        guard let origin = rows.map(\.timestamp).min() else {
            return TraceLoad(requests: [], skippedRows: skipped, firstSkipped: firstSkipped)
        }
        let requests = rows.enumerated().map { index, row in
            ServingRequest(
                id: index, arrival: .seconds((row.timestamp - origin) / 1000), promptTokens: row.input_length,
                outputTokens: row.output_length, prefixHashes: row.hash_ids ?? [])
        }
        return TraceLoad(requests: requests, skippedRows: skipped, firstSkipped: firstSkipped)
    }

    /// One decoded, checked row.
    private static func row(_ line: Substring, decoder: JSONDecoder, file: String, number: Int) throws(TraceError) -> Row {
        let row: Row
        do {
            row = try decoder.decode(Row.self, from: Data(line.utf8))
        } catch let error as DecodingError {
            throw TraceError(file: file, line: number, message: describe(error))
        } catch {
            throw TraceError(file: file, line: number, message: "not a JSON object")
        }
        guard row.timestamp.isFinite, row.timestamp >= 0 else {
            throw TraceError(file: file, line: number, message: "timestamp must be a finite number ≥ 0 (ms)")
        }
        let limit = ServingRequest.maximumTokens
        guard (1...limit).contains(row.input_length) else {
            throw TraceError(file: file, line: number, message: "input_length must be from 1 to \(limit), got \(row.input_length)")
        }
        guard (1...limit).contains(row.output_length) else {
            throw TraceError(file: file, line: number, message: "output_length must be from 1 to \(limit), got \(row.output_length)")
        }
        return row
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing field \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        case .dataCorrupted: "not valid JSON"
        @unknown default: "not a valid trace row"
        }
    }
}
