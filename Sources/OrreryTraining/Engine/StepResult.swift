import OrreryKernel

/// Where one GPU's step time went. The three parts sum to the step time.
public struct StepBreakdown: Hashable, Sendable {
    /// Kernels running: forward, backward, recomputation, optimizer.
    public var computeSeconds: Double = 0
    /// Waiting for communication the schedule could not hide: tensor-parallel collectives
    /// inside layers, gradient reductions and parameter gathers not overlapped.
    public var exposedCommunicationSeconds: Double = 0
    /// Waiting for other pipeline stages (warm-up, cool-down and the activations' trips
    /// between stages), including the tail after this GPU's work ends.
    public var bubbleSeconds: Double = 0

    public init(computeSeconds: Double = 0, exposedCommunicationSeconds: Double = 0, bubbleSeconds: Double = 0) {
        self.computeSeconds = computeSeconds
        self.exposedCommunicationSeconds = exposedCommunicationSeconds
        self.bubbleSeconds = bubbleSeconds
    }
}

/// The outcome of simulating one step in detail.
public struct StepResult: Sendable {
    public var stepTime: SimTime
    /// GPU-weighted mean of the modelled GPUs' breakdowns.
    public var breakdown: StepBreakdown
    /// One breakdown per modelled GPU (timeline), in timeline order.
    public var timelines: [StepBreakdown]
    /// Ops executed and collectives handed to the executor.
    public var opsExecuted: Int
    public var collectivesStarted: Int
}
