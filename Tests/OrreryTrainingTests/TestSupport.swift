import OrreryHardware

@testable import OrreryTraining

/// Small jobs for property tests.
enum TestJobs {
    static let dgxA100 = HardwareCatalogue.builtIn.node(named: "DGX-A100")!
    static let dgxH100 = HardwareCatalogue.builtIn.node(named: "DGX-H100")!

    /// A GPT shape whose small vocabulary keeps the LM head negligible, so pipeline
    /// stages are balanced and the textbook bubble applies.
    static func gpt(layers: Int = 32, hidden: Int = 4096) -> TransformerSpec {
        TransformerSpec(unchecked: "test-gpt", layers: layers, hidden: hidden, heads: 32, vocabulary: 1024, sequence: 2048)
    }

    /// ≈ 0.8 B parameters: fits one GPU for data-parallel-only tests.
    static let small = gpt(layers: 16, hidden: 2048)

    static func job(
        _ model: TransformerSpec = gpt(), batch: Int, layout: ParallelLayout,
        schedule: PipelineSchedule = .oneForwardOneBackward
    ) -> TrainingJob {
        TrainingJob(model: model, globalBatch: batch, microbatch: 1, layout: layout, schedule: schedule, recomputation: .full)
    }

    static func cluster(gpus: Int, node: NodeSpec = dgxA100) -> TrainingCluster {
        TrainingCluster(node: node, nodes: max(1, (gpus + node.gpusPerNode - 1) / node.gpusPerNode))
    }

    static func step(_ job: TrainingJob, strategy: any TrainingStrategy = MegatronStrategy()) throws -> (StepPlan, StepResult) {
        let plan = try strategy.plan(job, on: cluster(gpus: job.layout.gpus))
        return (plan, try plan.simulateStepInIsolation())
    }
}
