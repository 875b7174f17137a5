import Foundation
import OrreryKernel
import OrreryResults
import OrreryScenario

/// One run to make: a scenario (a variant's, or the scenario itself), the replication it
/// is, and how the results file labels it.
struct PlannedRun {
    var scenario: Scenario
    var seed: UInt64
    /// The replication: random streams are seeded from (seed, run index).
    var runIndex = 0
    /// `runs.variant`; nil for a plain run.
    var variant: String? = nil
    /// `variant_settings`: the values that make the variant.
    var settings: [VariantSetting] = []
    /// How errors and the interrupt message name the run: `replication 3`, `variant 2 (…)`.
    var name: String
}

/// The run loop `orrery run --replications`, `compare` and `sweep` share: planned runs
/// one after another into one results file, stopping after a run that was interrupted
/// (Ctrl-C), so the file holds every finished run and the interrupted one with status
/// `interrupted`.
struct RunSequence {
    let runs: [PlannedRun]
    /// The results file; nil runs without one (`orrery check`).
    let output: String?
    /// Draw the progress line (on a terminal) while each run goes.
    var showProgress = false
    /// Add to an existing results file instead of starting a new one with the first run.
    var appendToExisting = false

    struct Finished {
        var run: PlannedRun
        var outcome: ScenarioExecution.Outcome
    }

    /// Runs them in order, calling `finished` after each (also for the interrupted one,
    /// which is the last). A run that fails prints its error and throws
    /// ``ExitStatus/failure``.
    func execute(_ finished: (Finished) throws -> Void = { _ in }) throws {
        for (position, run) in runs.enumerated() {
            let execution = ScenarioExecution(
                scenario: run.scenario, seed: run.seed, output: output, showProgress: showProgress,
                appending: appendToExisting || position > 0, variant: run.variant, settings: run.settings,
                runIndex: run.runIndex)
            let outcome: ScenarioExecution.Outcome
            do { outcome = try execution.execute() } catch {
                printError("\(run.name): \(error)")
                throw ExitStatus.failure
            }
            try finished(Finished(run: run, outcome: outcome))
            if outcome.status == .interrupted { return }
        }
    }
}
