import OrreryKernel

/// Calendar timestamps as job logs write them (`2020-06-09 18:41:01`, Acme's
/// `2023-03-01 00:18:22+08:00`, ISO `T` separators, fractional seconds), read into
/// seconds since the Unix epoch, UTC. A timestamp without an offset is taken as UTC:
/// only differences between a trace's timestamps matter, and every log uses one zone.
enum TraceTimestamp {
    /// Seconds since 1970-01-01 00:00:00 UTC, or nil if `text` is not such a timestamp.
    static func seconds(_ text: String) -> Double? {
        var scanner = Scanner(Array(text.utf8))
        guard let year = scanner.digits(4), scanner.skip("-"), let month = scanner.digits(2), scanner.skip("-"),
            let day = scanner.digits(2), scanner.skip(" ") || scanner.skip("T"),
            let hour = scanner.digits(2), scanner.skip(":"), let minute = scanner.digits(2), scanner.skip(":"),
            let second = scanner.digits(2),
            // Years a job log can hold and nanosecond time can count from 1970.
            (1900...2200).contains(year), (1...12).contains(month), (1...CivilDate.daysIn(month: Int64(month), year: Int64(year))).contains(Int64(day)), hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        if scanner.skip(".") {
            var scale = 0.1
            guard let first = scanner.digit() else { return nil }
            fraction = Double(first) * scale
            while let digit = scanner.digit() {
                scale /= 10
                fraction += Double(digit) * scale
            }
        }
        var offset = 0
        if scanner.skip("Z") {
            offset = 0
        } else if let sign = scanner.sign() {
            guard let hours = scanner.digits(2) else { return nil }
            _ = scanner.skip(":")  // +08:00 or +0800
            guard let minutes = scanner.digits(2), hours < 24, minutes < 60 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        }
        guard scanner.atEnd else { return nil }
        let days = Int(CivilDate.daysFromEpoch(year: Int64(year), month: Int64(month), day: Int64(day)))
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { position == bytes.count }

        mutating func skip(_ character: Character) -> Bool {
            guard position < bytes.count, let ascii = character.asciiValue, bytes[position] == ascii else { return false }
            position += 1
            return true
        }

        mutating func digit() -> Int? {
            guard position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) else { return nil }
            position += 1
            return Int(bytes[position - 1] - UInt8(ascii: "0"))
        }

        mutating func digits(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }

        mutating func sign() -> Int? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }
}

extension FieldReader {
    /// A calendar timestamp (``TraceTimestamp``), in seconds since the Unix epoch.
    func timestamp(_ position: Int, _ column: String) throws(TraceError) -> Double {
        let value = try text(position, column)
        guard let seconds = TraceTimestamp.seconds(value) else {
            throw error("field '\(column)': expected a timestamp such as 2020-06-09 18:41:01 (optionally with +08:00), found '\(value)'")
        }
        return seconds
    }
}
