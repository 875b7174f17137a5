import OrreryKernel
import Testing
@testable import OrreryScenario

/// Typed accessors: right values, and a located "expected …, found …" for everything else.
@Suite struct DocumentScalarTests {
    private enum Policy: String, CaseIterable { case fifo, backfill, priority }

    @Test(arguments: [("8", 8), ("-3", -3), ("+5", 5), ("0", 0), ("1_000_000", 1_000_000), ("1e6", 1_000_000), ("4.0", 4),
                      ("9223372036854775807", Int.max), ("-9223372036854775808", Int.min)] as [(String, Int)])
    func integers(text: String, expected: Int) throws {
        #expect(try value(text).int() == expected)
    }

    @Test(arguments: [
        ("2.5", "expected an integer, found '2.5' (not a whole number)"),
        ("1e30", "expected an integer, found '1e30' (too large; integers must lie within ±9223372036854775807)"),
        ("99999999999999999999", "expected an integer, found '99999999999999999999' (too large; integers must lie within ±9223372036854775807)"),
        ("9223372036854775808", "expected an integer, found '9223372036854775808' (too large; integers must lie within ±9223372036854775807)"),
        ("true", "expected an integer, found the boolean 'true'"),
        ("yes", "expected an integer, found the boolean 'yes'"),
        ("\"8\"", "expected an integer, found the string \"8\" (remove the quotes: quoted values are strings)"),
        ("eight", "expected an integer, found 'eight'"),
        ("", "expected an integer, found an empty value"),
        ("~", "expected an integer, found null ('~')"),
        ("[1]", "expected an integer, found a list"),
        ("{a: 1}", "expected an integer, found a mapping"),
        ("0x1F", "expected an integer, found '0x1F' (write integers in decimal)"),
        ("0o17", "expected an integer, found '0o17' (write integers in decimal)"),
        ("1:30", "expected an integer, found '1:30' (write integers in decimal)"),
        ("010", "expected an integer, found '010' (leading zeros are not allowed; YAML 1.1 reads them as octal)"),
        (".nan", "expected an integer, found '.nan' (numbers must be finite)"),
        (".inf", "expected an integer, found '.inf' (numbers must be finite)"),
        ("8GB", "expected an integer, found '8GB'"),
    ])
    func integerErrors(text: String, message: String) {
        let error = failure { () throws(ScenarioError) in try value(text).int() }
        #expect(error?.message == message)
        #expect(error?.keyPath == "v")
        #expect(error?.location?.line == 1)
    }

    @Test func rangesAreStatedInWords() {
        let positive = failure { () throws(ScenarioError) in try value("-3").int(in: 1...Int.max) }
        #expect(positive?.description == "test.yaml:1:4: v: expected a positive integer, found '-3'")
        let natural = failure { () throws(ScenarioError) in try value("-1").int(in: 0...Int.max) }
        #expect(natural?.message == "expected a non-negative integer, found '-1'")
        let bounded = failure { () throws(ScenarioError) in try value("9").int(in: 1...8) }
        #expect(bounded?.message == "expected an integer from 1 to 8, found '9'")
        let atLeast = failure { () throws(ScenarioError) in try value("2").int(in: 3...Int.max) }
        #expect(atLeast?.message == "expected an integer of at least 3, found '2'")
        let atMost = failure { () throws(ScenarioError) in try value("2").int(in: Int.min...1) }
        #expect(atMost?.message == "expected an integer of at most 1, found '2'")
        let wrongType = failure { () throws(ScenarioError) in try value("x").int(in: 1...8) }
        #expect(wrongType?.message == "expected an integer from 1 to 8, found 'x'")
    }

    @Test func inRangeValuePasses() throws {
        #expect(try value("8").int(in: 1...8) == 8)
    }

    @Test(arguments: [("3", 3.0), ("0.25", 0.25), ("-1.5", -1.5), ("1.5e9", 1.5e9), ("1_000.5", 1_000.5), (".5", 0.5)] as [(String, Double)])
    func doubles(text: String, expected: Double) throws {
        #expect(try value(text).double() == expected)
    }

    @Test(arguments: [
        (".nan", "expected a number, found '.nan' (numbers must be finite)"),
        (".inf", "expected a number, found '.inf' (numbers must be finite)"),
        ("-.Inf", "expected a number, found '-.Inf' (numbers must be finite)"),
        ("1e400", "expected a number, found '1e400' (too large)"),
        ("\"0.5\"", "expected a number, found the string \"0.5\" (remove the quotes: quoted values are strings)"),
        ("half", "expected a number, found 'half'"),
        ("false", "expected a number, found the boolean 'false'"),
        ("0x10", "expected a number, found '0x10' (write numbers in decimal)"),
    ])
    func doubleErrors(text: String, message: String) {
        let error = failure { () throws(ScenarioError) in try value(text).double() }
        #expect(error?.message == message)
    }

    @Test(arguments: [("true", true), ("True", true), ("TRUE", true), ("false", false), ("False", false), ("FALSE", false)])
    func booleans(text: String, expected: Bool) throws {
        #expect(try value(text).bool() == expected)
    }

