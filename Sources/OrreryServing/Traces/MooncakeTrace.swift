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
    public static func load(path: String) throws(TraceError) -> [ServingRequest] {
        try parse(try TraceText.read(path: path), file: path)
    }

    /// Parses JSONL text; `file` names it in errors. Blank lines are skipped.
    public static func parse(_ text: String, file: String) throws(TraceError) -> [ServingRequest] {
        let decoder = JSONDecoder()
        var rows: [(ms: Double, prompt: Int, output: Int, hashes: [Int])] = []
        for (number, line) in TraceText.lines(text) where !line.allSatisfy(\.isWhitespace) {
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
            guard row.input_length >= 1 else {
                throw TraceError(file: file, line: number, message: "input_length must be ≥ 1, got \(row.input_length)")
            }
            guard row.output_length >= 1 else {
                throw TraceError(file: file, line: number, message: "output_length must be ≥ 1, got \(row.output_length)")
            }
            rows.append((row.timestamp, row.input_length, row.output_length, row.hash_ids ?? []))
        }
        guard let origin = rows.map(\.ms).min() else { return [] }
        return rows.enumerated().map { index, row in
            ServingRequest(
                id: index, arrival: .seconds((row.ms - origin) / 1000), promptTokens: row.prompt,
                outputTokens: row.output, prefixHashes: row.hashes)
        }
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
