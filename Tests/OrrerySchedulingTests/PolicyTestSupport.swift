import OrreryKernel
import OrreryHardware
@testable import OrreryScheduling

/// `nodes` DGX-A100 nodes (8 GPUs each), for the hand-computed policy tests.
func policyCluster(_ nodes: Int) -> ClusterState {
    ClusterState(groups: [NodeGroup(node: HardwareCatalogue.builtIn.node(named: "DGX-A100")!, count: nodes)])
}

/// Runs `jobs` to completion and returns each job's [start, end] in seconds.
func schedule(_ jobs: [JobSpec], nodes: Int, policy: any SchedulingPolicy) -> [[Double?]] {
    let sim = Simulation(seed: 1)
    let model = RigidJobsModel(simulation: sim, cluster: policyCluster(nodes), jobs: jobs, policy: policy)
    sim.run()
    return model.outcomes.map { [$0.start?.seconds, $0.end?.seconds] }
}

func job(_ id: String, _ gpus: Int, at submit: Double, for duration: Double, tenant: String = "default") -> JobSpec {
    JobSpec(id: id, tenant: tenant, gpus: gpus, submit: .seconds(submit), duration: .seconds(duration))
}
