import OrreryKernel

/// Parses `YYYY-MM-DD HH:MM:SS[.fffffff]` (the Azure trace's timestamps, UTC, no zone)
/// into nanoseconds since 1970-01-01, without Foundation's locale-dependent formatters.
enum CivilTime {
    /// Nanoseconds since the epoch, or nil if `text` is not of that form.
    static func nanoseconds(_ text: Substring) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for i in range {
                let b = bytes[i]
                guard b >= 48, b <= 57 else { return nil }
                value = value * 10 + Int64(b - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction: Int64 = 0
        if bytes.count > 19 {
            guard bytes[19] == UInt8(ascii: "."), bytes.count > 20, bytes.count <= 29,
                let digits = number(20..<bytes.count)
            else { return nil }
            var scale: Int64 = 1
            for _ in 0..<(9 - (bytes.count - 20)) { scale *= 10 }
            fraction = digits * scale
        }
        let days = CivilDate.daysFromEpoch(year: year, month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000_000_000 + second * 1_000_000_000 + fraction
    }
}
