import Foundation

/// One SQLite value with its storage class (https://sqlite.org/datatype3.html).
public enum SQLiteValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLiteValue: CustomStringConvertible {
    /// An SQL-literal rendering: `NULL`, `42`, `1.5`, `'it''s'`, `X'00ff'`. Unambiguous
    /// (the text `'NULL'` differs from `NULL`) and stable across runs and machines, so
    /// table dumps can be compared byte for byte. Reals use Swift's shortest round-trip form.
    public var description: String {
        switch self {
        case .null: "NULL"
        case let .integer(value): String(value)
        case let .real(value): String(value)
        case let .text(value): "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        case let .blob(bytes): "X'" + bytes.map(Self.hex).joined() + "'"
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
