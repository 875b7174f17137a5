import Foundation
import Testing

@Suite struct FabricScenarioCommandTests {
    private var llama3: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scenarios/fabric/llama3-roce-24k.yaml").path
    }

    /// The bundled Llama 3-style scenario: 24,576 GPUs in 8 pods, 1:7 above them.
    @Test func inspectsAScenario() throws {
        let r = try OrreryProcess.run(["fabric", "inspect", llama3])
        #expect(r.status == 0, "\(r.stderr)")
        let text = r.stdout.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        #expect(text.contains("GPUs 24576"), "\(text)")
        #expect(text.contains("tiers 3 (8 pods)"), "\(text)")
        #expect(text.contains("leaf switches 1536"), "\(text)")
        #expect(text.contains("spine switches 128"), "\(text)")
        #expect(text.contains("core switches 448"), "\(text)")
        #expect(text.contains("above the pods"), "\(text)")
        #expect(text.contains("storage network"), "\(text)")
    }

    @Test(arguments: [
        (["fabric", "inspect", "Scenarios/quickstart.yaml"], "no cluster.fabric", Int32(2)),
        (["fabric", "inspect", "no-such-file.yaml"], "no-such-file.yaml", Int32(2)),
        (["fabric", "inspect", "Scenarios/quickstart.yaml", "--nodes", "4"], "not both", Int32(64)),
        (["fabric", "inspect"], "scenario file", Int32(64)),
    ])
    func badInputIsAClearError(arguments: [String], mention: String, status: Int32) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let resolved = arguments.map { $0.hasPrefix("Scenarios/") ? root.appendingPathComponent($0).path : $0 }
        let r = try OrreryProcess.run(resolved)
        #expect(r.status == status, "\(r.stderr)")
        #expect(r.stderr.contains(mention), "\(r.stderr)")
    }
}
