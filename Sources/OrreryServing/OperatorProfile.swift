import OrreryKernel

/// The per-operator timing backend (after Vidur, Agrawal et al., MLSys'24): measured
/// times of one transformer layer's operators, so that an iteration's time follows its
/// batch's composition and context lengths, not only its size.
///
/// The file is CSV with the header `operator,tokens,context,time_ms`, times per layer in
/// milliseconds, one row per measured point, each operator's rows a full grid over its
/// `tokens` and `context` values (any order):
///
/// - `linear`: the layer's matrix multiplies (QKV, output projection, MLP) for `tokens`
///   tokens through the weights; `context` is 0.
/// - `attention_prefill`: attention of a prompt chunk of `tokens` tokens after `context`
///   tokens already cached (one sequence).
/// - `attention_decode`: attention of a batch of `tokens` decoding sequences whose mean
///   context is `context` tokens.
///
/// An iteration of `T` tokens through the weights, `k` prefill chunks of `N` tokens in
/// all after `S` cached ones, and `B` decodes of total context `C` costs
///
///     t = L · ( linear(T) · m + k · prefill(N/k, S/k) + decode(B, C/B) )
///         + TP all-reduce + stage sends + host overhead      (from the analytic model)
///
/// where `m` scales the layers' matmuls to the whole model (the LM head:
/// matmul parameters / (L × a layer's)). Chunks of one iteration are taken as equal
/// (mean length and context), as Vidur aggregates batched prefill attention. Between
/// grid points times are bilinear, beyond them they extend the last segment.
public struct OperatorProfile: Sendable, Equatable {
    public static let header = "operator,tokens,context,time_ms"
    public static let operators = ["linear", "attention_prefill", "attention_decode"]

    /// Seconds per layer, by (tokens, context).
    let linear: ProfileGrid
    let attentionPrefill: ProfileGrid
    let attentionDecode: ProfileGrid

    public static func load(path: String) throws(TraceError) -> OperatorProfile {
        try parse(try TraceText.read(path: path), file: path)
    }

    /// Parses profile text; `file` names it in errors. Blank lines are skipped.
    public static func parse(_ text: String, file: String) throws(TraceError) -> OperatorProfile {
        var points = Array(repeating: [Int: (line: Int, value: Double)](), count: operators.count)
        var keys = Array(repeating: [Int](), count: operators.count)
        for (number, fields) in try TraceText.csvRows(text, header: header, file: file) {
            guard fields.count == 4 else {
                throw TraceError(file: file, line: number, message: "expected 4 fields, got \(fields.count)")
            }
            let name = fields[0].trimmingCharacters(in: .whitespaces)
            guard let op = operators.firstIndex(of: name) else {
                throw TraceError(
                    file: file, line: number,
                    message: "unknown operator \"\(name)\" (expected \(operators.joined(separator: ", ")))")
            }
            let tokens = try TraceText.tokens(fields[1], name: "tokens", file: file, line: number, minimum: 1)
            let context = try TraceText.tokens(fields[2], name: "context", file: file, line: number, minimum: 0)
            let timeText = fields[3].trimmingCharacters(in: .whitespaces)
            guard let ms = Double(timeText), ms.isFinite, ms >= 0 else {
                throw TraceError(file: file, line: number, message: "time_ms \"\(timeText)\" is not a number ≥ 0")
            }
            guard tokens <= 1 << 31, context <= 1 << 31 else {
                throw TraceError(file: file, line: number, message: "tokens or context beyond 2^31")
            }
            if op == 0, context != 0 {
                throw TraceError(file: file, line: number, message: "linear rows take context 0, got \(context)")
            }
            let key = ProfileGrid.key(tokens, context)
            if let earlier = points[op][key] {
                throw TraceError(
                    file: file, line: number,
                    message: "duplicate \(name) point (\(tokens) tokens, context \(context)), first given on line \(earlier.line)")
            }
            points[op][key] = (number, ms / 1000)
            keys[op].append(key)
        }
        var grids: [ProfileGrid] = []
        for op in operators.indices {
            guard !keys[op].isEmpty else {
                throw TraceError(file: file, line: 0, message: "no \(operators[op]) rows (every operator needs a profile)")
            }
            grids.append(try ProfileGrid.complete(points[op], keys: keys[op], file: file) { t, c in
                "\(operators[op]) at \(t) tokens, context \(c) (each operator's tokens and context values form a full grid)"
            })
        }
        return OperatorProfile(linear: grids[0], attentionPrefill: grids[1], attentionDecode: grids[2])
    }

    /// Seconds of one layer's operators for `work`, with `linearScale` applied to the
    /// matmuls (the LM head's share).
    func layerSeconds(_ work: IterationWork, linearScale: Double) -> Double {
        var seconds = linear.value(row: Double(work.tokens), column: 0) * linearScale
        if work.prefillSequences > 0 {
            let k = Double(work.prefillSequences)
            seconds += k * attentionPrefill.value(
                row: Double(work.prefillTokens) / k, column: Double(work.prefillCachedTokensRead) / k)
        }
        if work.decodeSequences > 0 {
            let b = Double(work.decodeSequences)
            seconds += attentionDecode.value(row: b, column: Double(work.decodeContextTokens) / b)
        }
        return seconds
    }
}
