import Testing
@testable import OrreryScenario

@Suite struct DocumentErrorTests {
    private let location = SourceLocation(file: "scenario.yaml", line: 12, column: 5)

    @Test func descriptionIsOneCompilerStyleLine() {
        let error = ScenarioError(
            file: "scenario.yaml", location: location, keyPath: "cluster.nodes[0].count",
            message: "expected a positive integer, found '-3'")
        #expect(error.description == "scenario.yaml:12:5: cluster.nodes[0].count: expected a positive integer, found '-3'")
    }

    @Test func descriptionWithoutLocationOrKeyPath() {
        #expect(ScenarioError(file: "s.yaml", message: "file not found").description == "s.yaml: file not found")
        #expect(ScenarioError(file: "s.yaml", location: location, message: "m").description == "scenario.yaml:12:5: m")
    }

    @Test func suggestionIsAppended() {
        let error = ScenarioError(file: "s.yaml", keyPath: "a", message: "unknown key 'cuont'", suggestion: "count")
        #expect(error.description == "s.yaml: a: unknown key 'cuont'; did you mean 'count'?")
    }

    @Test func collectKeepsGoingAfterAProblem() throws {
        let root = try rootMapping("count: -3\nname: ok\nratio: 2x\n")
        var problems = ScenarioErrors()
        let count = problems.collect { () throws(ScenarioError) in try root.required("count").int(in: 1...10) }
        let name = problems.collect { () throws(ScenarioError) in try root.required("name").string() }
        let ratio = problems.collect { () throws(ScenarioError) in try root.required("ratio").quantity(.ratio) }
        #expect(count == nil)
        #expect(name == "ok")
        #expect(ratio == nil)
        #expect(problems.errors.map(\.keyPath) == ["count", "ratio"])
        let thrown = #expect(throws: ScenarioErrors.self) { try problems.throwIfAny() }
        #expect(thrown?.description.split(separator: "\n").count == 3)
        #expect(thrown?.description.hasSuffix("2 problems") == true)
    }

    @Test func noProblemsThrowsNothing() throws {
        var problems = ScenarioErrors()
        #expect(problems.collect { () throws(ScenarioError) in 5 } == 5)
        #expect(problems.isEmpty)
        try problems.throwIfAny()
    }

    @Test func singleProblemPrintsAsItself() {
        let error = ScenarioError(file: "s.yaml", message: "m")
        #expect(ScenarioErrors([error]).description == "s.yaml: m")
        var merged = ScenarioErrors([error])
        merged.append(contentsOf: ScenarioErrors([error, error]))
        merged.append(error)
        #expect(merged.errors.count == 4)
    }

    @Test(arguments: [
        ("cuont", ["type", "count"], "count"), ("clustr", ["cluster", "workloads"], "cluster"), ("Count", ["count"], "count"),
        ("gpus", ["gpu", "count"], "gpu"), ("schedular", ["scheduler"], "scheduler"),
    ])
    func suggestionsFindTypos(word: String, candidates: [String], expected: String) {
        #expect(Suggestion.closest(to: word, among: candidates) == expected)
    }

    @Test(arguments: [("zebra", ["type", "count"]), ("x", ["type"]), ("", ["a"]), ("ab", [])])
    func suggestionsStayQuietWhenNothingIsClose(word: String, candidates: [String]) {
        #expect(Suggestion.closest(to: word, among: candidates) == nil)
    }

    @Test func editDistanceCountsSwapsAsOne() {
        #expect(Suggestion.editDistance(Array("cuont"), Array("count")) == 1)
        #expect(Suggestion.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(Suggestion.editDistance([], Array("abc")) == 3)
    }
}