    @Test(arguments: [
        ("yes", "expected true or false, found the boolean 'yes'"),
        ("off", "expected true or false, found the boolean 'off'"),
        ("1", "expected true or false, found '1'"),
        ("\"true\"", "expected true or false, found the string \"true\" (remove the quotes: quoted values are strings)"),
        ("", "expected true or false, found an empty value"),
    ])
    func booleanErrors(text: String, message: String) {
        let error = failure { () throws(ScenarioError) in try value(text).bool() }
        #expect(error?.message == message)
    }

    @Test(arguments: [("H100", "H100"), ("\"8\"", "8"), ("7b", "7b"), ("NO", "NO"), ("12", "12"), ("''", ""), ("'a: b'", "a: b")])
    func strings(text: String, expected: String) throws {
        #expect(try value(text).string() == expected)
    }

    @Test(arguments: [("", "an empty value"), ("null", "null ('null')"), ("[a]", "a list"), ("{a: b}", "a mapping")])
    func stringErrors(text: String, found: String) {
        let error = failure { () throws(ScenarioError) in try value(text).string() }
        #expect(error?.message == "expected a string, found \(found)")
    }

    @Test func quantitiesUseTheUnitsGrammar() throws {
        #expect(try value("400Gb/s").quantity(.bandwidth) == 50e9)
        #expect(try value("400 Gb/s").quantity(.bandwidth) == 50e9)
        #expect(try value("0.9").quantity(.ratio) == 0.9)
        #expect(try value("90%").quantity(.ratio) == 0.9)
        #expect(try value("16M").quantity(.count) == 16e6)
        #expect(try value("\"$2.5\"").quantity(.money) == 2.5)
        #expect(try value("0").quantity(.power) == 0)
    }

    @Test func quantityErrorsAreLocated() {
        let error = failure { () throws(ScenarioError) in try rootMapping("a: 1\nlink: 400Gx\n").required("link").quantity(.bandwidth) }
        #expect(error?.description == "test.yaml:2:7: link: expected a rate with a unit, like 400Gb/s, 25GB/s or 100Gbps, found '400Gx' (unknown unit 'Gx')")
    }

    @Test(arguments: ["", "[1]", "{a: 1}", "1e400GB", "-1GB", ".nan"])
    func quantityRejectsNonQuantities(text: String) {
        let error = failure { () throws(ScenarioError) in try value(text).quantity(.bytes) }
        #expect(error?.message.hasPrefix("expected a size with a unit") == true)
    }

    @Test func durations() throws {
        #expect(try value("90s").duration() == SimTime(nanoseconds: 90_000_000_000))
        #expect(try value("1h30m").duration() == SimTime(nanoseconds: 5_400_000_000_000))
        #expect(try value("0").duration() == .zero)
        let bare = failure { () throws(ScenarioError) in try value("90").duration() }
        #expect(bare?.description == "test.yaml:1:4: v: expected a duration with a unit, like 90s, 10min, 54d, found '90' (a bare number has no unit)")
        let empty = failure { () throws(ScenarioError) in try value("").duration() }
        #expect(empty?.message == "expected a duration with a unit, like 90s, 10min, 54d, found an empty value")
    }

    @Test func enumValues() throws {
        #expect(try value("backfill").enumValue(Policy.self) == .backfill)
        let typo = failure { () throws(ScenarioError) in try value("fifi").enumValue(Policy.self) }
        #expect(typo?.description == "test.yaml:1:4: v: expected one of 'fifo', 'backfill', 'priority', found 'fifi'; did you mean 'fifo'?")
        let wrongCase = failure { () throws(ScenarioError) in try value("FIFO").enumValue(Policy.self) }
        #expect(wrongCase?.suggestion == "fifo")
        let faraway = failure { () throws(ScenarioError) in try value("random").enumValue(Policy.self) }
        #expect(faraway?.suggestion == nil)
        #expect(faraway?.message == "expected one of 'fifo', 'backfill', 'priority', found 'random'")
        let list = failure { () throws(ScenarioError) in try value("[fifo]").enumValue(Policy.self) }
        #expect(list?.message == "expected one of 'fifo', 'backfill', 'priority', found a list")
    }

    @Test func nullness() throws {
        #expect(try value("").isNull)
        #expect(try value("~").isNull)
        #expect(try value("null").isNull)
        #expect(try !value("''").isNull)
        #expect(try !value("[]").isNull)
    }

    @Test func hugeStringsAreCutInMessages() {
        let long = String(repeating: "x", count: 10_000)
        let error = failure { () throws(ScenarioError) in try value(long).int() }
        #expect((error?.message.count ?? .max) < 120)
    }

    @Test func callerChecksReportAtTheNode() throws {
        let node = try rootMapping("a: 1\nb:\n  c: 7\n").required("b").mapping().required("c")
        let error = node.error("must be even", suggestion: "8")
        #expect(error.description == "test.yaml:3:6: b.c: must be even; did you mean '8'?")
    }
}
