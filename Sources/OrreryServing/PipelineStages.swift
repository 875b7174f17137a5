import OrreryKernel

/// The pipeline a replica's batches pass through: `stages` groups of layers on their own
/// TP groups, with activations sent from each stage to the next.
public struct PipelineStages: Sendable, Equatable {
    public var stages: Int
    /// Bytes/s each GPU sends activations to the next stage at.
    public var linkBytesPerSecond: Double
    /// Latency of one stage-to-stage send.
    public var sendLatency: SimTime

    public init(stages: Int = 1, linkBytesPerSecond: Double = .infinity, sendLatency: SimTime = .zero) {
        self.stages = stages
        self.linkBytesPerSecond = linkBytesPerSecond
        self.sendLatency = sendLatency
    }
}

extension ReplicaConfiguration {
    /// This replica's pipeline, for the cost model.
    public var pipelineStages: PipelineStages {
        PipelineStages(stages: pipelineParallel, linkBytesPerSecond: stageLinkBytesPerSecondInEffect, sendLatency: stageSendLatency)
    }
}
