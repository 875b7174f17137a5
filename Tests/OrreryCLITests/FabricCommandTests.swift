import Foundation
import Testing

@Suite struct FabricCommandTests {
    /// 32 DGX H100 in one scalable unit: 256 GPUs, 8 rail leaves, non-blocking.
    @Test func inspectsAPreset() throws {
        let r = try OrreryProcess.run(["fabric", "inspect", "--preset", "dgx-h100-superpod", "--nodes", "32"])
        #expect(r.status == 0, "\(r.stderr)")
        let text = r.stdout.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        #expect(text.contains("GPUs 256"))
        #expect(text.contains("leaf switches 8"))
        #expect(text.contains("oversubscription 1.0:1"))
        #expect(text.contains("bisection 51200 Gb/s"))
    }

    @Test func oversubscriptionHalvesTheBisection() throws {
        let r = try OrreryProcess.run(["fabric", "inspect", "--preset", "dgx-h100-superpod", "--nodes", "32", "--oversubscription", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let text = r.stdout.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        #expect(text.contains("bisection 25600 Gb/s"))
    }

    @Test(arguments: [
        (["fabric", "inspect", "--preset", "dgx-z100", "--nodes", "4"], "unknown topology preset", Int32(2)),
        (["fabric", "inspect", "--preset", "dgx-a100-superpod", "--nodes", "0"], "--nodes", Int32(64)),
        (["fabric", "inspect", "--preset", "dgx-a100-superpod", "--nodes", "4", "--node-type", "DGX-Z"], "unknown node type", Int32(2)),
    ])
    func badInputIsAClearError(arguments: [String], mention: String, status: Int32) throws {
        let r = try OrreryProcess.run(arguments)
        #expect(r.status == status, "\(r.stderr)")
        #expect(r.stderr.contains(mention), "\(r.stderr)")
    }
}
