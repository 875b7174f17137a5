import OrreryFabric
import OrreryKernel
import OrreryResilience
import OrreryStorage
import OrreryTraining

/// Failures, checkpoints and power for training workloads: after the step engine has
/// priced one step, the resilience timeline runs the whole token budget with that step
/// (docs/resilience.md, "Training-run timeline").
extension Scenario {
    /// `checkpoint: { interval: daly | young | 30min, mode: async | sync, bytes-per-parameter: 14,
    /// target: parallel-file-system | object-store }`.
    static func parseCheckpoint(_ node: ConfigNode) throws(ScenarioError) -> CheckpointPolicy {
        let map = try node.mapping()
        try map.checkKeys(allowed: ["interval", "mode", "bytes-per-parameter", "target"])
        let defaults = try! CheckpointPolicy()  // the defaults are valid
        var interval = defaults.interval
        if let intervalNode = map.optional("interval") {
            switch try? intervalNode.string() {
            case "daly", "auto": interval = .daly
            case "young": interval = .young
            default: interval = .fixed(seconds: try intervalNode.duration().seconds)
            }
        }
        var mode = defaults.mode
        if let modeNode = map.optional("mode") {
            switch try modeNode.string() {
            case "async", "asynchronous": mode = .asynchronous
            case "sync", "synchronous": mode = .synchronous
            case let other:
                throw modeNode.error("unknown checkpoint mode '\(other)' (available: async, sync)",
                                     suggestion: Suggestion.closest(to: other, among: ["async", "sync"]))
            }
        }
        let bytesNode = map.optional("bytes-per-parameter")
        let bytes = try bytesNode?.double() ?? defaults.bytesPerParameter
        let target = try map.optional("target")?.enumValue(StorageTarget.self) ?? defaults.target
        do {
            return try CheckpointPolicy(bytesPerParameter: bytes, mode: mode, interval: interval, target: target)
        } catch {
            throw (bytesNode ?? map.optional("interval") ?? node).error(error.description)
        }
    }

    /// `failures` and `power` act on training jobs only; without one they would be ignored
    /// silently, so they are an error instead.
    func checkResilienceSections(_ root: ConfigMapping) throws(ScenarioError) {
        guard failures != nil || power != nil else { return }
        let section = try root.required(failures != nil ? "failures" : "power")
        guard let first = training.first else {
            throw section.error("'failures' and 'power' apply to training workloads; this scenario has no 'kind: training' workload")
        }
        guard training.count == 1 else {
            throw section.error("'failures' and 'power' support one training workload per scenario (found \(training.count))")
        }
        guard first.tokenBudget != nil else {
            throw section.error("'failures' and 'power' need the training workload '\(first.name)' to have a token budget ('tokens')")
        }
    }
}

extension PreparedRun {
    /// The resilience timeline's metrics (`resilience.*`, `power.*`, `cost.*`) for the
    /// scenario's training job, or none when the scenario has no `failures`/`power`
    /// section or the run stopped before the first step was priced.
    public func resilienceMetrics() throws -> [Metric] {
        try resilienceRun()?.result.metrics ?? []
    }

    /// The resilience timeline of the scenario's training job (failures, recovery,
    /// checkpoints, power over the whole token budget or the horizon), with the power
    /// series recorded; nil when the scenario has no `failures`/`power` section or the
    /// run stopped before the first step was priced. Seeded from the run's seed and
    /// replication index, on its own random streams.
    public func resilienceRun() throws -> (workload: String, result: TrainingRunResult)? {
        guard failures != nil || power != nil, let job = training.first,
              let profile = try job.resilienceProfile()
        else { return nil }
        let cluster = job.workload.plan.cluster
        let fabric = try topology ?? Scenario.defaultTrainingTopology(node: cluster.node, nodes: cluster.nodes)
        let power = power ?? PowerSettings()
        let domain = cluster.node.nodesPerScaleUpDomain
        let racks = try power.racks ?? (domain > 1 ? RackPower(nodesPerRack: domain) : nil)
        var configuration = try TrainingRunConfiguration(
            profile: profile, inventory: FailureInventory(profile: profile, topology: fabric),
            failures: failures?.model ?? FailureModel(modes: []), recovery: failures?.recovery ?? RecoveryPolicy(),
            checkpoint: job.workload.checkpoint, storage: checkpointStorage(dataLoadingPerNode: job.workload.dataLoadingBytesPerSecondPerNode),
            power: PowerModel(
                node: cluster.node, powerUsageEffectiveness: power.powerUsageEffectiveness, caps: power.caps, racks: racks),
            cost: power.cost, horizon: horizon == .max ? nil : horizon, recordPowerSeries: true)
        // A power cap re-simulates the step at the clock it imposes (GEMMs slow down,
        // memory-bound kernels and the network do not), rather than scaling the step.
        for frequency in configuration.cappedFrequencies {
            let step = try job.resimulatedStep(atRelativeClock: frequency, topology: topology)
            configuration.clockedSteps.append(ClockedStep(
                frequency: frequency,
                timing: try StepTiming(
                    stepSeconds: step.stepTime.seconds, computeSeconds: step.breakdown.computeSeconds,
                    communicationSeconds: step.breakdown.exposedCommunicationSeconds,
                    idleSeconds: step.breakdown.bubbleSeconds)))
        }
        let run = try OrreryResilience.TrainingRun(
            configuration: configuration, seed: simulation.random.masterSeed, runIndex: simulation.random.runIndex)
        return (job.workload.name, run.run())
    }

    /// The cluster's storage (`cluster.storage`) with the job's training-data reads, which
    /// checkpoint writes and reads contend with.
    private func checkpointStorage(dataLoadingPerNode: Double) throws -> StorageSystem {
        var system = storage
        system.dataLoadingBytesPerSecondPerNode = dataLoadingPerNode
        return system
    }
}
