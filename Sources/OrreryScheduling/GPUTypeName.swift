import Foundation

/// GPU model names match case-insensitively (`a100` asks for an `A100` node).
///
/// Schedulers compare a request's type with node types on every placement, so the
/// common cases stay off Foundation: identical strings, and ASCII names (every catalogue
/// and trace name), compared byte by byte; other names fall back to Foundation's
/// case-insensitive comparison.
enum GPUTypeName {
    static func same(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let isASCII = a.utf8.allSatisfy { $0 < 0x80 } && b.utf8.allSatisfy { $0 < 0x80 }
        guard isASCII else { return a.caseInsensitiveCompare(b) == .orderedSame }
        return a.utf8.elementsEqual(b.utf8) { lowercased($0) == lowercased($1) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }
}
