import Foundation
import OrreryKernel
import OrreryResilience
import Testing
@testable import OrreryScenario

/// The shipped 54-day scenario (issue 5's validation): the 16k-GPU step priced on Meta's
/// RoCE fabric, then 54 days with the Llama 3 Table 5 preset. Counts within the Poisson
/// spread of the paper's 419 and ETTR above 90 %.
@Suite struct Llama3FailureScenarioTests {
    @Test func theShippedScenarioMatchesThePaper() throws {
        let path = repositoryRoot.appendingPathComponent("Scenarios/llama3-405b-54d-failures.yaml").path
        let scenario = try Scenario.load(path: path)
        let prepared = scenario.prepare(seed: scenario.run.seed)
        prepared.simulation.run(until: prepared.horizon)
        let run = try #require(try prepared.resilienceRun())
        let result = run.result
        #expect(abs(Double(result.interruptions) - 419) <= 3 * 419.0.squareRoot(), "\(result.interruptions)")
        #expect(result.ettr > 0.9)
        for (index, entry) in FailureModel.llama3Table5.enumerated() {
            let expected = Double(entry.count), observed = Double(result.interruptionsByMode[index])
            #expect(abs(observed - expected) <= 4 * expected.squareRoot() + 2, "\(entry.name): \(observed) vs \(expected)")
        }
        // One leaf per rack of two servers: a switch failure strikes both.
        let switches = result.failures.filter { $0.mode == "switch-cable" }
        #expect(!switches.isEmpty && switches.allSatisfy { $0.nodesStruck <= 2 })
        #expect(result.hasRacks && result.peakRackWatts > 0)
    }
}
