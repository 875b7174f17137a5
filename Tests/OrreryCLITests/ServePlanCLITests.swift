import Foundation
import Testing

/// 400 requests at 16/s of 600-token prompts and 120-token answers: about 1,900 output
/// tokens/s, more than one Llama-2-7B A100 replica sustains within a 1 s TTFT.
private let busyScenario = """
    name: plan
    run: { seed: 3 }
    cluster:
      nodes:
        - { type: DGX-A100, count: 1 }
    workloads:
      - kind: serving
        name: chat
        model: llama-2-7b
        gpu: A100-80GB
        trace: { format: synthetic, requests: 400, rate-per-second: 16, prompt-median: 600, output-median: 120 }
        router: least-outstanding-tokens
    """

@Suite(.serialized) struct ServePlanCLITests {
    @Test func planFindsTheSmallestPassingCount() throws {
        let dir = try scratch(["s.yaml": busyScenario])
        let r = try OrreryProcess.run(["serve", "plan", "s.yaml", "--slo", "ttft=1s,tpot=100ms"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let smallest = try #require(lines.last { $0.hasPrefix("smallest: ") })
        let count = try #require(Int(smallest.dropFirst("smallest: ".count).prefix { $0.isNumber }))
        #expect(count > 1, "\(r.stdout)")
        // The table has the passing count as "yes" and the count below it as "no".
        let rows = lines.filter { $0.first?.isNumber == true }
        let byCount = Dictionary(rows.map { (Int($0.prefix { $0.isNumber }) ?? 0, $0) }) { a, _ in a }
        #expect(byCount[count]?.hasSuffix("yes") == true, "\(r.stdout)")
        #expect(byCount[count - 1]?.hasSuffix("no") == true, "\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("replicas") && $0.contains("ttft-p90") && $0.contains("tpot-p90") })
    }

    @Test func planComparesGPUTypes() throws {
        let dir = try scratch(["s.yaml": busyScenario])
        let r = try OrreryProcess.run(
            ["serve", "plan", "s.yaml", "--slo", "ttft=1s,tpot=100ms", "--gpus", "A100-80GB,H100-SXM"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("smallest: ") }.count == 2, "\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("GPU") && $0.contains("$/Mtoken") }, "\(r.stdout)")
        let h100 = try #require(lines.last { $0.hasPrefix("H100-SXM ") })
        let a100 = try #require(lines.last { $0.hasPrefix("A100-80GB ") })
        // The faster GPU needs no more replicas than the slower one.
        let count = { (row: String) in Int(row.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0 }
        #expect(count(h100) <= count(a100), "\(r.stdout)")
    }

    @Test func unknownGPUIsInvalidInput() throws {
        let dir = try scratch(["s.yaml": busyScenario])
        let r = try OrreryProcess.run(["serve", "plan", "s.yaml", "--slo", "ttft=1s", "--gpus", "A100-80G"], in: dir)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("unknown GPU 'A100-80G'"), "\(r.stderr)")
    }

    @Test func unreachableSLOFails() throws {
        let dir = try scratch(["s.yaml": busyScenario])
        let r = try OrreryProcess.run(["serve", "plan", "s.yaml", "--slo", "ttft=1ms", "--max-replicas", "2"], in: dir)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("no replica count up to 2 meets the SLO"), "\(r.stderr)")
    }

    @Test func badSLOIsInvalidInput() throws {
        let dir = try scratch(["s.yaml": busyScenario])
        let r = try OrreryProcess.run(["serve", "plan", "s.yaml", "--slo", "ttfb=1s"], in: dir)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("unknown SLO measure 'ttfb'"), "\(r.stderr)")
    }

    @Test func missingSLOIsInvalidInput() throws {
        let dir = try scratch(["s.yaml": busyScenario])
        let r = try OrreryProcess.run(["serve", "plan", "s.yaml"], in: dir)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("no SLO"), "\(r.stderr)")
    }
}
