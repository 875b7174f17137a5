import OrreryKernel
import OrreryScheduling

/// A scenario turned into a ready-to-run simulation: the kernel plus its models.
///
/// Observers (the results store, a progress bar) subscribe to ``simulation``'s bus
/// before ``Simulation/run(until:monitorInterval:monitor:)`` is called.
public struct PreparedRun {
    public let simulation: Simulation
    public let jobs: RigidJobsModel
    public let horizon: SimTime

    /// Summary metrics at the point the run reached.
    public func metrics() -> [Metric] {
        jobs.metrics(end: simulation.now)
    }
}

extension Scenario {
    /// The effective seed: the command line's if given, else the scenario's.
    public func prepare(seed: UInt64? = nil, runIndex: UInt64 = 0) -> PreparedRun {
        let simulation = Simulation(seed: seed ?? run.seed, runIndex: runIndex)
        let placement = SchedulerCatalogue.placement(named: scheduler.placement) ?? ConsolidatingPlacement()
        let policy = SchedulerCatalogue.policy(named: scheduler.policy, placement: placement) ?? FIFOScheduler(placement: placement)
        let jobs = RigidJobsModel(
            simulation: simulation, cluster: ClusterState(groups: cluster),
            jobs: workloads.flatMap(\.jobs), policy: policy)
        return PreparedRun(simulation: simulation, jobs: jobs, horizon: run.horizon ?? .max)
    }
}
