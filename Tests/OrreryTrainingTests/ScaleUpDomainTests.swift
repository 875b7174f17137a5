import OrreryHardware
import Testing

@testable import OrreryTraining

/// Tensor-parallel groups may span nodes when the scale-up domain does (GB200 NVL72:
/// 18 trays of 4 GPUs share one NVLink domain), and never straddle two domains.
@Suite struct ScaleUpDomainTests {
    static let nvl72 = HardwareCatalogue.builtIn.node(named: "GB200-NVL72")!
    static let model = TransformerSpec(unchecked: "tp-gpt", layers: 8, hidden: 9216, heads: 72, vocabulary: 1024, sequence: 2048)

    func plan(tensor: Int, data: Int, node: NodeSpec = nvl72, nodes: Int) throws -> StepPlan {
        let job = TestJobs.job(Self.model, batch: 4 * data, layout: ParallelLayout(tensor: tensor, data: data))
        return try MegatronStrategy().plan(job, on: TrainingCluster(node: node, nodes: nodes))
    }

    @Test func tensorParallelSpansTheTraysOfAnNVL72Rack() throws {
        // TP 36 over 9 trays, twice per rack; TP 72 is the whole rack.
        let tp36 = try plan(tensor: 36, data: 4, nodes: 36)
        let tp72 = try plan(tensor: 72, data: 2, nodes: 36)
        #expect(tp36.cluster.gpusPerScaleUpDomain == 72)
        // Priced on NVLink: a 72-way TP block is faster than a 36-way one (half the GEMM
        // work per GPU), which it would not be over the 400 Gb/s NICs.
        #expect(tp72.costs.blockForward.compute < tp36.costs.blockForward.compute)
        let nvlink = tp72.costs.timing.seconds(.allReduce, ranks: 72, bytes: 1e9, insideDomain: true)
        #expect(tp72.costs.timing.seconds(.init(kind: .allReduce, ranks: Array(0..<72), bytes: 1e9)) == nvlink)
    }

    @Test func groupsThatStraddleTwoRacksAreRejected() throws {
        // 32 does not divide 72: ranks 64–95 would sit in two racks.
        let model = TransformerSpec(unchecked: "tp32", layers: 8, hidden: 8192, heads: 64, vocabulary: 1024, sequence: 2048)
        let job = TestJobs.job(model, batch: 16, layout: ParallelLayout(tensor: 32, data: 4))
        let error = #expect(throws: TrainingError.self) {
            try MegatronStrategy().plan(job, on: TrainingCluster(node: Self.nvl72, nodes: 36))
        }
        #expect(error?.description.contains("ranks 64–95 straddles") == true, "\(String(describing: error))")
        #expect(error?.description.contains("72-GPU scale-up domain (18 nodes of GB200-NVL72)") == true)
    }

    @Test func onDGXTheDomainIsTheNode() throws {
        let model = TransformerSpec(unchecked: "tp16", layers: 8, hidden: 8192, heads: 64, vocabulary: 1024, sequence: 2048)
        let job = TestJobs.job(model, batch: 4, layout: ParallelLayout(tensor: 16))
        let error = #expect(throws: TrainingError.self) {
            try MegatronStrategy().plan(job, on: TrainingCluster(node: TestJobs.dgxH100, nodes: 2))
        }
        #expect(error?.description.contains("does not fit the 8-GPU NVLink domain of DGX-H100") == true)
    }
}
