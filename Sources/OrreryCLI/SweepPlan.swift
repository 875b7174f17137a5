import OrreryResults
import OrreryScenario

/// The runs of a sweep, variant by variant, each variant's replications together: run
/// indices 0..<replications of the same seed in every variant, so replication r of one
/// variant and replication r of another draw the same random numbers (common random
/// numbers) and differ only by the values swept.
struct SweepPlan {
    let sweep: ScenarioSweep
    let replications: Int
    let runs: [PlannedRun]

    /// `seed` overrides every variant's `run.seed`.
    init(sweep: ScenarioSweep, seed: UInt64?, replications: Int) {
        self.sweep = sweep
        self.replications = replications
        let total = sweep.variants.count
        runs = sweep.variants.flatMap { variant in
            (0..<replications).map { index in
                let label = variant.label ?? ""
                return PlannedRun(
                    scenario: variant.scenario, seed: seed ?? variant.scenario.run.seed, runIndex: index,
                    variant: variant.label,
                    settings: variant.settings.map { VariantSetting(keyPath: $0.path, value: $0.value) },
                    name: "variant \(variant.index + 1) of \(total) (\(label))" + (replications > 1 ? ", replication \(index)" : ""))
            }
        }
    }

    /// The seeds the variants run with: one, unless `run.seed` is itself an axis.
    var seeds: [UInt64] {
        var seen: [UInt64] = []
        for run in runs where !seen.contains(run.seed) { seen.append(run.seed) }
        return seen
    }

    /// `Results/<name>-sweep-seed<seed>.sqlite`.
    var defaultOutput: String {
        guard let first = runs.first else { return "Results/sweep.sqlite" }
        return ScenarioExecution.defaultOutput(for: first.scenario, seed: first.seed)
            .replacingOccurrences(of: "-seed\(first.seed).sqlite", with: "-sweep-seed\(first.seed).sqlite")
    }
}
