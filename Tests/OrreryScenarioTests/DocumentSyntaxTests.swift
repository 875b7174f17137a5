import Testing
@testable import OrreryScenario

/// Malformed YAML: each case must be one clear, located error, never a crash.
@Suite struct DocumentSyntaxTests {
    @Test func unclosedBracketNamesWhereTheListStarted() {
        let error = failure { () throws(ScenarioError) in try parse("nodes: [1, 2\ncount: 3\n") }
        #expect(error?.location == SourceLocation(file: "test.yaml", line: 2, column: 6))
        #expect(error?.description == "test.yaml:2:6: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 1, column 8)")
    }

    @Test func badIndentationHintsAtIndentation() {
        let error = failure { () throws(ScenarioError) in try parse("cluster:\n  nodes: 1\n count: 2\n") }
        #expect(error?.location?.line == 3)
        #expect(error?.message.contains("check the indentation") == true)
    }

    @Test func overIndentedValueHintsAtIndentation() {
        let error = failure { () throws(ScenarioError) in try parse("a: 1\n  b: 2\n") }
        #expect(error?.description == "test.yaml:2:4: invalid YAML: mapping values are not allowed in this context; check the indentation, or quote a value that contains ': '")
    }

    @Test func tabIndentationSaysToUseSpaces() {
        let error = failure { () throws(ScenarioError) in try parse("cluster:\n\tnodes: 1\n") }
        #expect(error?.location?.line == 2)
        #expect(error?.message.hasSuffix("indent with spaces: YAML does not allow tabs for indentation") == true)
    }

    @Test func unterminatedQuoteIsLocated() {
        let error = failure { () throws(ScenarioError) in try parse("name: 'oops\ncount: 1\n") }
        #expect(error?.message.contains("while scanning a quoted scalar that starts at line 1, column 7") == true)
    }

    @Test func controlCharactersAreRejectedWithTheirPosition() {
        let error = failure { () throws(ScenarioError) in try parse("a: 1\nb: x\u{1}y\n") }
        #expect(error?.description == "test.yaml:2:5: invalid character U+1: control characters are not allowed")
    }

    @Test func undefinedAliasIsAnError() {
        let error = failure { () throws(ScenarioError) in try parse("a: *nowhere\n") }
        #expect(error?.location?.line == 1)
        #expect(error?.message.contains("undefined alias") == true)
    }

    @Test func duplicateKeysAreRejected() {
        let error = failure { () throws(ScenarioError) in try parse("count: 1\nname: x\ncount: 2\n") }
        #expect(error?.description == "test.yaml:1:1: duplicate key 'count': each key may appear once in a mapping (first written here)")
    }

    @Test func duplicateKeysAreRejectedInNestedFlowMappings() {
        let error = failure { () throws(ScenarioError) in try parse("cluster:\n  nodes: [{count: 1, count: 2}]\n") }
        #expect(error?.location == SourceLocation(file: "test.yaml", line: 2, column: 12))
    }

    @Test func quotedAndPlainSpellingsOfAKeyAreDuplicates() {
        let error = failure { () throws(ScenarioError) in try parse("count: 1\n\"count\": 2\n") }
        #expect(error?.message.hasPrefix("duplicate key 'count'") == true)
    }

    @Test func secondDocumentIsRejected() {
        let error = failure { () throws(ScenarioError) in try parse("a: 1\n---\nb: 2\n") }
        #expect(error?.description == "test.yaml:3:1: a second YAML document starts here (after '---'); a scenario file holds exactly one")
    }

    @Test func syntaxErrorInASecondDocumentIsStillReported() {
        let error = failure { () throws(ScenarioError) in try parse("a: 1\n---\n[\n") }
        #expect(error?.message.hasPrefix("invalid YAML") == true)
    }

    @Test func leadingDocumentMarkerIsFine() throws {
        #expect(try rootMapping("---\na: 1\n...\n").keys == ["a"])
    }

    @Test(arguments: [
        ("- a\n- b\n", "a list"), ("just text\n", "'just text'"), ("42\n", "'42'"), ("\"quoted\"\n", "the string \"quoted\""),
    ])
    func rootMustBeAMapping(text: String, found: String) {
        let error = failure { () throws(ScenarioError) in try parse(text) }
        #expect(error?.message == "the top level must be a mapping of keys to values (like 'cluster: …'), found \(found)")
        #expect(error?.location?.line == 1)
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() {
        let deep = "a: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "\n"
        let error = failure { () throws(ScenarioError) in try parse(deep) }
        #expect(error?.message.contains("nesting") == true)
    }

    @Test func nestingWithinTheLimitLoads() throws {
        let deep = "a: " + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + "\n"
        #expect(try rootMapping(deep).keys == ["a"])
    }

    @Test(arguments: [
        "a: b: c\n", "a: [}\n", "{a: 1\n", "a: 'x' y\n", "? \n: \n:\n", "a: !!binary 1\n- x\n",
        "%YAML 9.9\n--- a: 1\n", "a: \"\\q\"\n", "\u{0}", "a: |\n  x\n y\n", "@a: 1\n", "`a: 1\n",
    ])
    func assortedMalformedInputsGiveAnErrorNotACrash(text: String) {
        #expect(throws: ScenarioError.self) { try parse(text) }
    }
}
