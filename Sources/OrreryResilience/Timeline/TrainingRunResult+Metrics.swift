import OrreryKernel

extension TrainingRunResult {
    /// The run's summary as named metrics (documented in `docs/resilience.md`), in a
    /// fixed order: totals first, then one entry per failure mode in configuration order.
    public var metrics: [Metric] {
        var metrics: [Metric] = [
            Metric("resilience.ettr", ettr, unit: "ratio"),
            Metric("resilience.goodput", goodputTokensPerSecond, unit: "tokens/s"),
            Metric("resilience.goodput.fraction", goodputFraction, unit: "ratio"),
            Metric("resilience.elapsed", elapsedSeconds, unit: "s"),
            Metric("resilience.tokens", tokensTrained, unit: "tokens"),
            Metric("resilience.time-to-train", timeToTrainSeconds, unit: "s"),
            Metric("resilience.interruptions", Double(interruptions), unit: "count"),
            Metric("resilience.lost-gpu-hours", lostGPUHoursByMode.reduce(0, +), unit: "GPU·h"),
            Metric("resilience.lost-gpu-hours.checkpoint", checkpointGPUHours, unit: "GPU·h"),
            Metric("resilience.checkpoint.interval", checkpointIntervalSeconds, unit: "s"),
            Metric("resilience.checkpoint.overhead",
                   elapsedSeconds > 0 ? secondsByPhase[RunPhase.checkpointStall.rawValue] / elapsedSeconds : 0, unit: "ratio"),
            Metric("resilience.checkpoints", Double(checkpointsCompleted), unit: "count"),
            Metric("resilience.checkpoints.skipped", Double(checkpointsSkipped), unit: "count"),
            Metric("resilience.checkpoints.aborted", Double(checkpointsAborted), unit: "count"),
            Metric("resilience.nodes-drained", Double(nodesDrained), unit: "count"),
            Metric("resilience.waiting-for-nodes", secondsByPhase[RunPhase.waitingForNodes.rawValue], unit: "s"),
            Metric("power.energy.gpu", gpuEnergyJoules / 3.6e6, unit: "kWh"),
            Metric("power.energy.node", nodeEnergyJoules / 3.6e6, unit: "kWh"),
            Metric("power.energy.facility", facilityKilowattHours, unit: "kWh"),
            Metric("power.peak", peakFacilityWatts, unit: "W"),
            Metric("power.swing.max", largestSwingWatts, unit: "W"),
            Metric("power.swing.step", stepSwingWatts, unit: "W"),
            Metric("power.cap-exceeded", capExceededSeconds, unit: "s"),
            Metric("power.co2", tonnesCO2, unit: "t"),
            Metric("cost.gpu-hours", gpuHourCost, unit: "currency"),
            Metric("cost.energy", energyCost, unit: "currency"),
            Metric("cost.total", gpuHourCost + energyCost, unit: "currency"),
        ]
        if hasRacks {
            metrics.append(Metric("power.rack.peak", peakRackWatts, unit: "W"))
        }
        if let outages {
            metrics.append(Metric("resilience.outage.mean", outages.mean, unit: "s"))
            metrics.append(Metric("resilience.outage.p50", outages.p50, unit: "s"))
            metrics.append(Metric("resilience.outage.p95", outages.p95, unit: "s"))
            metrics.append(Metric("resilience.outage.max", outages.max, unit: "s"))
        }
        let lost = lostGPUHoursByMode
        for (index, name) in modeNames.enumerated() {
            metrics.append(Metric("resilience.interruptions.\(name)", Double(interruptionsByMode[index]), unit: "count"))
            metrics.append(Metric("resilience.lost-gpu-hours.\(name)", lost[index], unit: "GPU·h"))
        }
        return metrics
    }
}
