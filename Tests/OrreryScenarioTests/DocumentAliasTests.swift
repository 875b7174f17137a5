import Testing
@testable import OrreryScenario

/// Anchors, aliases and merge keys resolve transparently; expansion bombs fail fast.
@Suite struct DocumentAliasTests {
    @Test func aliasesResolveUnderTheirOwnKeyPath() throws {
        let root = try rootMapping("base: &gpu {count: 8}\nnode: *gpu\n")
        let count = try root.required("node").mapping().required("count")
        #expect(try count.int() == 8)
        #expect(count.keyPath == "node.count")
        #expect(count.location.line == 1)
    }

    @Test func scalarAliases() throws {
        let root = try rootMapping("link: &fast 400Gb/s\nuplink: *fast\n")
        #expect(try root.required("uplink").quantity(.bandwidth) == 50e9)
    }

    @Test func mergeKeysApplyWithOwnKeysWinning() throws {
        let text = """
            defaults: &defaults
              count: 4
              type: dgx-h100
            nodes:
              - <<: *defaults
                count: 8
              - <<: *defaults
            """
        let nodes = try rootMapping(text).required("nodes").sequence()
        let first = try nodes[0].mapping()
        #expect(first.keys == ["count", "type"])
        #expect(try first.required("count").int() == 8)
        #expect(try first.required("type").string() == "dgx-h100")
        #expect(try first.required("type").keyPath == "nodes[0].type")
        #expect(try nodes[1].mapping().required("count").int() == 4)
    }

    @Test func mergeOfSeveralMappingsPrefersTheEarlier() throws {
        let text = "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n"
        let c = try rootMapping(text).required("c").mapping()
        #expect(c.keys == ["x", "y", "z"])
        #expect(try c.required("y").int() == 1)
    }

    @Test func unknownMergedKeysAreStillCaught() throws {
        let text = "base: &b {cuont: 1}\nnode:\n  <<: *b\n  type: x\n"
        let node = try rootMapping(text).required("node").mapping()
        let error = failure { () throws(ScenarioError) in try node.checkKeys(allowed: ["type", "count"]) }
        #expect(error?.suggestion == "count")
        #expect(error?.keyPath == "node.cuont")
    }

    @Test(arguments: ["a: 1\nb:\n  <<: 5\n", "a: 1\nb:\n  <<: [{x: 1}, 2]\n"])
    func mergingANonMappingIsAnError(text: String) {
        let error = failure { () throws(ScenarioError) in try parse(text) }
        #expect(error?.message == "'<<' merges a mapping or a list of mappings, like '<<: *defaults'")
        #expect(error?.keyPath == "b")
    }

    @Test func quotedMergeKeyIsAnOrdinaryKey() throws {
        #expect(try rootMapping("\"<<\": 1\n").keys == ["<<"])
    }

    /// Nine levels of ten aliases each: 10⁹ values from a few hundred bytes.
    private static func billionLaughs() -> String {
        var text = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            text += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        return text
    }

    @Test func billionLaughsFailsBeforeExpanding() {
        let error = failure { () throws(ScenarioError) in try parse(Self.billionLaughs()) }
        #expect(error?.message == "aliases expand the document to more than 1000000 values; are aliases (*name) nested too deeply?")
        #expect(error?.location == SourceLocation(file: "test.yaml", line: 10, column: 10))
    }

    /// Yams hashes keys in full to find duplicates; an alias bomb as a key must not reach it.
    @Test func aliasBombAsAKeyFailsFast() {
        let error = failure { () throws(ScenarioError) in try parse(Self.billionLaughs() + "? *l9\n: boom\n") }
        #expect(error?.message.hasPrefix("aliases expand the document") == true)
    }

    /// A long chain of anchors is as deep as it is long; Yams would overflow the stack
    /// tearing down a chain of some 50,000 links, so the check must stop it earlier. 1,200
    /// links are deeper than the limit while their total expansion (~720,000) is not too big.
    @Test func longAliasChainFailsBeforeExpanding() {
        var text = "l0: &l0 [x]\n"
        for level in 1...1_200 { text += "l\(level): &l\(level) [*l\(level - 1)]\n" }
        let error = failure { () throws(ScenarioError) in try parse(text) }
        #expect(error?.message == "aliases nest the document more than 1000 levels deep; are aliases (*name) chained too long?")
    }

    @Test func shortAliasChainLoads() throws {
        var text = "l0: &l0 [x]\n"
        for level in 1...50 { text += "l\(level): &l\(level) [*l\(level - 1)]\n" }
        var node = try rootMapping(text).required("l50")
        for _ in 0..<50 { node = try node.sequence()[0] }
        #expect(try node.sequence()[0].string() == "x")
    }

    @Test func redefinedAnchorsUseTheLatestDefinition() throws {
        let root = try rootMapping("a: &x 1\nb: *x\nc: &x 2\nd: *x\n")
        #expect(try root.required("b").int() == 1)
        #expect(try root.required("d").int() == 2)
    }

    @Test func scalarAliasAsAKeyIsText() throws {
        #expect(try rootMapping("name: &k gpu\n*k : 8\n").keys == ["name", "gpu"])
    }

    @Test(arguments: ["*a : v\n", "? *a\n: v\n", "x: {*a : v}\n", "x:\n  - *a : v\n"])
    func collectionAliasAsAKeyIsRejected(text: String) {
        let error = failure { () throws(ScenarioError) in try parse("k: &a [1]\n" + text) }
        #expect(error?.message == "keys must be text, found a list; put quotes around a key that should be text")
    }

    @Test func starsElsewhereAreNotAliases() throws {
        let text = """
            glob: "*.csv"
            note: 'see *x: here'
            pick: *a  # *b: in a comment
            # *c: commented out
            list: [*a, *a]
            product: x*y
            block: |
              *a is not an alias here
            """
        let root = try rootMapping("v: &a 1\n" + text)
        #expect(root.keys == ["v", "glob", "note", "pick", "list", "product", "block"])
        #expect(try root.required("note").string() == "see *x: here")
        #expect(try root.required("block").string() == "*a is not an alias here")
        #expect(try root.required("product").string() == "x*y")
    }

    /// Each alias stays under the limit; together they do not.
    @Test func manyModerateAliasesAddUp() {
        var text = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...4 {
            text += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "many: [" + Array(repeating: "*l4", count: 20).joined(separator: ", ") + "]\n"
        let error = failure { () throws(ScenarioError) in try parse(text) }
        #expect(error?.message.hasPrefix("aliases expand the document") == true)
        #expect(error?.location?.line == 6)
    }

    @Test func aliasesInLaterDocumentsAreMeasuredToo() {
        let error = failure { () throws(ScenarioError) in try parse("a: 1\n---\n" + Self.billionLaughs()) }
        #expect(error?.message.hasPrefix("aliases expand the document") == true)
    }
}
