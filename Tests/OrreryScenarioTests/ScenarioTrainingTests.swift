import Foundation
import Testing
import OrreryKernel
import OrreryHardware
@testable import OrreryScenario

let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func trainingFailure(_ workload: String) -> String? {
    let yaml = """
        name: tr
        cluster:
          nodes:
            - { type: DGX-H100, count: 2 }
        workloads:
        \(workload)
        """
    do {
        let directory = try scratchDirectory(["s.yaml": yaml])
        _ = try Scenario.load(path: directory + "/s.yaml")
        return nil
    } catch { return "\(error)" }
}

/// `kind: training` workloads: parsing, errors with key paths, and the validation files.
@Suite struct ScenarioTrainingTests {
    /// Megatron-LM Table 1 (Narayanan et al., SC'21), per-GPU TFLOP/s, by scenario file.
    static let published: [(String, Double)] = [
        ("megatron-table1-01-gpt-1.7b", 137), ("megatron-table1-02-gpt-3.6b", 138), ("megatron-table1-03-gpt-7.5b", 142),
        ("megatron-table1-04-gpt-18.4b", 135), ("megatron-table1-05-gpt-39.1b", 138), ("megatron-table1-06-gpt-76.1b", 140),
        ("megatron-table1-07-gpt-145.6b", 148), ("megatron-table1-08-gpt-310.1b", 155),
        ("megatron-table1-09-gpt-529.6b", 163), ("megatron-table1-10-gpt-1t", 163),
    ]

    @Test(arguments: published)
    func validationScenarioWithinTenPercent(file: String, tflops: Double) throws {
        let scenario = try Scenario.load(path: repositoryRoot.appendingPathComponent("Scenarios/validation/\(file).yaml").path)
        let prepared = scenario.prepare()
        prepared.simulation.run()
        let metric = try #require(prepared.metrics().first { $0.name == "training.hardware-tflops-per-gpu" })
        #expect(abs(metric.value - tflops) / tflops <= 0.10, "\(file): \(metric.value) vs published \(tflops)")
    }

    @Test func llama405BScenarioReportsTimeToTrain() throws {
        let scenario = try Scenario.load(path: repositoryRoot.appendingPathComponent("Scenarios/llama3-405b-16k.yaml").path)
        let workload = try #require(scenario.training.first)
        #expect(workload.plan.job.layout.gpus == 16_384)
        #expect(workload.steps == 929_833)
        let prepared = scenario.prepare()
        prepared.simulation.run()
        let names = prepared.metrics().map(\.name)
        for name in ["training.step-time", "training.mfu", "training.tokens-per-second", "training.time-to-train"] {
            #expect(names.contains(name))
        }
        #expect(prepared.training.first?.run.detailedSteps == 1)
        let profile = try #require(try prepared.training.first?.resilienceProfile())
        #expect(profile.gpuCount == 16_384)
    }

    @Test func inlineModelLoads() {
        let failure = trainingFailure("""
              - kind: training
                model: { layers: 4, hidden: 1024, heads: 16, vocabulary: 32000, ffn-type: swiglu, ffn: 2816 }
                parallelism: { tp: 8, dp: 2 }
                global-batch: 16
                steps: 10
            """)
        #expect(failure == nil, "\(failure ?? "")")
    }

    @Test func unknownModelNamesTheKeyPath() throws {
        let text = try #require(trainingFailure("""
              - kind: training
                model: Llama-9-1T
                parallelism: { tp: 8 }
                global-batch: 16
                steps: 1
            """))
        #expect(text.contains("workloads[0].model"), "\(text)")
        #expect(text.contains("unknown model 'Llama-9-1T'"), "\(text)")
    }

    @Test func configurationThatDoesNotFitNamesTheGPU() throws {
        let text = try #require(trainingFailure("""
              - kind: training
                model: Llama-3-70B
                parallelism: { tp: 8, dp: 2 }
                global-batch: 16
                steps: 1
            """))
        #expect(text.contains("H100-SXM node 0 slot 0"), "\(text)")
        #expect(text.contains("has 80.0 GiB"), "\(text)")
    }

    @Test func missingBudgetIsAnError() throws {
        let text = try #require(trainingFailure("""
              - kind: training
                model: Llama-3-8B
                parallelism: { tp: 8, dp: 2 }
                global-batch: 16
            """))
        #expect(text.contains("needs 'tokens'"), "\(text)")
    }
}

@Suite struct TrainingTopologyTests {
    @Test func defaultTopologyMatchesTheNodeType() throws {
        let node = try #require(OrreryHardware.HardwareCatalogue.builtIn.node(named: "DGX-H100"))
        let topology = try Scenario.defaultTrainingTopology(node: node, nodes: 64)
        #expect(topology.gpuCount == 512)
        #expect(topology.nodeSpec.name == "DGX-H100")
    }
}
