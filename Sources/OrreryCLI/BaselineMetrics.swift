import OrreryKernel
import OrreryScenario

/// The metrics `orrery check` and `orrery baseline update` compare with a baseline: a
/// plain scenario's own, or for a sweep every variant's, each name prefixed by the
/// variant's label in brackets (`[scheduler.policy=sjf] jobs.jct.mean`), so one
/// baseline file of the existing format covers the whole sweep.
enum BaselineMetrics {
    /// Runs every variant once (replication 0) with `seed`, writing results to `output`
    /// when given.
    static func collect(_ sweep: ScenarioSweep, seed: UInt64, output: String?) throws -> [Metric] {
        let runs = SweepPlan(sweep: sweep, seed: seed, replications: 1).runs
        var metrics: [Metric] = []
        try RunSequence(runs: runs, output: output).execute { finished in
            let prefix = finished.run.variant.map { "[\($0)] " } ?? ""
            metrics += finished.outcome.metrics.map { Metric(name: prefix + $0.name, value: $0.value, unit: $0.unit) }
        }
        return metrics
    }

    /// The seed a baseline records when none is given: the scenario's (the first variant's).
    static func defaultSeed(_ sweep: ScenarioSweep) -> UInt64 {
        sweep.variants.first?.scenario.run.seed ?? 0
    }
}
