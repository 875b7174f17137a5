import OrreryHardware
import OrreryKernel
import OrreryServing

/// A toy deployment small enough to follow by hand.
///
/// Model: 1 layer, hidden 64, 1 head of 64, FFN 128, vocabulary 100, context 256:
/// 53,952 parameters = 107,904 weight bytes; KV = 2 × 1 × 1 × 64 × 2 = 256 B per token,
/// 4,096 B per 16-token block. With max 8 sequences and a 256-token budget the activation
/// workspace is 256 × (4·64 + 2·128) × 2 + 8 × 100 × 4 = 265,344 B, so an HBM of
/// 107,904 + 265,344 + 64 × 4,096 = 635,392 B at utilisation 1 leaves exactly 64 blocks
/// (1,024 tokens).
enum Tiny {
    static let blocks = 64

    static func model() throws -> ModelSpec {
        try ModelSpec(
            name: "tiny", layers: 1, hidden: 64, heads: 1, kvHeads: 1, ffn: 128, vocabulary: 100,
            contextLength: 256)
    }

    /// 1 TFLOP/s, 1 GB/s HBM: the weights stream in 107.9 µs.
    static func gpu() throws -> GPUSpec {
        try GPUSpec(
            name: "toy", vendor: "test", peakDenseFLOPSPerSecond: [.bf16: 1e12], hbmCapacityBytes: 635_392,
            hbmBandwidthBytesPerSecond: 1e9, scaleUpBandwidthBytesPerSecond: 1e9, tdpWatts: 100,
            idlePowerWatts: 10)
    }

    /// The 64-block arithmetic holds for the defaults; other limits change the workspace.
    static func replica(chunked: Bool = false, budget: Int? = nil, maxSequences: Int = 8) throws -> ReplicaConfiguration {
        ReplicaConfiguration(
            model: try model(), gpu: try gpu(), memoryUtilisation: 1, maxSequences: maxSequences, maxBatchedTokens: budget,
            chunkedPrefill: chunked, efficiency: try RooflineEfficiency(computeEfficiency: 1, memoryEfficiency: 1))
    }

    static func requests(_ count: Int, prompt: Int, output: Int, gap: SimTime = .zero) -> [ServingRequest] {
        (0..<count).map {
            ServingRequest(id: $0, arrival: gap.scaled(by: Int64($0)), promptTokens: prompt, outputTokens: output)
        }
    }

    /// Runs to completion and returns the model and its end time.
    static func run(
        _ requests: [ServingRequest], replica: ReplicaConfiguration, replicas: Int = 1,
        routing: RoutingPolicy = .roundRobin, seed: UInt64 = 1
    ) throws -> (ServingModel, SimTime) {
        let simulation = Simulation(seed: seed)
        let model = try ServingModel(
            simulation: simulation,
            configuration: ServingConfiguration(replica: replica, replicas: replicas, routing: routing),
            requests: requests)
        let statistics = simulation.run()
        return (model, statistics.endTime)
    }
}
