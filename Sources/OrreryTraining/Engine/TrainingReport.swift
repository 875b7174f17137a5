import OrreryKernel

/// The figures a capacity planner asks for, derived from one step's result.
///
/// MFU counts model FLOPs (no recomputation; `72·B·s·l·h²·(1 + s/(6h) + V/(12·l·h))` for
/// GPT shapes); HFU counts what the GPUs actually execute, recomputation included (the
/// figure Megatron-LM Table 1 reports per GPU). Both are against the GPU's dense peak at
/// the job's precision.
public struct TrainingReport: Sendable {
    public var stepSeconds: Double
    public var breakdown: StepBreakdown
    public var gpus: Int
    public var tokensPerStep: Double
    public var modelFLOPsPerStep: Double
    public var hardwareFLOPsPerStep: Double
    public var peakFLOPSPerGPU: Double

    public init(plan: StepPlan, step: StepResult) {
        let job = plan.job
        stepSeconds = step.stepTime.seconds
        breakdown = step.breakdown
        gpus = job.layout.gpus
        tokensPerStep = job.tokensPerStep
        modelFLOPsPerStep = job.model.modelFLOPs(sequences: job.globalBatch, sequence: job.sequence)
        hardwareFLOPsPerStep = job.model.hardwareFLOPs(
            sequences: job.globalBatch, sequence: job.sequence, recomputation: job.recomputation)
        peakFLOPSPerGPU = plan.cluster.gpu.peakFLOPS(job.precision) ?? .nan
    }

    public var tokensPerSecond: Double { tokensPerStep / stepSeconds }
    /// Model FLOP/s per GPU.
    public var modelFLOPSPerGPU: Double { modelFLOPsPerStep / stepSeconds / Double(gpus) }
    /// Hardware (recompute-inclusive) FLOP/s per GPU.
    public var hardwareFLOPSPerGPU: Double { hardwareFLOPsPerStep / stepSeconds / Double(gpus) }
    public var modelFLOPsUtilisation: Double { modelFLOPSPerGPU / peakFLOPSPerGPU }
    public var hardwareFLOPsUtilisation: Double { hardwareFLOPSPerGPU / peakFLOPSPerGPU }

    /// Wall-clock seconds to train on `tokens` tokens at this step rate (whole steps).
    public func timeToTrainSeconds(tokens: Double) -> Double {
        (tokens / tokensPerStep).rounded(.up) * stepSeconds
    }

    public func gpuHours(tokens: Double) -> Double { timeToTrainSeconds(tokens: tokens) / 3600 * Double(gpus) }

    /// The report as named metrics for the results store; time-to-train, GPU-hours and
    /// cost only when a token budget (and a price per GPU-hour) is given.
    public func metrics(prefix: String, tokenBudget: Double?, pricePerGPUHour: Double?) -> [Metric] {
        var list = [
            Metric("\(prefix).step-time", stepSeconds, unit: "s"),
            Metric("\(prefix).compute-time", breakdown.computeSeconds, unit: "s"),
            Metric("\(prefix).exposed-communication-time", breakdown.exposedCommunicationSeconds, unit: "s"),
            Metric("\(prefix).bubble-time", breakdown.bubbleSeconds, unit: "s"),
            Metric("\(prefix).tokens-per-second", tokensPerSecond, unit: "tokens/s"),
            Metric("\(prefix).mfu", modelFLOPsUtilisation, unit: "fraction"),
            Metric("\(prefix).hfu", hardwareFLOPsUtilisation, unit: "fraction"),
            Metric("\(prefix).model-tflops-per-gpu", modelFLOPSPerGPU / 1e12, unit: "TFLOP/s"),
            Metric("\(prefix).hardware-tflops-per-gpu", hardwareFLOPSPerGPU / 1e12, unit: "TFLOP/s"),
        ]
        if let tokens = tokenBudget {
            list.append(Metric("\(prefix).time-to-train", timeToTrainSeconds(tokens: tokens) / 86_400, unit: "days"))
            list.append(Metric("\(prefix).gpu-hours", gpuHours(tokens: tokens), unit: "GPU-h"))
            if let price = pricePerGPUHour {
                list.append(Metric("\(prefix).cost", gpuHours(tokens: tokens) * price, unit: "USD"))
            }
        }
        return list
    }
}
