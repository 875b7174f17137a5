import Testing

@testable import OrreryTraining

/// Megatron-LM Table 1 within ±10 % of the published TFLOP/s per GPU, with the shared
/// calibration only (see docs/validation.md).
@Suite struct ValidationTests {
    @Test(arguments: MegatronTable1.rows)
    func megatronTable1Row(row: MegatronTable1.Row) throws {
        let plan = try MegatronStrategy().plan(try MegatronTable1.job(row), on: try MegatronTable1.cluster(row))
        let step = try plan.simulateStepInIsolation()
        let report = TrainingReport(plan: plan, step: step)
        let simulated = report.hardwareFLOPSPerGPU / 1e12
        let error = (simulated - row.publishedTFLOPS) / row.publishedTFLOPS
        #expect(abs(error) <= 0.10, "\(row.model): simulated \(simulated) TFLOP/s vs published \(row.publishedTFLOPS)")
    }
}
