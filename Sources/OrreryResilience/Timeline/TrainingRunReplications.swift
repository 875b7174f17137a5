import OrreryKernel

/// Monte-Carlo replications of one training run: replication r runs with run index r of
/// the master seed, in sequence, and the metrics are summarised with Student-t intervals.
/// This is what a `--replications N` CLI flag calls.
public enum TrainingRunReplications {
    public static func run(
        _ configuration: TrainingRunConfiguration, seed: UInt64, replications: Int
    ) throws(ResilienceError) -> (results: [TrainingRunResult], summary: [MetricInterval]) {
        guard replications >= 1 else {
            throw .invalidParameter(name: "replications", value: "\(replications)", expected: "at least 1")
        }
        var aggregator = ReplicationAggregator()
        var results: [TrainingRunResult] = []
        for r in 0..<replications {
            let result = try TrainingRun(
                configuration: configuration, seed: seed, runIndex: ReplicationAggregator.runIndex(ofReplication: r)
            ).run()
            aggregator.add(result.metrics)
            results.append(result)
        }
        return (results, aggregator.summary())
    }
}
