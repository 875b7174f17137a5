/// What the resilience, checkpoint and power models need to know about a training job:
/// the single seam between a step engine (OrreryTraining) and this module.
///
/// The step engine simulates one step in detail; this profile carries its result (the
/// step time and how it splits into compute, communication and idle) plus the job's
/// size and goal. Everything here is per step or per job, never per event, so a 54-day
/// run can be fast-forwarded between failures, checkpoints and power-cap changes.
public struct TrainingRunProfile: Sendable, Equatable {
    /// GPUs the job runs on (ranks).
    public var gpuCount: Int
    /// GPUs per node; the job holds `gpuCount / gpusPerNode` whole nodes.
    public var gpusPerNode: Int
    /// Wall time of one training step, seconds.
    public var stepSeconds: Double
    /// Seconds of the step a GPU spends computing (kernels not waiting on the network).
    public var computeSeconds: Double
    /// Seconds of the step spent in exposed communication (collectives not hidden by compute).
    public var communicationSeconds: Double
    /// Seconds of the step the GPU is idle (pipeline bubbles, host stalls, data loading).
    public var idleSeconds: Double
    /// Tokens consumed by one step (global batch × sequence length).
    public var tokensPerStep: Double
    /// Tokens to train on; the run ends when they are consumed (or at a horizon).
    public var tokenBudget: Double
    /// Model parameters, for the checkpoint size.
    public var parameterCount: Double

    /// Builds a profile, checking that every figure is usable.
    ///
    /// The split must add up to the step time within 1% (the engine's breakdown is
    /// exhaustive); it is what the power model weights GPU power by.
    public init(
        gpuCount: Int, gpusPerNode: Int, stepSeconds: Double, computeSeconds: Double,
        communicationSeconds: Double, idleSeconds: Double, tokensPerStep: Double, tokenBudget: Double,
        parameterCount: Double
    ) throws(ResilienceError) {
        func require(_ ok: Bool, _ field: String, _ expected: String, _ value: Any) throws(ResilienceError) {
            if !ok { throw .invalidParameter(name: "profile.\(field)", value: "\(value)", expected: expected) }
        }
        try require(gpuCount >= 1, "gpuCount", "at least 1", gpuCount)
        try require(gpusPerNode >= 1, "gpusPerNode", "at least 1", gpusPerNode)
        try require(gpuCount % gpusPerNode == 0, "gpuCount", "a multiple of gpusPerNode (\(gpusPerNode))", gpuCount)
        try require(stepSeconds.isFinite && stepSeconds > 0, "stepSeconds", "a finite time > 0", stepSeconds)
        for (name, value) in [("computeSeconds", computeSeconds), ("communicationSeconds", communicationSeconds),
                              ("idleSeconds", idleSeconds)] {
            try require(value.isFinite && value >= 0, name, "a finite time ≥ 0", value)
        }
        let split = computeSeconds + communicationSeconds + idleSeconds
        try require(abs(split - stepSeconds) <= 0.01 * stepSeconds, "computeSeconds + communicationSeconds + idleSeconds",
                    "the step time \(stepSeconds) s within 1%", split)
        try require(tokensPerStep.isFinite && tokensPerStep > 0, "tokensPerStep", "a finite count > 0", tokensPerStep)
        try require(tokenBudget.isFinite && tokenBudget > 0, "tokenBudget", "a finite count > 0", tokenBudget)
        try require(parameterCount.isFinite && parameterCount > 0, "parameterCount", "a finite count > 0", parameterCount)
        self.gpuCount = gpuCount
        self.gpusPerNode = gpusPerNode
        self.stepSeconds = stepSeconds
        self.computeSeconds = computeSeconds
        self.communicationSeconds = communicationSeconds
        self.idleSeconds = idleSeconds
        self.tokensPerStep = tokensPerStep
        self.tokenBudget = tokenBudget
        self.parameterCount = parameterCount
    }

    /// Nodes the job holds.
    public var nodeCount: Int { gpuCount / gpusPerNode }
    /// Steps needed to consume the token budget (fractional: the last step may be partial).
    public var totalSteps: Double { tokenBudget / tokensPerStep }
}

extension TrainingRunProfile {
    /// An illustrative Llama 3 405B pre-training profile on 16,384 H100s (2,048 nodes).
    ///
    /// Step time from 6·N·tokens / (GPUs × 989 TFLOP/s × 40% MFU) with a 16M-token batch
    /// (the paper reports 38–43% BF16 MFU and a final batch of 16M tokens); the
    /// compute/communication/idle split is an assumption until the step engine supplies
    /// it. Token budget: 15.6T tokens (paper), more than 54 days hold.
    public static let llama3_405B = try! TrainingRunProfile(
        gpuCount: 16_384, gpusPerNode: 8, stepSeconds: 6.3, computeSeconds: 4.6, communicationSeconds: 1.3,
        idleSeconds: 0.4, tokensPerStep: 16_777_216, tokenBudget: 15.6e12, parameterCount: 405e9)
}
