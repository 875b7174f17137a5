import OrreryFabric
import OrreryKernel

extension StepPlan {
    /// Simulates one step alone on its own clock, collectives priced in closed form:
    /// the quick answer when the job has the network to itself.
    public func simulateStepInIsolation() throws(TrainingError) -> StepResult {
        let simulation = Simulation(seed: 0)
        let executor = ClosedFormCollectives(simulation: simulation, timing: costs.timing)
        return try simulateStep(on: simulation, executor: executor)
    }

    /// Simulates one step starting at `simulation.now` through `executor`, running the
    /// loop until it ends (other models on the same simulation run alongside).
    public func simulateStep(on simulation: Simulation, executor: any CollectiveExecutor) throws(TrainingError) -> StepResult {
        let engine = StepEngine(simulation: simulation, executor: executor)
        var result: StepResult?
        engine.start(graph) { step in
            result = step
            simulation.requestStop()
        }
        simulation.run()
        if let failure = engine.failure { throw .execution(failure.description) }
        guard let result else { throw .execution("the step did not finish (a dependency cycle in the step graph?)") }
        return result
    }
}
