import Foundation
import OrreryHardware
import OrreryKernel

/// Power drawn by a training job's nodes and the facility around them, and how a power
/// cap slows the job.
///
/// GPU power by phase at relative clock frequency f ∈ [fMin, 1]:
/// - compute: P_idle + (P_compute − P_idle)·f^α (dynamic power ∝ C·V²·f with V roughly ∝ f
///   in the DVFS range gives α ≈ 3; α is a parameter),
/// - exposed communication: P_communication (the network sets the pace, not the clock),
/// - idle: P_idle.
/// A step at frequency f takes compute/f + communication + idle seconds. Node power adds
/// a per-node overhead (CPUs, memory, NICs, fans, NVSwitches); facility power is node
/// power × PUE. See `docs/resilience.md` for the curve and sources.
public struct PowerModel: Sendable, Equatable {
    public var gpuComputeWatts: Double
    public var gpuCommunicationWatts: Double
    public var gpuIdleWatts: Double
    /// Per-node non-GPU power while the job runs and while it is stopped (recovery, stalls).
    public var nodeOverheadActiveWatts: Double
    public var nodeOverheadIdleWatts: Double
    /// Facility power / IT power.
    public var powerUsageEffectiveness: Double
    /// α in P ∝ f^α for the compute phase's dynamic power.
    public var frequencyExponent: Double
    /// The lowest relative clock a cap may impose.
    public var minimumFrequency: Double
    /// Facility power caps over time, sorted by time; nil watts lifts the cap.
    public var caps: [PowerCapChange]
    /// Racks, when modelled: nodes per rack and an optional cap on each rack's IT power
    /// (the rack's PDU or cooling budget), applied with the facility cap.
    public var racks: RackPower?

    public init(
        gpuComputeWatts: Double, gpuCommunicationWatts: Double, gpuIdleWatts: Double,
        nodeOverheadActiveWatts: Double, nodeOverheadIdleWatts: Double, powerUsageEffectiveness: Double = 1.1,
        frequencyExponent: Double = 3, minimumFrequency: Double = 0.5, caps: [PowerCapChange] = [],
        racks: RackPower? = nil
    ) throws(ResilienceError) {
        func check(_ ok: Bool, _ field: String, _ value: Double, _ expected: String) throws(ResilienceError) {
            if !ok { throw .invalidParameter(name: "power.\(field)", value: "\(value)", expected: expected) }
        }
        for (field, watts) in [("gpuComputeWatts", gpuComputeWatts), ("gpuCommunicationWatts", gpuCommunicationWatts),
                               ("gpuIdleWatts", gpuIdleWatts), ("nodeOverheadActiveWatts", nodeOverheadActiveWatts),
                               ("nodeOverheadIdleWatts", nodeOverheadIdleWatts)] {
            try check(watts.isFinite && watts >= 0, field, watts, "a finite power ≥ 0 W")
        }
        try check(gpuComputeWatts >= gpuIdleWatts, "gpuComputeWatts", gpuComputeWatts, "≥ gpuIdleWatts (\(gpuIdleWatts))")
        try check(powerUsageEffectiveness.isFinite && powerUsageEffectiveness >= 1, "pue", powerUsageEffectiveness, "≥ 1")
        try check(frequencyExponent.isFinite && frequencyExponent >= 1, "frequencyExponent", frequencyExponent, "≥ 1")
        try check(minimumFrequency > 0 && minimumFrequency <= 1, "minimumFrequency", minimumFrequency, "in (0, 1]")
        for (index, cap) in caps.enumerated() {
            if let watts = cap.facilityWatts { try check(watts.isFinite && watts > 0, "caps[\(index)].watts", watts, "> 0 W") }
            if index > 0 && cap.at < caps[index - 1].at {
                throw .invalidParameter(name: "power.caps[\(index)].at", value: "\(cap.at)", expected: "times in increasing order")
            }
        }
        self.gpuComputeWatts = gpuComputeWatts
        self.gpuCommunicationWatts = gpuCommunicationWatts
        self.gpuIdleWatts = gpuIdleWatts
        self.nodeOverheadActiveWatts = nodeOverheadActiveWatts
        self.nodeOverheadIdleWatts = nodeOverheadIdleWatts
        self.powerUsageEffectiveness = powerUsageEffectiveness
        self.frequencyExponent = frequencyExponent
        self.minimumFrequency = minimumFrequency
        self.caps = caps
        self.racks = racks
    }

