import Foundation
import OrreryKernel

/// The Azure LLM inference trace 2023 (Azure/AzurePublicDataset, CC-BY-4.0):
/// `TIMESTAMP,ContextTokens,GeneratedTokens`, one request per row, timestamps as
/// `2023-11-16 18:15:46.6805900`. Arrivals are made relative to the earliest row.
public enum AzureLLMTrace {
    /// The header the file must start with.
    public static let header = "TIMESTAMP,ContextTokens,GeneratedTokens"

    /// Loads the trace at `path`.
    public static func load(path: String, badRows: BadRowPolicy = .fail) throws(TraceError) -> TraceLoad {
        try parse(try TraceText.read(path: path), file: path, badRows: badRows)
    }

    /// Parses trace text; `file` names it in errors. Blank lines are skipped.
    public static func parse(_ text: String, file: String) throws(TraceError) -> [ServingRequest] {
        try parse(text, file: file, badRows: .fail).requests
    }

    /// Parses trace text, failing on or skipping malformed rows; a wrong header always fails.
    public static func parse(_ text: String, file: String, badRows: BadRowPolicy) throws(TraceError) -> TraceLoad {
        let lines = TraceText.lines(text)
        guard let first = lines.first, first.text.trimmingCharacters(in: .whitespaces) == header else {
            throw TraceError(file: file, line: 1, message: "expected header \"\(header)\"")
        }
        var absolute: [(ns: Int64, prompt: Int, output: Int)] = []
        absolute.reserveCapacity(lines.count)
        var skipped = 0
        var firstSkipped: TraceError?
        for (number, line) in lines.dropFirst() where !line.allSatisfy(\.isWhitespace) {
            do throws(TraceError) {
                absolute.append(try row(line, file: file, number: number))
            } catch {
                guard badRows == .skip else { throw error }
                skipped += 1
                if firstSkipped == nil { firstSkipped = error }
            }
        }
        guard let origin = absolute.map(\.ns).min() else {
            return TraceLoad(requests: [], skippedRows: skipped, firstSkipped: firstSkipped)
        }
        let requests = absolute.enumerated().map { index, row in
            ServingRequest(
                id: index, arrival: SimTime(nanoseconds: row.ns - origin), promptTokens: row.prompt,
                outputTokens: row.output)
        }
        return TraceLoad(requests: requests, skippedRows: skipped, firstSkipped: firstSkipped)
    }

    /// One data row: absolute time and token counts.
    private static func row(_ line: Substring, file: String, number: Int) throws(TraceError) -> (ns: Int64, prompt: Int, output: Int) {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 3 else {
            throw TraceError(file: file, line: number, message: "expected 3 fields, got \(fields.count)")
        }
        guard let ns = CivilTime.nanoseconds(fields[0]) else {
            throw TraceError(
                file: file, line: number,
                message: "TIMESTAMP \"\(fields[0])\" is not of the form YYYY-MM-DD HH:MM:SS.fffffff")
        }
        let prompt = try TraceText.tokens(fields[1], name: "ContextTokens", file: file, line: number)
        let output = try TraceText.tokens(fields[2], name: "GeneratedTokens", file: file, line: number)
        return (ns, prompt, output)
    }
}
