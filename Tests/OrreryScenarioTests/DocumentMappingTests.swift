import Testing
@testable import OrreryScenario

@Suite struct DocumentMappingTests {
    private let scenario = """
        cluster:
          nodes:
            - type: dgx-h100
              count: 4
            - type: dgx-a100
              cuont: 2
        workloads:
          pretrain: {gpus: 512}
          finetune: {gpus: 8}
        """

    @Test func keysKeepDocumentOrder() throws {
        let root = try rootMapping(scenario)
        #expect(root.keys == ["cluster", "workloads"])
        let workloads = try root.required("workloads").mapping()
        #expect(workloads.pairs.map(\.key) == ["pretrain", "finetune"])
        #expect(try workloads.pairs.map { try $0.value.mapping().required("gpus").int() } == [512, 8])
    }

    @Test func elementsGetIndexedKeyPaths() throws {
        let nodes = try rootMapping(scenario).required("cluster").mapping().required("nodes").sequence()
        #expect(nodes.map(\.keyPath) == ["cluster.nodes[0]", "cluster.nodes[1]"])
        let count = try nodes[0].mapping().required("count")
        #expect(count.keyPath == "cluster.nodes[0].count")
        #expect(count.location == SourceLocation(file: "test.yaml", line: 4, column: 14))
    }

    @Test func missingRequiredKeyIsReportedAtTheMapping() throws {
        let second = try rootMapping(scenario).required("cluster").mapping().required("nodes").sequence()[1].mapping()
        let error = failure { () throws(ScenarioError) in try second.required("count") }
        #expect(error?.description == "test.yaml:5:7: cluster.nodes[1]: missing required key 'count'")
    }

    @Test func unknownKeySuggestsTheClosest() throws {
        let second = try rootMapping(scenario).required("cluster").mapping().required("nodes").sequence()[1].mapping()
        let error = failure { () throws(ScenarioError) in try second.checkKeys(allowed: ["type", "count", "overrides"]) }
        #expect(error?.description == "test.yaml:6:7: cluster.nodes[1].cuont: unknown key 'cuont' in cluster.nodes[1]; did you mean 'count'?")
        #expect(error?.suggestion == "count")
    }

    @Test func unknownKeyWithoutACloseMatchListsTheAllowedKeys() throws {
        let root = try rootMapping("cluster: {}\nzebra: 1\n")
        let error = failure { () throws(ScenarioError) in try root.checkKeys(allowed: ["cluster", "workloads"]) }
        #expect(error?.description == "test.yaml:2:1: zebra: unknown key 'zebra' at the top level (allowed: 'cluster', 'workloads')")
    }

    @Test func knownKeysPass() throws {
        try rootMapping(scenario).checkKeys(allowed: ["cluster", "workloads", "run"])
    }

    @Test func optionalTreatsNullAsAbsentButRequiredReturnsIt() throws {
        let root = try rootMapping("a: 1\nb:\nc: ~\n")
        #expect(root.optional("a") != nil)
        #expect(root.optional("b") == nil)
        #expect(root.optional("c") == nil)
        #expect(root.optional("d") == nil)
        #expect(try root.required("b").isNull)
        let error = failure { () throws(ScenarioError) in try root.required("b").int() }
        #expect(error?.description == "test.yaml:2:3: b: expected an integer, found an empty value")
    }

    @Test func emptyCollectionsAreNotNull() throws {
        let root = try rootMapping("a: []\nb: {}\nc:\n")
        #expect(try root.required("a").sequence().isEmpty)
        #expect(try root.required("b").mapping().isEmpty)
        let error = failure { () throws(ScenarioError) in try root.required("c").sequence() }
        #expect(error?.message == "expected a list, found an empty value")
    }

    @Test func wrongCollectionTypes() throws {
        let root = try rootMapping("a: [1]\nb: {x: 1}\nc: text\n")
        #expect(failure { () throws(ScenarioError) in try root.required("a").mapping() }?.message == "expected a mapping, found a list")
        #expect(failure { () throws(ScenarioError) in try root.required("b").sequence() }?.message == "expected a list, found a mapping")
        #expect(failure { () throws(ScenarioError) in try root.required("c").mapping() }?.message == "expected a mapping, found 'text'")
    }

    @Test(arguments: [
        ("1: a\n", "'1', which YAML reads as a number"),
        ("yes: a\n", "'yes', which YAML reads as a boolean"),
        ("~: a\n", "an empty key"),
        ("? [1, 2]\n: a\n", "a list"),
        ("? {a: 1}\n: a\n", "a mapping"),
    ])
    func nonTextKeysAreRejected(text: String, found: String) {
        let error = failure { () throws(ScenarioError) in try parse(text) }
        #expect(error?.message == "keys must be text, found \(found); put quotes around a key that should be text")
        #expect(error?.location?.line == 1)
    }

    @Test func quotedKeysAreText() throws {
        #expect(try rootMapping("\"1\": a\n'yes': b\n").keys == ["1", "yes"])
    }

    @Test func nonTextKeysDeepInsideNameTheirMapping() {
        let error = failure { () throws(ScenarioError) in try parse("cluster:\n  nodes:\n    - 3: x\n") }
        #expect(error?.keyPath == "cluster.nodes[0]")
        #expect(error?.location == SourceLocation(file: "test.yaml", line: 3, column: 7))
    }
}
