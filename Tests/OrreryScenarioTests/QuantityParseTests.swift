import Testing
@testable import OrreryScenario

/// Parses `text` as `kind`, or records the error and returns nil.
private func value(_ text: String, _ kind: QuantityKind) -> Double? {
    try? Quantity.parse(text, as: kind)
}

@Suite struct QuantityParseTests {
    @Test(arguments: [
        ("1B", 1.0), ("1KB", 1e3), ("1kB", 1e3), ("2MB", 2e6), ("80GB", 80e9), ("2TB", 2e12), ("1PB", 1e15),
        ("1KiB", 1024), ("1MiB", 1_048_576), ("80GiB", 80 * 1_073_741_824), ("1TiB", 1_099_511_627_776),
        ("1PiB", 1_125_899_906_842_624), ("8b", 1), ("1Kb", 125), ("512Mb", 64e6), ("400Gb", 50e9), ("8Tb", 1e12),
        ("0", 0), ("1.5 GB", 1.5e9), ("  2 GiB ", 2 * 1_073_741_824), ("1_000B", 1000), ("1e3B", 1000),
    ] as [(String, Double)])
    func bytes(text: String, expected: Double) {
        #expect(value(text, .bytes) == expected)
    }

    @Test(arguments: [
        ("400Gb/s", 50e9), ("400 Gb/s", 50e9), ("2.0TB/s", 2e12), ("25GB/s", 25e9), ("100Gbps", 12.5e9),
        ("900GBps", 900e9), ("1GiB/s", 1_073_741_824), ("8b/s", 1), ("0", 0),
    ] as [(String, Double)])
    func bandwidth(text: String, expected: Double) {
        #expect(value(text, .bandwidth) == expected)
    }

    @Test(arguments: [("700W", 700.0), ("10.2kW", 10_200), ("1.5MW", 1.5e6), ("2GW", 2e9), ("0", 0)] as [(String, Double)])
    func power(text: String, expected: Double) {
        #expect(value(text, .power) == expected)
    }

    @Test(arguments: [
        ("5J", 5.0), ("2kJ", 2e3), ("3.6MJ", 3.6e6), ("4GJ", 4e9), ("1Wh", 3600), ("1kWh", 3.6e6),
        ("2MWh", 7.2e9), ("1GWh", 3.6e12),
    ] as [(String, Double)])
    func energy(text: String, expected: Double) {
        #expect(value(text, .energy) == expected)
    }

    @Test(arguments: [
        ("1FLOP/s", 1.0), ("5GFLOP/s", 5e9), ("989TFLOP/s", 989e12), ("989 TFLOPS", 989e12), ("2PFLOP/s", 2e15),
        ("1EFLOP/s", 1e18), ("1.5EFLOPS", 1.5e18),
    ] as [(String, Double)])
    func flopsRate(text: String, expected: Double) {
        #expect(value(text, .flopsRate) == expected)
    }

    @Test(arguments: [
        ("512", 512.0), ("16M", 16e6), ("15.6T", 15.6e12), ("70B", 70e9), ("7G", 7e9), ("4K", 4e3), ("4k", 4e3),
        ("0.5", 0.5), ("1e6", 1e6), ("1_000_000", 1e6),
    ] as [(String, Double)])
    func count(text: String, expected: Double) {
        #expect(value(text, .count) == expected)
    }

    @Test(arguments: [("0.9", 0.9), ("90%", 0.9), ("12.5 %", 0.125), ("1", 1.0), ("150%", 1.5)] as [(String, Double)])
    func ratio(text: String, expected: Double) {
        #expect(value(text, .ratio) == expected)
    }

    @Test(arguments: [("$2.5", 2.5), ("2.5$", 2.5), ("2.5USD", 2.5), ("2.5 USD", 2.5), ("$ 3", 3.0), ("0", 0)] as [(String, Double)])
    func money(text: String, expected: Double) {
        #expect(value(text, .money) == expected)
    }

    @Test(arguments: [("0.41kg/kWh", 0.41), ("410g/kWh", 0.41), ("410kg/MWh", 0.41), ("0.41t/MWh", 0.41)] as [(String, Double)])
    func carbonIntensity(text: String, expected: Double) {
        #expect(value(text, .carbonIntensity) == expected)
    }

    @Test(arguments: [("0.08$/kWh", 0.08), ("$0.08/kWh", 0.08), ("80$/MWh", 0.08), ("0.08USD/kWh", 0.08), ("$80/MWh", 0.08)] as [(String, Double)])
    func energyPrice(text: String, expected: Double) {
        #expect(value(text, .energyPrice) == expected)
    }

    @Test func unitsAreCaseSensitiveWhereItMatters() {
        #expect(value("8b", .bytes) == 1)
        #expect(value("8B", .bytes) == 8)
        #expect(value("1Gb/s", .bandwidth) == 125e6)
        #expect(value("1GB/s", .bandwidth) == 1e9)
        #expect(value("1gb/s", .bandwidth) == nil)
        #expect(value("1kw", .power) == nil)
    }

    @Test func exponentIsNotMistakenForAUnit() {
        #expect(value("1EFLOP/s", .flopsRate) == 1e18)
        #expect(value("1e3EFLOP/s", .flopsRate) == 1e21)
        #expect(value("2E3", .count) == 2000)
    }
}
