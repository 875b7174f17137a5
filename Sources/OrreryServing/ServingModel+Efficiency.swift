import OrreryKernel

extension ServingModel {
    /// Resource, energy and cost metrics of a run that reached `end`:
    ///
    /// - `serving.gpu-hours`: every replica GPU for as long as it was held: the whole run
    ///   without an autoscaler; from start (including start-up) to release with one.
    /// - `serving.energy.kwh` and `.joules-per-token`: TDP-based — each GPU draws its TDP
    ///   while its replica runs an iteration and its idle power otherwise; host, network
    ///   and cooling are not counted, and real GPUs rarely sit at TDP in memory-bound
    ///   decode, so this is an upper estimate of GPU energy. Per token means per output token.
    /// - `serving.cost.dollars-per-million-tokens`: GPU-hours × price per GPU-hour over
    ///   output tokens / 10⁶, when a price is known (``GPUPricing``).
    func efficiencyMetrics(end: SimTime, outputTokens: Int) -> [Metric] {
        let seconds = end.seconds
        let tp = Double(configuration.replica.gpusPerReplica)
        let gpu = configuration.replica.gpu
        let held = provisionedSeconds(until: end)
        let gpuHours = tp * held.reduce(0, +) / 3600
        var joules = 0.0
        for (replica, heldSeconds) in held.enumerated() {
            let busy = busyTime(ofReplica: replica).seconds
            joules += tp * (busy * gpu.tdpWatts + Swift.max(heldSeconds - busy, 0) * gpu.idlePowerWatts)
        }
        var metrics = [
            Metric("serving.gpu-hours", gpuHours, unit: "GPU-hours"),
            Metric("serving.energy.kwh", joules / 3.6e6, unit: "kWh"),
            Metric("serving.energy.joules-per-token", outputTokens > 0 ? joules / Double(outputTokens) : 0, unit: "J/token"),
        ]
        if configuration.autoscaler != nil {
            metrics += [
                Metric("serving.autoscaler.scale-ups", Double(scaleUps), unit: "replicas"),
                Metric("serving.autoscaler.scale-downs", Double(scaleDowns), unit: "replicas"),
                Metric("serving.replicas.peak", Double(peakProvisioned), unit: "replicas"),
                Metric("serving.replicas.mean", seconds > 0 ? held.reduce(0, +) / seconds : 0, unit: "replicas"),
            ]
        }
        if let price = configuration.pricePerGPUHour ?? GPUPricing.defaultPricePerGPUHour(gpu: gpu), outputTokens > 0 {
            metrics.append(
                Metric(
                    "serving.cost.dollars-per-million-tokens", gpuHours * price / (Double(outputTokens) / 1e6),
                    unit: "$/Mtoken"))
        }
        return metrics
    }

    /// How the run fared against the configured SLO, or nil without one.
    public func sloReport(end: SimTime) -> SLOReport? {
        settle(at: end)
        return configuration.slo.map { SLOReport(slo: $0, records: records, end: end) }
    }
}
