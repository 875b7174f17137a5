import OrreryKernel
import Testing
@testable import OrreryScenario

@Suite struct QuantityDurationTests {
    @Test(arguments: [
        ("1ns", 1), ("1us", 1_000), ("1µs", 1_000), ("1μs", 1_000), ("250ms", 250_000_000), ("90s", 90_000_000_000),
        ("1m", 60_000_000_000), ("10min", 600_000_000_000), ("1h", 3_600_000_000_000), ("1d", 86_400_000_000_000),
        ("1w", 604_800_000_000_000), ("54d", 54 * 86_400_000_000_000), ("1h30m", 5_400_000_000_000),
        ("2d12h", 216_000_000_000_000), ("1.5h", 5_400_000_000_000), ("1h 30m", 5_400_000_000_000),
        ("2 d 12 h", 216_000_000_000_000), ("1m30s", 90_000_000_000), ("1s500ms", 1_500_000_000), ("0.3s", 300_000_000),
        ("0", 0), ("0s", 0), (" 5 s ", 5_000_000_000), ("1e3s", 1_000_000_000_000),
    ] as [(String, Int64)])
    func parsesToNanoseconds(text: String, nanoseconds: Int64) throws {
        #expect(try Quantity.parseDuration(text) == SimTime(nanoseconds: nanoseconds))
    }

    @Test func parseAsDurationGivesSeconds() throws {
        #expect(try Quantity.parse("1h30m", as: .duration) == 5_400)
        #expect(try Quantity.parse("250ms", as: .duration) == 0.25)
    }

    @Test func subNanosecondDurationsRoundToTheNearestButNeverToZero() throws {
        #expect(try Quantity.parseDuration("0.1ns") == SimTime(nanoseconds: 1))
        #expect(try Quantity.parseDuration("1.4ns") == SimTime(nanoseconds: 1))
        #expect(try Quantity.parseDuration("1.6ns") == SimTime(nanoseconds: 2))
    }

    @Test func bareNumberNamesTheExpectedForm() {
        let error = #expect(throws: QuantityError.self) { try Quantity.parseDuration("90") }
        #expect(error?.description == "expected a duration with a unit, like 90s, 10min, 54d, found '90' (a bare number has no unit)")
    }

    @Test(arguments: [
        ("30m1h", "parts must go from the largest unit to the smallest, like 1h30m ('h' after 'm')"),
        ("1h1h", "parts must go from the largest unit to the smallest, like 1h30m ('h' after 'h')"),
        ("1h30", "every part needs a unit: ns, us, ms, s, m (or min), h, d, w"),
        ("1hr", "unknown unit 'hr'"),
        ("5H", "unknown unit 'H'; units are case-sensitive: did you mean 'h'?"),
        ("1h-30m", "durations cannot be negative"),
        ("-5s", "durations cannot be negative"),
        ("h", "it does not start with a number"),
        ("1h m", "expected a number after 'h'"),
        ("300y", "unknown unit 'y'"),
        ("", "it is empty"),
    ])
    func malformedDurations(text: String, problem: String) {
        let error = #expect(throws: QuantityError.self) { try Quantity.parseDuration(text) }
        #expect(error?.problem == problem)
    }

    @Test(arguments: ["20000w", "1e400s", "106752d", "9223372037s"])
    func durationsBeyondSimTimeAreRejected(text: String) {
        let error = #expect(throws: QuantityError.self) { try Quantity.parseDuration(text) }
        #expect(error?.problem == "it is too long: durations must be under about 292 years")
    }

    @Test func longestRepresentableDurationParses() throws {
        #expect(try Quantity.parseDuration("106751d").nanoseconds == 106_751 * 86_400_000_000_000)
    }
}
