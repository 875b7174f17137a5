import OrreryHardware

@testable import OrreryTraining

/// The ten rows of Megatron-LM Table 1 (Narayanan et al., SC'21) as jobs: DGX A100
/// (A100-80GB, 8 × 200 Gb/s HDR), sequence 2048, full recomputation, interleaved 1F1B
/// where PP > 1 (the fewest chunks ≥ 2 that split each stage's layers evenly, as
/// Megatron requires layers divisible by PP × chunks), microbatch 1, fp16 GEMMs, 2021-era kernels (no fused
/// attention, no sequence parallelism, no TP overlap).
enum MegatronTable1 {
    struct Row: Sendable, CustomStringConvertible {
        var model: String
        var tensor: Int
        var pipeline: Int
        var gpus: Int
        var batch: Int
        /// Published TFLOP/s per GPU (recompute-inclusive 96·… formula).
        var publishedTFLOPS: Double
        var description: String { model }
    }

    static let rows: [Row] = [
        Row(model: "GPT-1.7B", tensor: 1, pipeline: 1, gpus: 32, batch: 512, publishedTFLOPS: 137),
        Row(model: "GPT-3.6B", tensor: 2, pipeline: 1, gpus: 64, batch: 512, publishedTFLOPS: 138),
        Row(model: "GPT-7.5B", tensor: 4, pipeline: 1, gpus: 128, batch: 512, publishedTFLOPS: 142),
        Row(model: "GPT-18.4B", tensor: 8, pipeline: 1, gpus: 256, batch: 1024, publishedTFLOPS: 135),
        Row(model: "GPT-39.1B", tensor: 8, pipeline: 2, gpus: 512, batch: 1536, publishedTFLOPS: 138),
        Row(model: "GPT-76.1B", tensor: 8, pipeline: 4, gpus: 1024, batch: 1792, publishedTFLOPS: 140),
        Row(model: "GPT-145.6B", tensor: 8, pipeline: 8, gpus: 1536, batch: 2304, publishedTFLOPS: 148),
        Row(model: "GPT-310.1B", tensor: 8, pipeline: 16, gpus: 1920, batch: 2160, publishedTFLOPS: 155),
        Row(model: "GPT-529.6B", tensor: 8, pipeline: 35, gpus: 2520, batch: 2520, publishedTFLOPS: 163),
        Row(model: "GPT-1T", tensor: 8, pipeline: 64, gpus: 3072, batch: 3072, publishedTFLOPS: 163),
    ]

    static func job(_ row: Row) throws -> TrainingJob {
        let model = try #require(TransformerCatalogue.model(named: row.model))
        let data = row.gpus / (row.tensor * row.pipeline)
        return TrainingJob(
            model: model, sequence: 2048, globalBatch: row.batch, microbatch: 1,
            layout: ParallelLayout(tensor: row.tensor, pipeline: row.pipeline, data: data),
            schedule: row.pipeline > 1 ? .interleaved(chunks: chunks(layersPerStage: model.layers / row.pipeline)) : .oneForwardOneBackward, recomputation: .full,
            sequenceParallel: false, flashAttention: false, precision: .fp16)
    }

    static func chunks(layersPerStage: Int) -> Int {
        (2...layersPerStage).first { layersPerStage % $0 == 0 } ?? 1
    }

    static func cluster(_ row: Row) throws -> TrainingCluster {
        let node = try #require(HardwareCatalogue.builtIn.node(named: "DGX-A100"))
        return TrainingCluster(node: node, nodes: row.gpus / node.gpusPerNode)
    }
}

import Testing
