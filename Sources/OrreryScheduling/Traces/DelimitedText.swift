import OrreryKernel

/// Lines of a delimiter-separated trace, split on bytes (traces run to millions of lines;
/// none of the supported formats quotes its fields). Blank lines are skipped; line
/// numbers are 1-based positions in the file.
struct DelimitedText {
    struct Record {
        var line: Int
        var fields: [Substring]
    }

    var records: [Record] = []

    init(_ text: String, separator: Character) {
        let separatorByte = separator.asciiValue ?? UInt8(ascii: ",")
        var text = text
        // Field boundaries as byte offsets, found in one pass over contiguous bytes (the
        // generic `split` over a UTF-8 view cost ~25,000 instructions a Gavel line):
        // per record its line number and where its fields start in `bounds`, which holds
        // each field's start and end.
        var lines: [(line: Int, first: Int)] = []
        var bounds: [Int] = []
        text.withUTF8 { bytes in
            var lineStart = 0, lineNumber = 0
            while lineStart <= bytes.count {
                lineNumber += 1
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                var end = lineEnd
                if end > lineStart && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                if (lineStart..<end).contains(where: { bytes[$0] != 0x20 && bytes[$0] != 0x09 }) {
                    lines.append((lineNumber, bounds.count))
                    var fieldStart = lineStart
                    for position in lineStart..<end where bytes[position] == separatorByte {
                        bounds += [fieldStart, position]
                        fieldStart = position + 1
                    }
                    bounds += [fieldStart, end]
                }
                lineStart = lineEnd + 1
            }
        }
        let utf8 = text.utf8
        func field(_ at: Int) -> Substring {
            text[utf8.index(utf8.startIndex, offsetBy: bounds[at])..<utf8.index(utf8.startIndex, offsetBy: bounds[at + 1])]
        }
        records.reserveCapacity(lines.count)
        for (number, (line, first)) in lines.enumerated() {
            let last = number + 1 < lines.count ? lines[number + 1].first : bounds.count
            records.append(Record(line: line, fields: stride(from: first, to: last, by: 2).map(field)))
        }
    }
}

/// A CSV header's column positions, for formats whose columns are named.
struct CSVHeader {
    let file: String
    let line: Int
    let names: [String]
    private var positions: [String: Int] = [:]

    /// Fails naming every required column the header lacks.
    init(_ record: DelimitedText.Record, file: String, required: [String]) throws(TraceError) {
        self.file = file
        line = record.line
        names = record.fields.map { $0.trimmingBlanks().lowercased() }
        for (position, name) in names.enumerated() where positions[name] == nil {
            positions[name] = position
        }
        let missing = required.filter { positions[$0] == nil }
        guard missing.isEmpty else {
            throw TraceError(
                file: file, line: record.line,
                message: "missing column\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0)'" }.joined(separator: ", ")) in the header (found: \(names.joined(separator: ",")))")
        }
    }

    func position(_ name: String) -> Int? { positions[name] }

    /// The position of a column the header was checked to have (`required`).
    func column(_ name: String) -> Int { positions[name] ?? 0 }

    /// Reads a comma-separated trace whose first line is a header naming at least
    /// `required`: calls `row` for each record that has as many fields as the header
    /// (others are malformed). A malformed row stops the import or, with `skipBadRows`,
    /// is counted. `expected` describes the header for an empty file.
    static func rows(
        of text: String, file: String, required: [String], expected: String, skipBadRows: Bool,
        _ row: (_ fields: FieldReader, _ header: CSVHeader, _ trace: inout ImportedTrace) throws(TraceError) -> Void
    ) throws(TraceError) -> ImportedTrace {
        var records = DelimitedText(text, separator: ",").records[...]
        guard let first = records.popFirst() else {
            throw TraceError(file: file, message: "the trace is empty: expected a header '\(expected)'")
        }
        let header = try CSVHeader(first, file: file, required: required)
        var trace = ImportedTrace()
        for record in records {
            do throws(TraceError) {
                let fields = FieldReader(file: file, record: record)
                guard record.fields.count == header.names.count else {
                    throw fields.error("expected \(header.names.count) fields, found \(record.fields.count)")
                }
                try row(fields, header, &trace)
            } catch {
                try trace.badRow(error, skip: skipBadRows)
            }
        }
        return trace
    }
}

/// Field readers that fail with the file, line and column at fault.
struct FieldReader {
    let file: String
    let record: DelimitedText.Record

    func error(_ message: String) -> TraceError {
        TraceError(file: file, line: record.line, message: message)
    }

    func text(_ position: Int, _ column: String) throws(TraceError) -> String {
        guard position < record.fields.count else {
            throw error("missing field '\(column)' (found \(record.fields.count) fields)")
        }
        return record.fields[position].trimmingBlanks()
    }

    /// A finite number ≥ `minimum` and below 9.2e9 (seconds that fit ``SimTime``).
    func number(_ position: Int, _ column: String, minimum: Double = 0) throws(TraceError) -> Double {
        let value = try text(position, column)
        guard let number = Double(value), number.isFinite, number >= minimum, number < 9.2e9 else {
            throw error("field '\(column)': expected a number from \(Self.format(minimum)) to 9.2e9, found '\(value)'")
        }
        return number
    }

    /// A whole number in `range`.
    func integer(_ position: Int, _ column: String, in range: ClosedRange<Int>) throws(TraceError) -> Int {
        let value = try text(position, column)
        guard let number = Int(value), range.contains(number) else {
            throw error("field '\(column)': expected a whole number from \(range.lowerBound) to \(range.upperBound), found '\(value)'")
        }
        return number
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(value)
    }
}

/// The largest gang a trace row may ask for: beyond any real cluster, small enough that
/// arithmetic on it cannot overflow.
let maxTraceGPUs = 1_000_000

extension Substring {
    /// Without leading and trailing spaces and tabs.
    func trimmingBlanks() -> String {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        guard let first = utf8.firstIndex(where: { !blank($0) }), let last = utf8.lastIndex(where: { !blank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

extension SimTime {
    /// A duration of at least one second: traces give whole seconds, and a zero-length
    /// job would finish before it is seen to run.
    static func traceDuration(seconds: Double) -> SimTime {
        .seconds(Swift.max(seconds, 1))
    }
}
