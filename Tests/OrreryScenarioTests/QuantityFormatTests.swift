import Testing
@testable import OrreryScenario

@Suite struct QuantityFormatTests {
    @Test(arguments: [
        (80 * 1_073_741_824.0, QuantityKind.bytes, "80 GiB"), (512, .bytes, "512 B"), (1536, .bytes, "1.5 KiB"),
        (80e9, .bytes, "74.5 GiB"), (50e9, .bandwidth, "50 GB/s"), (1.5e12, .bandwidth, "1.5 TB/s"),
        (999.96e9, .bandwidth, "1 TB/s"), (10_200, .power, "10.2 kW"), (700, .power, "700 W"),
        (3.6e6, .energy, "1 kWh"), (500, .energy, "500 J"), (1_500, .energy, "1.5 kJ"), (8.64e9, .energy, "2.4 MWh"),
        (989e12, .flopsRate, "989 TFLOP/s"), (1.98e15, .flopsRate, "1.98 PFLOP/s"), (16e6, .count, "16M"),
        (15.6e12, .count, "15.6T"), (70e9, .count, "70B"), (512, .count, "512"), (0.5, .count, "0.5"),
        (0.9, .ratio, "90%"), (0.125, .ratio, "12.5%"), (2.5, .money, "$2.5"), (1_234_567, .money, "$1234567"),
        (0.41, .carbonIntensity, "410 g/kWh"), (0.08, .energyPrice, "$0.08/kWh"), (0, .bytes, "0 B"),
        (12_000, .duration, "3h 20m"), (54 * 86_400, .duration, "54d"), (90, .duration, "1m 30s"),
        (1.5, .duration, "1.5s"), (0.25, .duration, "250ms"), (2e-5, .duration, "20us"), (5e-9, .duration, "5ns"),
        (3_599.6, .duration, "1h"), (86_399.9, .duration, "1d"), (0, .duration, "0ns"), (-90, .duration, "-1m 30s"),
        (0.0042, .money, "$0.0042"), (-50e9, .bandwidth, "-50 GB/s"),
    ])
    func compactForms(value: Double, kind: QuantityKind, expected: String) {
        #expect(Quantity.format(value, as: kind) == expected)
    }

    @Test func nonFiniteValuesPrintWithoutTrapping() {
        #expect(Quantity.format(.nan, as: .bytes) == "nan")
        #expect(Quantity.format(.infinity, as: .duration) == "inf")
        #expect(Quantity.format(-.infinity, as: .power) == "-inf")
        #expect(Quantity.format(1e300, as: .duration).hasSuffix("d"))
        #expect(Quantity.format(.greatestFiniteMagnitude, as: .count).hasSuffix("T"))
        #expect(Quantity.format(.leastNonzeroMagnitude, as: .bytes) == "4.94e-324 B")
        #expect(Quantity.format(1e20, as: .count) == "100000000T")
        #expect(Quantity.format(3e28, as: .count) == "3e+16T")
    }

    /// Every formatted value parses back to itself within the three displayed digits.
    @Test(arguments: QuantityKind.allCases)
    func formatThenParseRoundTrips(kind: QuantityKind) throws {
        let values = [1e-7, 0.0042, 0.5, 1, 7, 42, 999, 1_234, 65_536, 3.2e7, 8.6e10, 1.7e13, 4.4e16, 3e22]
        // Durations stop where SimTime does, at about 292 years (9.2e9 s).
        for value in values where kind != .duration || value < 9e9 {
            let text = Quantity.format(value, as: kind)
            let back = try Quantity.parse(text, as: kind)
            let tolerance = kind == .duration ? max(0.01 * value, 1e-9) : 0.005 * value
            #expect(abs(back - value) <= tolerance, "\(value) → \(text) → \(back)")
        }
    }

    /// Canonical strings survive a parse and a format unchanged.
    @Test(arguments: [
        ("80 GiB", QuantityKind.bytes), ("50 GB/s", .bandwidth), ("1.5 TB/s", .bandwidth), ("10.2 kW", .power),
        ("3h 20m", .duration), ("54d", .duration), ("989 TFLOP/s", .flopsRate), ("15.6T", .count), ("90%", .ratio),
        ("$2.5", .money), ("410 g/kWh", .carbonIntensity), ("$0.08/kWh", .energyPrice), ("2.4 MWh", .energy),
    ])
    func parseThenFormatRoundTrips(text: String, kind: QuantityKind) throws {
        #expect(Quantity.format(try Quantity.parse(text, as: kind), as: kind) == text)
    }
}