    /// Defaults for a catalogue node: compute at 95% of TDP, exposed communication at 55%
    /// of TDP, the GPU's idle power; the non-GPU budget (node maximum − GPUs × TDP) drawn
    /// at 70% while running and 40% while stopped. These fractions are assumptions,
    /// chosen so a DGX H100 draws ≈ 8.5 kW in compute, inside the 7–14 kW per 8-GPU node
    /// reported for current training clusters.
    public init(
        node: NodeSpec, powerUsageEffectiveness: Double = 1.1, caps: [PowerCapChange] = [], racks: RackPower? = nil
    ) throws(ResilienceError) {
        let tdp = node.gpu.tdpWatts
        let nonGPU = max(0, node.maxPowerWatts - Double(node.gpusPerNode) * tdp)
        try self.init(
            gpuComputeWatts: 0.95 * tdp, gpuCommunicationWatts: 0.55 * tdp, gpuIdleWatts: min(node.gpu.idlePowerWatts, tdp),
            nodeOverheadActiveWatts: 0.7 * nonGPU, nodeOverheadIdleWatts: 0.4 * nonGPU,
            powerUsageEffectiveness: powerUsageEffectiveness, caps: caps, racks: racks)
    }

    /// GPU watts in the compute phase at relative frequency `f`.
    public func gpuComputeWatts(frequency f: Double) -> Double {
        gpuIdleWatts + (gpuComputeWatts - gpuIdleWatts) * pow(f, frequencyExponent)
    }

    /// Step seconds at relative frequency `f` in closed form: only compute stretches.
    /// (A scenario re-simulates the step at `f` instead: ``ClockedStep``.)
    public func stepSeconds(_ profile: TrainingRunProfile, frequency f: Double) -> Double {
        StepTiming(profile: profile, frequency: f).stepSeconds
    }

    /// Mean GPU watts over a step at frequency `f`, the step split in closed form.
    public func gpuStepAverageWatts(_ profile: TrainingRunProfile, frequency f: Double) -> Double {
        gpuStepAverageWatts(StepTiming(profile: profile, frequency: f), frequency: f)
    }

    /// Mean GPU watts over a step that takes `timing` at frequency `f`.
    public func gpuStepAverageWatts(_ timing: StepTiming, frequency f: Double) -> Double {
        let energy = timing.computeSeconds * gpuComputeWatts(frequency: f)
            + timing.communicationSeconds * gpuCommunicationWatts + timing.idleSeconds * gpuIdleWatts
        let total = timing.computeSeconds + timing.communicationSeconds + timing.idleSeconds
        return total > 0 ? energy / total : gpuIdleWatts
    }

    /// Facility watts of the job's nodes at the peak of a step (every GPU computing).
    public func facilityPeakWatts(_ profile: TrainingRunProfile, frequency f: Double) -> Double {
        powerUsageEffectiveness * Double(profile.nodeCount)
            * (Double(profile.gpusPerNode) * gpuComputeWatts(frequency: f) + nodeOverheadActiveWatts)
    }

    /// IT watts of one full rack of the job's nodes at the peak of a step; nil without racks.
    public func rackPeakWatts(_ profile: TrainingRunProfile, frequency f: Double) -> Double? {
        racks.map { Double($0.nodesPerRack) * (Double(profile.gpusPerNode) * gpuComputeWatts(frequency: f) + nodeOverheadActiveWatts) }
    }

    /// The highest frequency whose step peak fits under `capWatts` at the facility and
    /// under the rack cap (if any), and whether it fits at all (if not, the job runs at
    /// ``minimumFrequency`` over the cap).
    public func frequency(_ profile: TrainingRunProfile, facilityCapWatts capWatts: Double?) -> (frequency: Double, fits: Bool) {
        var result = (frequency: 1.0, fits: true)
        if let capWatts {
            let perNode = capWatts / powerUsageEffectiveness / Double(profile.nodeCount)
            result = frequency(profile, perNodeWatts: perNode)
        }
        if let racks, let rackCap = racks.capWatts {
            let rack = frequency(profile, perNodeWatts: rackCap / Double(racks.nodesPerRack))
            result = (min(result.frequency, rack.frequency), result.fits && rack.fits)
        }
        return result
    }

    /// The highest frequency at which one node's step peak (GPUs computing plus the
    /// active overhead) fits in `perNodeWatts` of IT power.
    private func frequency(_ profile: TrainingRunProfile, perNodeWatts: Double) -> (frequency: Double, fits: Bool) {
        let perGPU = (perNodeWatts - nodeOverheadActiveWatts) / Double(profile.gpusPerNode)
        if perGPU >= gpuComputeWatts { return (1, true) }
        let dynamic = gpuComputeWatts - gpuIdleWatts
        guard dynamic > 0, perGPU > gpuIdleWatts else { return (minimumFrequency, false) }
        let f = pow((perGPU - gpuIdleWatts) / dynamic, 1 / frequencyExponent)
        return f >= minimumFrequency ? (f, true) : (minimumFrequency, false)
    }
}
