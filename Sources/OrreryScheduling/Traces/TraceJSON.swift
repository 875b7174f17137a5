/// A small JSON reader that remembers the line every value starts on, so that trace
/// errors can name `file:line` (Foundation's parser reports neither). It reads the whole
/// of RFC 8259 except that numbers are kept as their text (callers convert what they use).
indirect enum TraceJSON {
    case object([(key: String, value: TraceJSON, line: Int)], line: Int)
    case array([TraceJSON], line: Int)
    case string(String, line: Int)
    case number(String, line: Int)
    case bool(Bool, line: Int)
    case null(line: Int)

    var line: Int {
        switch self {
        case .object(_, let line), .array(_, let line), .string(_, let line), .number(_, let line), .bool(_, let line):
            return line
        case .null(let line): return line
        }
    }

    /// The member `key` of an object (nil if absent or not an object).
    subscript(key: String) -> TraceJSON? {
        guard case .object(let members, _) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// What the value is, for error messages.
    var kind: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "true/false"
        case .null: return "null"
        }
    }

    /// Parses `text`; a syntax error names the line.
    static func parse(_ text: String, file: String) throws(TraceError) -> TraceJSON {
        var parser = Parser(bytes: Array(text.utf8), file: file)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.position == parser.bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        let file: String
        var position = 0
        var line = 1

        init(bytes: [UInt8], file: String) {
            self.bytes = bytes
            self.file = file
        }

        func error(_ message: String) -> TraceError {
            TraceError(file: file, line: line, message: "invalid JSON: \(message)")
        }

        mutating func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\n"): line += 1
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
                default: return
                }
                position += 1
            }
        }

        mutating func expect(_ byte: UInt8) throws(TraceError) {
            skipSpace()
            guard position < bytes.count, bytes[position] == byte else {
                throw error("expected '\(Character(UnicodeScalar(byte)))'")
            }
            position += 1
        }

        mutating func value(depth: Int) throws(TraceError) -> TraceJSON {
            guard depth < 64 else { throw error("nested deeper than 64 levels") }
            skipSpace()
            guard position < bytes.count else { throw error("unexpected end of file") }
            let start = line
            switch bytes[position] {
            case UInt8(ascii: "{"):
                position += 1
                var members: [(key: String, value: TraceJSON, line: Int)] = []
                skipSpace()
                if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    return .object(members, line: start)
                }
                while true {
                    skipSpace()
                    let keyLine = line
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
                    let key = try string()
                    try expect(UInt8(ascii: ":"))
                    members.append((key, try value(depth: depth + 1), keyLine))
                    skipSpace()
                    guard position < bytes.count else { throw error("unexpected end of file in an object") }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members, line: start) }
                    throw error("expected ',' or '}' in an object")
                }
            case UInt8(ascii: "["):
                position += 1
                var elements: [TraceJSON] = []
                skipSpace()
                if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return .array(elements, line: start)
                }
                while true {
                    elements.append(try value(depth: depth + 1))
                    skipSpace()
                    guard position < bytes.count else { throw error("unexpected end of file in an array") }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements, line: start) }
                    throw error("expected ',' or ']' in an array")
                }
            case UInt8(ascii: "\""):
                return .string(try string(), line: start)
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true, line: start)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false, line: start)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null(line: start)
            default:
                return .number(try number(), line: start)
            }
        }

        mutating func literal(_ word: String) throws(TraceError) {
            let expected = Array(word.utf8)
            guard position + expected.count <= bytes.count, Array(bytes[position..<position + expected.count]) == expected else {
                throw error("unexpected character")
            }
            position += expected.count
        }

        mutating func number() throws(TraceError) -> String {
            let start = position
            while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            guard !text.isEmpty, Double(text) != nil else { throw error("unexpected character") }
            return text
        }

        /// A string starting at the opening quote.
        mutating func string() throws(TraceError) -> String {
            position += 1
            var run = position
            var pending: [UInt8] = []
            func flush() { pending.append(contentsOf: bytes[run..<position]) }
            while true {
                guard position < bytes.count else { throw error("unterminated string") }
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    flush()
                    position += 1
                    return String(decoding: pending, as: UTF8.self)
                }
                if byte == UInt8(ascii: "\n") { throw error("line break inside a string") }
                guard byte == UInt8(ascii: "\\") else { position += 1; continue }
                flush()
                position += 1
                guard position < bytes.count else { throw error("unterminated string") }
                let escaped: UInt8
                switch bytes[position] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): escaped = bytes[position]
                case UInt8(ascii: "n"): escaped = UInt8(ascii: "\n")
                case UInt8(ascii: "t"): escaped = UInt8(ascii: "\t")
                case UInt8(ascii: "r"): escaped = UInt8(ascii: "\r")
                case UInt8(ascii: "b"): escaped = 8
                case UInt8(ascii: "f"): escaped = 12
                case UInt8(ascii: "u"):
                    guard position + 4 < bytes.count,
                        let code = UInt32(String(decoding: bytes[(position + 1)...(position + 4)], as: UTF8.self), radix: 16)
                    else { throw error("bad \\u escape") }
                    pending.append(contentsOf: Array(String(UnicodeScalar(code).map(Character.init) ?? "\u{FFFD}").utf8))
                    position += 5
                    run = position
                    continue
                default: throw error("bad escape in a string")
                }
                pending.append(escaped)
                position += 1
                run = position
            }
        }
    }
}
