import Testing
@testable import OrreryScenario

/// The error for `text`, which must fail to parse as `kind`.
private func failure(_ text: String, _ kind: QuantityKind) -> QuantityError? {
    #expect(throws: QuantityError.self) { try Quantity.parse(text, as: kind) }
}

@Suite struct QuantityErrorTests {
    @Test(arguments: QuantityKind.allCases)
    func emptyTextIsAnErrorForEveryKind(kind: QuantityKind) {
        let error = failure("   ", kind)
        #expect(error?.problem == "it is empty")
        #expect(error?.kind == kind)
    }

    @Test(arguments: QuantityKind.allCases)
    func negativeValuesAreRejected(kind: QuantityKind) {
        #expect(failure("-5", kind) != nil)
    }

    @Test(arguments: [QuantityKind.bytes, .bandwidth, .power, .energy, .flopsRate, .money, .carbonIntensity, .energyPrice])
    func bareNumbersNeedAUnitExceptZero(kind: QuantityKind) throws {
        #expect(failure("400", kind)?.problem == "a bare number has no unit")
        #expect(try Quantity.parse("0", as: kind) == 0)
        #expect(try Quantity.parse("0.0", as: kind) == 0)
    }

    @Test func messageSaysWhatWasExpectedAndFound() {
        let error = failure("400Gx", .bandwidth)
        #expect(error?.description == "expected a rate with a unit, like 400Gb/s, 25GB/s or 100Gbps, found '400Gx' (unknown unit 'Gx')")
    }

    @Test func caseSlipsNameTheIntendedUnits() {
        let error = failure("400gb/s", .bandwidth)
        #expect(error?.problem == "unknown unit 'gb/s'; units are case-sensitive: did you mean 'GB/s' or 'Gb/s'?")
        #expect(failure("5KW", .power)?.problem.contains("'kW'") == true)
    }

    @Test func overflowAndNonFiniteAreRejected() {
        #expect(failure("1e400GB", .bytes)?.problem == "it is too large")
        #expect(failure("1e308PB", .bytes)?.problem == "it is too large")
        #expect(failure("1e99999999999999999999999B", .bytes)?.problem == "it is too large")
        #expect(failure("nan", .count)?.problem == "it does not start with a number")
        #expect(failure("inf", .ratio) != nil)
        #expect(failure(".inf", .count) != nil)
        #expect(failure("NaNGB", .bytes) != nil)
    }

    @Test func tinyExponentsUnderflowToZeroInsteadOfFailing() throws {
        #expect(try Quantity.parse("1e-99999999999B", as: .bytes) == 0)
    }

    @Test(arguments: [
        ("GB", QuantityKind.bytes), ("12 GB extra", .bytes), ("1.2.3GB", .bytes), ("$", .money), ("2.5€", .money),
        ("0.4 kg", .carbonIntensity), ("0.08/kWh", .energyPrice), ("16 millions", .count), ("90 percent", .ratio),
        ("5 GB", .power), ("$5GB", .bytes), ("--1", .count), ("1,000", .count), ("0x10", .count), ("_1", .count),
    ])
    func malformedText(text: String, kind: QuantityKind) {
        let error = failure(text, kind)
        #expect(error?.description.hasPrefix("expected \(kind.expectation), found '") == true)
    }

    @Test func longInputIsCutInTheMessage() {
        let text = String(repeating: "9", count: 500) + "x"
        let error = failure(text, .bytes)
        #expect((error?.description.count ?? 0) < 200)
        #expect(error?.description.contains("...") == true)
    }
}
