import Foundation
import Testing
import OrreryKernel
@testable import OrreryScenario

/// Hostile values written into small scenarios that use the newer keys (serving pp, swap,
/// autoscaler, synthetic traces, training budgets and batches): each either loads with an
/// error naming the file and key path, or loads and runs without a trap and with finite
/// metrics. Every case here trapped, hung or exhausted memory before its fix.
@Suite struct ScenarioRobustnessTests {
    private static let serving = """
        name: robust-serving
        run: { seed: 3, horizon: 10m }
        cluster:
          nodes:
            - { type: DGX-H100, count: 2 }
        workloads:
          - kind: serving
            name: chat
            model: llama-2-7b
            replicas: 1
            tp: 2
            pp: 2
            trace: { format: synthetic, requests: 60, rate-per-second: 2, prompt-median: 500, output-median: 50 }
            batching: { max-seqs: 64, chunked-prefill: 512, preemption: swap, swap-space: 8GiB }
            autoscaler: { signal: utilisation, target: 0.7, min: 1, max: 3, interval: 10s, boot-time: 30s }
        """

    private static let training = """
        name: robust-training
        cluster:
          nodes:
            - { type: DGX-H100, count: 4 }
        workloads:
          - kind: training
            name: llm
            model: Llama-3-8B
            parallelism: { tp: 8, pp: 2, dp: 2 }
            global-batch: 64
            tokens: 1B
        """

    /// The base scenario with `value` (YAML) written at `path`, as a sweep would.
    private static func variant(_ base: String, _ path: String, _ value: String) throws -> ConfigDocument {
        let document = try ConfigDocument.parse(text: base, file: "robust.yaml")
        let node = try ConfigDocument.parse(text: "v: \(value)", file: "robust.yaml").root.mapping().required("v")
        let root = try document.root.replacing(DocumentPath(parsing: path), with: node, origin: document.root.location)
        return document.withRoot(root)
    }

    @Test(arguments: [
        // 10³⁰⁸ tokens: the step count in the message overflowed Int.
        (training, "workloads[0].tokens", "1e308", "workloads[0].tokens: 1.907e+302 steps is more than the 100000000"),
        // 10⁹ sequences per step: 2.5·10⁸ microbatches were built and simulated (memory exhausted).
        // (The planner's errors name the workload: the batch and layout are checked together.)
        (training, "workloads[0].global-batch", "1000000000", "workloads[0]: training workload 'llm': training job (Llama-3-8B): global batch 1000000000"),
        (training, "workloads[0]", """
            { kind: training, model: { name: deep, layers: 256, hidden: 1024, heads: 8, vocabulary: 32000 },
              parallelism: { pp: 32 }, chunks: 4, global-batch: 16384, tokens: 1B }
            """, "workloads[0]: training workload 'training-0': training job (deep): 16384 microbatches through 32 stages × 4 chunks"),
        // Loaded, then priced the cross-node all-reduce at NVLink speed.
        (serving, "workloads[0]", "{ kind: serving, name: chat, model: llama-2-7b, tp: 16, trace: { format: synthetic, requests: 9, rate-per-second: 1 } }", "workloads[0]: serving workload 'chat': tp 16 is more than the 8 GPUs of one DGX-H100 scale-up domain"),
        // Loaded although 8 GPUs × 1 TiB is four times the node's 2 TiB of host memory.
        (serving, "workloads[0].batching.swap-space", "1TiB", "workloads[0]: serving workload 'chat': batching.swap-space 1 TiB per GPU × 8 GPUs is more than"),
        // A price of 10³⁰⁸ dollars made the cost metric infinite.
        (serving, "workloads[0].price-per-gpu-hour", "1e308", "workloads[0].price-per-gpu-hour: expected a price from 0 to 1,000,000"),
    ])
    func impossibleValuesAreErrorsAtTheirKeyPath(base: String, path: String, value: String, message: String) throws {
        let document = try Self.variant(base, path, value)
        let error = try #require(throws: ScenarioErrors.self) { try Scenario.parse(document) }
        #expect(error.description.hasPrefix("robust.yaml:"), "\(error)")
        #expect(error.description.contains(message), "\(error)")
    }

    @Test(arguments: [
        // A target of 10⁻³⁰⁰ made the desired replica count overflow Int.
        (serving, "workloads[0].autoscaler.target", "1e-300"),
        (serving, "workloads[0].autoscaler", "{ signal: queue, target: 1e-300, max: 3 }"),
        // A median of 10³⁰⁰ tokens drew finite lengths beyond Int.
        (serving, "workloads[0].trace.prompt-median", "1e300"),
        (serving, "workloads[0].trace.output-median", "1e300"),
    ])
    func extremeButValidValuesRunToTheEnd(base: String, path: String, value: String) throws {
        let scenario = try Scenario.parse(try Self.variant(base, path, value))
        let prepared = scenario.prepare()
        prepared.simulation.run(until: prepared.horizon)
        for metric in prepared.metrics() {
            #expect(!metric.value.isNaN, "\(metric.name) is NaN")
        }
    }
}
