import OrreryKernel

/// The table-driven iteration-time backend: measured step times on a grid of batch
/// shapes, interpolated, so users with profiles of their own engine get its timing
/// instead of the roofline's.
///
/// The file is CSV with the header `prefill_tokens,decode_sequences,time_ms`: one row
/// per measured shape (prompt tokens processed in the iteration, sequences decoding one
/// token, and the iteration's wall time in milliseconds). The rows must cover a full grid
/// — every prefill value with every decode value — in any order. Between grid points the
/// time is bilinear; beyond the largest point of an axis it extends the last segment's
/// slope (batches larger than profiled cost proportionally more); below the smallest it
/// holds the edge value. Decode context length is not an input: the profile's own
/// context mix is baked into its times (a limitation worth knowing for long contexts).
public struct IterationTimeTable: Sendable, Equatable {
    /// The header the file must start with.
    public static let header = "prefill_tokens,decode_sequences,time_ms"

    /// Seconds by (prefill tokens, decode sequences).
    private let grid: ProfileGrid

    /// Grid axes, ascending.
    public var prefillTokens: [Int] { grid.rows }
    public var decodeSequences: [Int] { grid.columns }

    /// Loads the table at `path`.
    public static func load(path: String) throws(TraceError) -> IterationTimeTable {
        try parse(try TraceText.read(path: path), file: path)
    }

    /// Parses table text; `file` names it in errors. Blank lines are skipped.
    public static func parse(_ text: String, file: String) throws(TraceError) -> IterationTimeTable {
        var points: [Int: (line: Int, value: Double)] = [:]
        var keys: [Int] = []
        for (number, fields) in try TraceText.csvRows(text, header: header, file: file) {
            guard fields.count == 3 else {
                throw TraceError(file: file, line: number, message: "expected 3 fields, got \(fields.count)")
            }
            let prefill = try TraceText.tokens(fields[0], name: "prefill_tokens", file: file, line: number, minimum: 0)
            let decode = try TraceText.tokens(fields[1], name: "decode_sequences", file: file, line: number, minimum: 0)
            let timeText = fields[2].trimmingCharacters(in: .whitespaces)
            guard let ms = Double(timeText), ms.isFinite, ms > 0 else {
                throw TraceError(file: file, line: number, message: "time_ms \"\(timeText)\" is not a number > 0")
            }
            guard prefill + decode > 0 else {
                throw TraceError(file: file, line: number, message: "an empty batch (0 prefill tokens, 0 decodes) has no time")
            }
            guard prefill <= 1 << 31, decode <= 1 << 31 else {
                throw TraceError(file: file, line: number, message: "batch shape beyond 2^31 tokens")
            }
            let key = ProfileGrid.key(prefill, decode)
            if let earlier = points[key] {
                throw TraceError(
                    file: file, line: number,
                    message: "duplicate shape (\(prefill) prefill tokens, \(decode) decodes), first given on line \(earlier.line)")
            }
            points[key] = (number, ms / 1000)
            keys.append(key)
        }
        guard !keys.isEmpty else { throw TraceError(file: file, line: 0, message: "the table has no rows") }
        let grid = try ProfileGrid.complete(points, keys: keys, file: file) { p, d in
            "\(p) prefill tokens with \(d) decodes (every prefill_tokens value needs every decode_sequences value)"
        }
        return IterationTimeTable(grid: grid)
    }

    private init(grid: ProfileGrid) { self.grid = grid }

    /// Interpolated seconds for a batch of `prefill` prompt tokens and `decode` decodes.
    public func seconds(prefill: Int, decode: Int) -> Double {
        grid.value(row: Double(prefill), column: Double(decode))
    }

    /// Duration of the iteration doing `work` (zero for empty work).
    public func time(_ work: IterationWork) -> SimTime {
        guard !work.isEmpty else { return .zero }
        return .seconds(seconds(prefill: work.prefillTokens, decode: work.decodeSequences))
    }
}
