import OrreryKernel

extension ServingModel {
    /// Summary metrics of the run so far. Names are stable (documented in docs/serving.md):
    /// baselines and notebooks key on them.
    ///
    /// - Parameter end: the simulated time the run reached; throughput is output tokens
    ///   generated from zero to `end` over `end`.
    public func metrics(end: SimTime) -> [Metric] {
        settle(at: end)
        let records = self.records
        let finished = records.filter { $0.completion != nil }
        var metrics = [
            Metric("serving.requests.submitted", Double(records.count), unit: "requests"),
            Metric("serving.requests.finished", Double(finished.count), unit: "requests"),
            Metric("serving.requests.rejected", Double(records.count { $0.rejected }), unit: "requests"),
            Metric(
                "serving.requests.unfinished",
                Double(records.count { !$0.rejected && $0.completion == nil }), unit: "requests"),
        ]
        func add(_ prefix: String, _ values: [Double]) {
            guard let s = SampleSummary(values) else { return }
            metrics += [
                Metric("\(prefix).mean", s.mean, unit: "s"), Metric("\(prefix).p50", s.p50, unit: "s"),
                Metric("\(prefix).p90", s.p90, unit: "s"), Metric("\(prefix).p99", s.p99, unit: "s"),
                Metric("\(prefix).max", s.max, unit: "s"),
            ]
        }
        add("serving.ttft", records.compactMap { $0.timeToFirstToken?.seconds })
        add("serving.tpot", finished.compactMap(\.timePerOutputToken))
        add("serving.e2e", finished.compactMap { $0.endToEnd?.seconds })
        add("serving.queueing", records.compactMap { $0.queueingDelay?.seconds })
        let generated = records.reduce(0) { $0 + $1.generatedTokens }
        let tokens = Double(generated)
        metrics.append(
            Metric("serving.throughput.tokens-per-s", end.seconds > 0 ? tokens / end.seconds : 0, unit: "tokens/s"))
        metrics.append(Metric("serving.preemptions", Double(preemptions), unit: "preemptions"))
        if configuration.replica.preemption == .swap {
            metrics.append(Metric("serving.preemptions.swapped", Double(engines.reduce(0) { $0 + $1.swapOuts }), unit: "preemptions"))
            metrics.append(Metric("serving.swap.bytes", Double(engines.reduce(0) { $0 + $1.swappedBytes }), unit: "B"))
        }
        if let network, configuration.disaggregation != nil {
            metrics.append(Metric("serving.kv-transfers", Double(network.transfersFinished), unit: "transfers"))
            add("serving.kv-transfer", transferSeconds)
        }
        let peak = engines.map { $0.totalBlocks > 0 ? Double($0.peakUsedBlocks) / Double($0.totalBlocks) : 0 }.max() ?? 0
        metrics.append(Metric("serving.kv.peak-utilisation", peak, unit: "ratio"))
        // Over the time replicas held their GPUs (the whole run without an autoscaler).
        let blockSeconds = Double(kvBlocksPerReplica) * provisionedSeconds(until: end).reduce(0, +)
        let used = engines.reduce(0) { $0 + $1.usedBlockSeconds }
        metrics.append(Metric("serving.kv.mean-utilisation", blockSeconds > 0 ? used / blockSeconds : 0, unit: "ratio"))
        metrics.append(Metric("serving.kv.blocks-per-replica", Double(kvBlocksPerReplica), unit: "blocks"))
        if configuration.replica.prefixCaching {
            let looked = prefixBlocksLookedUp
            metrics.append(
                Metric("serving.prefix-cache.hit-rate", looked > 0 ? Double(prefixBlocksHit) / Double(looked) : 0, unit: "ratio"))
        }
        metrics.append(
            Metric("serving.throughput.requests-per-s", end.seconds > 0 ? Double(finished.count) / end.seconds : 0, unit: "requests/s"))
        metrics += efficiencyMetrics(end: end, outputTokens: generated)
        if let report = sloReport(end: end) {
            // A percentile reached by unfinished requests is infinite: left out (and not met).
            for (target, seconds) in report.observed where seconds.isFinite {
                metrics.append(Metric("serving.slo.\(target.name)", seconds, unit: "s"))
            }
            metrics.append(Metric("serving.slo.attainment", report.attainment, unit: "ratio"))
            metrics.append(Metric("serving.slo.met", report.isMet ? 1 : 0, unit: "bool"))
            metrics.append(Metric("serving.goodput.requests-per-s", report.goodputRequestsPerSecond, unit: "requests/s"))
        }
        metrics.append(Metric("serving.iterations", Double(engines.reduce(0) { $0 + $1.iterations }), unit: "iterations"))
        return metrics
    }
}
