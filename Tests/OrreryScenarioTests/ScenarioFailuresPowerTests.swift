import Foundation
import Testing
import OrreryKernel
import OrreryResilience
@testable import OrreryScenario

private let base = """
    name: t
    cluster:
      nodes:
        - { type: DGX-H100, count: 2 }
    workloads:
      - kind: training
        model: { layers: 4, hidden: 1024, heads: 16, vocabulary: 32000, ffn-type: swiglu, ffn: 2816 }
        parallelism: { tp: 8, dp: 2 }
        global-batch: 16
        tokens: 1G

    """

private func parseWithResilience(_ yaml: String) throws(ScenarioErrors) -> Scenario {
    let document: ConfigDocument
    do { document = try ConfigDocument.parse(text: base + yaml, file: "s.yaml") } catch { throw ScenarioErrors([error]) }
    return try Scenario.parse(document)
}

private func resilienceFailure(_ yaml: String) -> String? {
    do { _ = try parseWithResilience(yaml); return nil } catch { return error.description }
}

@Suite struct ScenarioFailuresPowerTests {
    @Test func sectionsAreOptional() throws {
        let scenario = try parseWithResilience("")
        #expect(scenario.failures == nil)
        #expect(scenario.power == nil)
    }

    @Test func failuresSectionParsesPresetModesAndRecovery() throws {
        let scenario = try parseWithResilience("""
            failures:
              preset: llama3-h100-2024
              modes:
                - { name: fan, scope: node, rate: 1e-5, shape: 1.5, repair: 8h }
              detection: 2min
              teardown: { distribution: constant, value: 30s }
              restart: { distribution: lognormal, median: 5min, sigma: 0.3 }
              spares: { nodes: 32, repair: { distribution: lognormal, median: 8h, sigma: 0.5 } }
              drain-after: 3
            """)
        let settings = try #require(scenario.failures)
        #expect(settings.model.modes.count == 19)
        let fan = try #require(settings.model.modes.last)
        #expect(fan.law == FailureLaw.weibull(shape: 1.5))
        #expect(fan.requiresReplacement)
        // spares.repair overrides every mode's repair, in hours.
        let median = try #require(settings.model.modes.first?.repairHours)
        #expect(abs(median.mean - Distribution.lognormal(median: 8, sigma: 0.5).mean) < 1e-9)
        #expect(settings.recovery.detectionSeconds == Distribution.constant(120))
        #expect(settings.recovery.teardownSeconds == Distribution.constant(30))
        #expect(settings.recovery.warmSpareNodes == 32)
        #expect(settings.recovery.drainAfterFailures == 3)
    }

    @Test func powerSectionParsesUnitsAndCaps() throws {
        let scenario = try parseWithResilience("""
            power:
              pue: 1.2
              grid-intensity: 0.41kg/kWh
              price: { energy: 0.08$/kWh, gpu-hour: 2.5$ }
              cap: [ { at: 10d, watts: 20MW }, { at: 20d, watts: null } ]
            """)
        let power = try #require(scenario.power)
        #expect(power.powerUsageEffectiveness == 1.2)
        #expect(abs(power.cost.gridGramsCO2PerKilowattHour - 410) < 1e-9)
        #expect(power.cost.pricePerGPUHour == 2.5)
        #expect(power.caps == [PowerCapChange(at: SimTime.day.scaled(by: 10), facilityWatts: 20e6),
                               PowerCapChange(at: SimTime.day.scaled(by: 20), facilityWatts: nil)])
        let single = try #require(try parseWithResilience("power: { cap: 24MW }").power)
        #expect(single.caps == [PowerCapChange(at: .zero, facilityWatts: 24e6)])
    }

    @Test(arguments: [
        ("failures: { preset: llama3-h100-2025 }", "did you mean 'llama3-h100-2024'?"),
        ("failures: { detetcion: 2min }", "did you mean 'detection'?"),
        ("failures: { detection: 2 }", "failures.detection"),
        ("failures: { restart: { distribution: lognormall, median: 5min, sigma: 1 } }", "did you mean 'lognormal'?"),
        ("failures: { modes: [ { name: x, scope: rack, rate: 1 } ] }", "failures.modes[0].scope"),
        ("failures: { modes: [ { name: x, scope: gpu, rate: -1 } ] }", "failures.modes[0].rate"),
        ("failures: { spares: { nodes: -1 } }", "failures.spares.nodes"),
        ("power: { pue: 0.9 }", "power.pue"),
        ("power: { cap: 24 }", "power.cap"),
        ("power: { racks: { nodes: 0 } }", "power.racks.nodes"),
        ("power: { racks: { nodes: 2, cap: 0kW } }", "power.racks.cap"),
        ("power: { racks: { nodes: 2, kap: 20kW } }", "did you mean 'cap'?"),
        ("power: { cap: [ { at: 2d, watts: 1MW }, { at: 1d, watts: 2MW } ] }", "power.cap[1].at"),
        ("power: { price: { energy: 0.08 } }", "power.price.energy"),
    ])
    func errorsNameTheKeyPath(yaml: String, expected: String) throws {
        let message = try #require(resilienceFailure(yaml))
        #expect(message.contains(expected), "\(message)")
    }
}
