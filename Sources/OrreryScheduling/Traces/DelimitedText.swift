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
        for (offset, raw) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if line.utf8.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard line.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            let fields = line.utf8.split(separator: separatorByte, omittingEmptySubsequences: false).map { Substring($0) }
            records.append(Record(line: offset + 1, fields: fields))
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
