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

    /// Grid axes, ascending.
    public let prefillTokens: [Int]
    public let decodeSequences: [Int]
    /// Seconds, row-major: `seconds[p * decodeSequences.count + d]`.
    private let seconds: [Double]

    /// Loads the table at `path`.
    public static func load(path: String) throws(TraceError) -> IterationTimeTable {
        try parse(try TraceText.read(path: path), file: path)
    }

    /// Parses table text; `file` names it in errors. Blank lines are skipped.
    public static func parse(_ text: String, file: String) throws(TraceError) -> IterationTimeTable {
        let lines = TraceText.lines(text)
        guard let first = lines.first, first.text.trimmingCharacters(in: .whitespaces) == header else {
            throw TraceError(file: file, line: 1, message: "expected header \"\(header)\"")
        }
        var points: [Int: (line: Int, prefill: Int, decode: Int, seconds: Double)] = [:]
        var keys: [Int] = []
        for (number, line) in lines.dropFirst() where !line.allSatisfy(\.isWhitespace) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
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
            let key = prefill << 32 | decode
            if let earlier = points[key] {
                throw TraceError(
                    file: file, line: number,
                    message: "duplicate shape (\(prefill) prefill tokens, \(decode) decodes), first given on line \(earlier.line)")
            }
            points[key] = (number, prefill, decode, ms / 1000)
            keys.append(key)
        }
        guard !keys.isEmpty else { throw TraceError(file: file, line: 0, message: "the table has no rows") }
        let prefillAxis = Set(keys.map { $0 >> 32 }).sorted()
        let decodeAxis = Set(keys.map { $0 & 0xFFFF_FFFF }).sorted()
        var seconds: [Double] = []
        seconds.reserveCapacity(prefillAxis.count * decodeAxis.count)
        for p in prefillAxis {
            for d in decodeAxis {
                guard let point = points[p << 32 | d] else {
                    throw TraceError(
                        file: file, line: 0,
                        message: "not a full grid: no row for \(p) prefill tokens with \(d) decodes (every prefill_tokens value needs every decode_sequences value)")
                }
                seconds.append(point.seconds)
            }
        }
        return IterationTimeTable(prefillTokens: prefillAxis, decodeSequences: decodeAxis, seconds: seconds)
    }

    private init(prefillTokens: [Int], decodeSequences: [Int], seconds: [Double]) {
        self.prefillTokens = prefillTokens
        self.decodeSequences = decodeSequences
        self.seconds = seconds
    }

    /// Interpolated seconds for a batch of `prefill` prompt tokens and `decode` decodes.
    public func seconds(prefill: Int, decode: Int) -> Double {
        let (p0, p1, pw) = Self.bracket(prefillTokens, Double(prefill))
        let (d0, d1, dw) = Self.bracket(decodeSequences, Double(decode))
        let n = decodeSequences.count
        let low = seconds[p0 * n + d0] + (seconds[p0 * n + d1] - seconds[p0 * n + d0]) * dw
        let high = seconds[p1 * n + d0] + (seconds[p1 * n + d1] - seconds[p1 * n + d0]) * dw
        return Swift.max(low + (high - low) * pw, 0)
    }

    /// Duration of the iteration doing `work` (zero for empty work).
    public func time(_ work: IterationWork) -> SimTime {
        guard !work.isEmpty else { return .zero }
        return .seconds(seconds(prefill: work.prefillTokens, decode: work.decodeSequences))
    }

    /// The grid indices around `x` and its weight between them: clamped below the axis,
    /// extrapolated along the last segment above it, exact on a one-point axis.
    private static func bracket(_ axis: [Int], _ x: Double) -> (Int, Int, Double) {
        let last = axis.count - 1
        guard last > 0 else { return (0, 0, 0) }
        if x <= Double(axis[0]) { return (0, 0, 0) }
        var low = 0, high = last
        if x >= Double(axis[last]) {
            low = last - 1
        } else {
            while high - low > 1 {
                let mid = (low + high) / 2
                if Double(axis[mid]) <= x { low = mid } else { high = mid }
            }
        }
        high = low + 1
        return (low, high, (x - Double(axis[low])) / Double(axis[high] - axis[low]))
    }
}
