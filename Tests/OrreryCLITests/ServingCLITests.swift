import Foundation
import Testing
import OrreryResults

private let servingScenario = """
    name: chat
    run: { seed: 5 }
    cluster:
      nodes:
        - { type: DGX-A100, count: 1 }
    workloads:
      - kind: serving
        name: chat
        model: llama-2-7b
        gpu: A100-80GB
        replicas: 2
        trace: { format: synthetic, requests: 300, rate-per-second: 4, prompt-median: 600, output-median: 120 }
        router: least-outstanding-tokens
    """

private let mixedScenario = """
    name: mixed
    cluster:
      nodes:
        - { type: DGX-A100, count: 2 }
    workloads:
      - kind: jobs
        jobs:
          - { id: a, gpus: 8, duration: 100s }
      - kind: serving
        name: chat
        model: llama-2-7b
        trace: { format: azure-llm-2023, path: azure.csv }
      - kind: serving
        name: code
        model: llama-3-8b
        tp: 2
        trace: { format: synthetic, requests: 50, rate-per-second: 2 }
    """

private let azure = """
    TIMESTAMP,ContextTokens,GeneratedTokens
    2023-11-16 18:15:46.6805900,374,44
    2023-11-16 18:15:50.9951690,396,109

    """

private func jsonMetrics(_ stdout: String) throws -> [String: Double] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    let metrics = try #require(object["metrics"] as? [String: [String: Any]])
    return metrics.compactMapValues { $0["value"] as? Double }
}

@Suite(.serialized) struct ServingCLITests {
    @Test func servingRunPrintsAndStoresMetrics() throws {
        let dir = try scratch(["s.yaml": servingScenario])
        let r = try OrreryProcess.run(["run", "s.yaml", "--out", "out/r.sqlite"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let summary = r.stdout.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        #expect(summary.contains("serving.requests.submitted 300 requests"), "\(r.stdout)")
        #expect(summary.contains("serving.ttft.p50"))
        #expect(summary.contains("serving.throughput.tokens-per-s"))
        #expect(!summary.contains("jobs."), "a serving-only scenario reports no job metrics")
        let reader = try ResultsReader(path: dir.appendingPathComponent("out/r.sqlite").path)
        let run = try #require(try reader.runs().first)
        #expect(run.status == .completed)
        let metrics = try reader.metrics(run: run.runID)
        func value(_ name: String) -> Double? { metrics.first { $0.name == name }?.value }
        #expect(value("serving.requests.submitted") == 300)
        // Requests longer than the model's context are rejected on arrival, as vLLM does.
        #expect((value("serving.requests.finished") ?? 0) + (value("serving.requests.rejected") ?? 0) == 300)
        #expect((value("serving.requests.finished") ?? 0) > 250)
        #expect(metrics.contains { $0.name == "serving.e2e.p99" && $0.unit == "s" })

        // Every request has a row, and the rows agree with the summary metrics.
        let requests = try reader.requests(run: run.runID)
        #expect(requests.count == 300)
        #expect(requests.map(\.requestID) == Array(0..<300))
        #expect(Double(requests.filter { $0.status == .finished }.count) == value("serving.requests.finished"))
        #expect(requests.allSatisfy { $0.status != .finished || ($0.end ?? .zero) >= ($0.firstToken ?? .max) })
        #expect(requests.allSatisfy { $0.status != .finished || $0.generatedTokens == $0.outputTokens })
    }

    @Test func servingRunsAreDeterministic() throws {
        let dir = try scratch(["s.yaml": servingScenario])
        let a = try OrreryProcess.run(["run", "s.yaml", "--json", "--out", "a.sqlite"], in: dir)
        let b = try OrreryProcess.run(["run", "s.yaml", "--json", "--out", "b.sqlite"], in: dir)
        let c = try OrreryProcess.run(["run", "s.yaml", "--json", "--seed", "6", "--out", "c.sqlite"], in: dir)
        #expect(a.status == 0 && b.status == 0 && c.status == 0, "\(a.stderr)\(b.stderr)\(c.stderr)")
        let ma = try jsonMetrics(a.stdout), mb = try jsonMetrics(b.stdout), mc = try jsonMetrics(c.stdout)
        #expect(!ma.isEmpty)
        #expect(ma == mb)
        #expect(ma["serving.ttft.mean"] != mc["serving.ttft.mean"])
    }

    @Test func jobsAndSeveralServingWorkloadsKeepNamesApart() throws {
        let dir = try scratch(["s.yaml": mixedScenario, "azure.csv": azure])
        let r = try OrreryProcess.run(["run", "s.yaml", "--json", "--out", "m.sqlite"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let metrics = try jsonMetrics(r.stdout)
        #expect(metrics["jobs.finished"] == 1)
        #expect(metrics["serving.chat.requests.finished"] == 2)
        #expect(metrics["serving.code.requests.submitted"] == 50)
        #expect(metrics["serving.requests.finished"] == nil)
    }

    @Test func servingTypoIsReportedWithItsKeyPath() throws {
        let dir = try scratch(["s.yaml": servingScenario.replacingOccurrences(of: "llama-2-7b", with: "llama-2-7c")])
        let r = try OrreryProcess.run(["validate", "s.yaml"], in: dir)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("workloads[0].model"), "\(r.stderr)")
        #expect(r.stderr.contains("Llama-2-7B"), "\(r.stderr)")
    }

    @Test func bundledServingQuickstartRuns() throws {
        let path = OrreryProcess.packageRoot.appendingPathComponent("Scenarios/serving-quickstart.yaml").path
        let dir = try scratch()
        let r = try OrreryProcess.run(["run", path, "--json", "--out", "q.sqlite"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let metrics = try jsonMetrics(r.stdout)
        #expect(metrics["serving.requests.submitted"] == 7000)
        #expect((metrics["serving.requests.finished"] ?? 0) > 6000)
    }
}
