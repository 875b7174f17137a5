import Foundation
import Testing
import OrreryKernel
@testable import OrreryScenario

private func scenario(_ workloads: String, sections: String) throws -> Scenario {
    let yaml = """
        name: r
        run: { seed: 7, horizon: 2d }
        cluster:
          nodes:
            - { type: DGX-H100, count: 2 }
        workloads:
        \(workloads)
        \(sections)
        """
    let directory = try scratchDirectory(["s.yaml": yaml])
    return try Scenario.load(path: directory + "/s.yaml")
}

private let smallTraining = """
      - kind: training
        name: small
        model: { layers: 4, hidden: 1024, heads: 16, vocabulary: 32000, ffn-type: swiglu, ffn: 2816 }
        parallelism: { tp: 8, dp: 2 }
        global-batch: 16
        tokens: 2T
        checkpoint: { interval: 10min, mode: sync }
    """

private let failuresAndPower = """
    failures:
      modes:
        - { name: gpu, scope: gpu, rate: 1e-2 }
      detection: 1min
      restart: 2min
    power: { pue: 1.2 }
    """

/// `failures` and `power` run the resilience timeline over the training job's budget.
@Suite struct ScenarioResilienceRunTests {
    func metrics(seed: UInt64) throws -> [String: Double] {
        let loaded = try scenario(smallTraining, sections: failuresAndPower)
        let prepared = loaded.prepare(seed: seed)
        prepared.simulation.run(until: prepared.horizon)
        let all = prepared.metrics() + (try prepared.resilienceMetrics())
        return Dictionary(all.map { ($0.name, $0.value) }) { _, last in last }
    }

    @Test func failuresInterruptTheJobAndPowerIsReported() throws {
        let values = try metrics(seed: 7)
        // 16 GPUs × 48 h × 1e-2 per GPU-hour: 7.7 failures expected in the 2 days (the
        // budget needs more than 5); the ratio drops below 0.99 exactly when one happened.
        let interruptions = try #require(values["resilience.interruptions"])
        let ettr = try #require(values["resilience.ettr"])
        #expect(ettr > 0 && ettr <= 1)
        #expect((interruptions == 0) == (ettr > 0.99))
        #expect(abs(try #require(values["resilience.checkpoint.interval"]) - 600) < 1)
        #expect(try #require(values["power.peak"]) > 0)
        #expect(try #require(values["resilience.elapsed"]) == 2 * 86_400)
    }

    @Test func sameSeedSameTimelineOtherSeedOtherTimeline() throws {
        let a = try metrics(seed: 7), b = try metrics(seed: 7)
        #expect(a == b)
        let differs = try (1...5).contains { seed in try metrics(seed: 100 + UInt64(seed))["resilience.ettr"] != a["resilience.ettr"] }
        #expect(differs)
    }

    @Test func sectionsWithoutATrainingJobAreAnError() throws {
        let jobs = """
              - kind: jobs
                jobs:
                  - { id: a, gpus: 8, duration: 1h }
            """
        let error = #expect(throws: ScenarioErrors.self) { try scenario(jobs, sections: failuresAndPower) }
        #expect(error?.description.contains("'failures' and 'power' apply to training workloads") == true)
    }

    @Test func unknownCheckpointModeSuggestsOne() throws {
        let workload = smallTraining.replacingOccurrences(of: "mode: sync", with: "mode: synk")
        let error = #expect(throws: ScenarioErrors.self) { try scenario(workload, sections: failuresAndPower) }
        #expect(error?.description.contains("unknown checkpoint mode 'synk'") == true)
        #expect(error?.description.contains("checkpoint.mode") == true)
    }

    @Test func checkpointTargetAndDataLoadingAreRead() throws {
        let workload = smallTraining
            .replacingOccurrences(of: "mode: sync }", with: "mode: sync, target: object-store }\n    data-loading: 2GB/s")
        let loaded = try scenario(workload, sections: failuresAndPower)
        let training = try #require(loaded.training.first)
        #expect(training.checkpoint.target == .objectStore)
        #expect(training.dataLoadingBytesPerSecondPerNode == 2e9)
        let bad = smallTraining.replacingOccurrences(of: "mode: sync }", with: "mode: sync, target: tape }")
        let error = #expect(throws: ScenarioErrors.self) { try scenario(bad, sections: failuresAndPower) }
        #expect(error?.description.contains("checkpoint.target") == true)
    }
}
