import Testing
import OrreryKernel
@testable import OrreryScenario

/// Seeded random inputs through the whole front door: parsing, then every accessor on
/// every value. A trap anywhere fails the run; every error must name the file.
@Suite struct DocumentFuzzTests {
    /// A small deterministic generator (SplitMix64 over the kernel's finaliser), so
    /// failures reproduce.
    private struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            defer { state &+= 0x9E37_79B9_7F4A_7C15 }
            return Int(StableHash.mix64(state) % UInt64(bound))
        }
    }

    private static let pieces = [
        "a", "count", ":", ": ", " ", "  ", "\n", "\n  ", "\n- ", "- ", "[", "]", "{", "}", ",", "'", "\"", "#", "&x ", "*x",
        "? ", "<<: ", "!!int ", "!!str ", "|", ">", "---", "...", "\t", "1", "-3", "2.5", "1e400", ".nan", "true", "~", "400Gb/s",
        "1h30m", "%", "$", "µ", "\u{1}", "\\", "@", "`", "0x1F", "99999999999999999999", "é", "\r\n",
    ]

    @Test func randomDocumentsNeverTrap() {
        var random = Random(state: 2024)
        var parsed = 0
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<random.next(40) { text += Self.pieces[random.next(Self.pieces.count)] }
            do {
                let document = try ConfigDocument.parse(text: text, file: "fuzz.yaml")
                parsed += 1
                exercise(document.root)
            } catch {
                #expect(error.description.hasPrefix("fuzz.yaml"), "\(text.debugDescription) → \(error)")
            }
        }
        #expect(parsed > 50)
    }

    @Test func randomQuantitiesNeverTrap() {
        var random = Random(state: 7)
        let pieces = ["1", "0", ".", "5", "e", "E", "-", "+", "_", " ", "$", "%", "G", "b", "B", "/s", "ps", "h", "m", "min",
                      "s", "µ", "i", "W", "k", "FLOP", "/kWh", "g", "USD", "9999999999", "e999999", "\t"]
        for _ in 0..<5_000 {
            var text = ""
            for _ in 0..<random.next(10) { text += pieces[random.next(pieces.count)] }
            for kind in QuantityKind.allCases {
                if let value = try? Quantity.parse(text, as: kind) {
                    #expect(value.isFinite && value >= 0, "\(text) as \(kind) → \(value)")
                    _ = Quantity.format(value, as: kind)
                }
            }
        }
    }

    private func exercise(_ node: ConfigNode) {
        _ = try? node.string()
        _ = try? node.int()
        _ = try? node.int(in: 1...8)
        _ = try? node.double()
        _ = try? node.bool()
        _ = try? node.duration()
        for kind in QuantityKind.allCases { _ = try? node.quantity(kind) }
        if let elements = try? node.sequence() { elements.forEach(exercise) }
        if let mapping = try? node.mapping() {
            _ = try? mapping.checkKeys(allowed: ["count", "a"])
            _ = try? mapping.required("count")
            mapping.pairs.forEach { exercise($0.value) }
        }
    }
}
