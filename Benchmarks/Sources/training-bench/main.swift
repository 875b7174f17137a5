// Training step engine benchmark (release only):
//
//     swift run -c release training-bench
//
// Llama-3-405B on 16,384 H100 (2,048 DGX-H100), TP8 PP16 DP128, sequence 8192,
// 2,048 sequences (16M tokens) per step: the wall time of building and simulating one
// fully detailed step, of 50,000 steps with fast-forward, and the peak resident memory.
import Foundation
import OrreryFabric
import OrreryHardware
import OrreryKernel
import OrreryTraining

func wallSeconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func peakResidentMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kib = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
        return kib / 1024
    }
    return .nan
}

let node = HardwareCatalogue.builtIn.node(named: "DGX-H100")!
let model = TransformerCatalogue.model(named: "Llama-3-405B")!
let job = TrainingJob(
    model: model, sequence: 8192, globalBatch: 2048, microbatch: 1,
    layout: ParallelLayout(tensor: 8, pipeline: 16, data: 128), schedule: .interleaved(chunks: 4),
    recomputation: .selective, zero: .optimizer)
let cluster = TrainingCluster(node: node, nodes: 2048)

var plan: StepPlan!
let planSeconds = try wallSeconds { plan = try MegatronStrategy().plan(job, on: cluster) }
print("plan: \(plan.graph.opCount) ops, \(plan.graph.collectives.count) collectives, built in \(planSeconds) s")
let worst = plan.memory.max { $0.total < $1.total }!
print("largest per-GPU need: rank \(worst.rank), \(worst.total / Double(1 << 30)) GiB of \(Double(node.gpu.hbmCapacityBytes) / Double(1 << 30))")

var step: StepResult!
let stepSeconds = try wallSeconds { step = try plan.simulateStepInIsolation() }
let report = TrainingReport(plan: plan, step: step)
print("detailed step (closed-form collectives): \(stepSeconds) s wall; simulated step \(step.stepTime.seconds) s, MFU \(report.modelFLOPsUtilisation)")
print("  breakdown: compute \(step.breakdown.computeSeconds) s, exposed comm \(step.breakdown.exposedCommunicationSeconds) s, bubble \(step.breakdown.bubbleSeconds) s")

// The same step with every data-parallel and pipeline collective as flows on the
// DGX H100 SuperPOD fabric (rail-optimised fat tree, 2,048 nodes).
var topology: Topology!
let topologySeconds = try wallSeconds { topology = try TopologyPreset.dgxH100SuperPOD.topology(nodes: 2048) }
var fabricStep: StepResult!
let fabricSeconds = try wallSeconds {
    let simulation = Simulation(seed: 0)
    let network = NetworkSimulator(simulation: simulation)
    try topology.install(into: network)
    let executor = FabricCollectives(simulation: simulation, network: network, topology: topology)
    fabricStep = try plan.simulateStep(on: simulation, executor: executor)
}
print("topology built in \(topologySeconds) s")
print("detailed step (fabric collectives): \(fabricSeconds) s wall; simulated step \(fabricStep.stepTime.seconds) s")
print("  breakdown: compute \(fabricStep.breakdown.computeSeconds) s, exposed comm \(fabricStep.breakdown.exposedCommunicationSeconds) s, bubble \(fabricStep.breakdown.bubbleSeconds) s")

let simulation = Simulation(seed: 0)
let run = TrainingRun(
    simulation: simulation, executor: ClosedFormCollectives(simulation: simulation, timing: plan.costs.timing),
    plan: plan, steps: 50_000)
let runSeconds = wallSeconds {
    run.start()
    simulation.run()
}
print("50,000 steps with fast-forward: \(runSeconds) s wall; simulated \(run.finishedAt!.seconds / 86_400) days, \(run.detailedSteps) detailed step(s)")
print("peak RSS: \(peakResidentMiB()) MiB")
