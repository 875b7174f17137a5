import OrreryFabric
import OrreryKernel

/// A training job running for a number of steps, with multi-resolution time: a step is
/// simulated in detail, then identical steps are fast-forwarded in one event while
/// nothing the step depends on changes. ``invalidate()`` (a failure, a job arriving on
/// shared links, a power cap) ends the fast-forward at the current step's end, and the
/// next step is simulated in detail again.
public final class TrainingRun: EventHandler {
    private let simulation: Simulation
    private let engine: StepEngine
    /// The step being run; ``invalidate(replacing:)`` can swap it (say, for a plan priced
    /// on power-capped GPUs, or re-laid-out after a failure).
    public private(set) var plan: StepPlan
    public let steps: Int
    public let fastForward: Bool

    public private(set) var stepsCompleted = 0
    public private(set) var detailedSteps = 0
    /// The most recent detailed step.
    public private(set) var lastStep: StepResult?
    /// When the last step ended; nil while running.
    public private(set) var finishedAt: SimTime?

    private var cached: SimTime?
    private var invalidatedDuringStep = false
    private var spanStart: SimTime = .zero
    private var spanEvent: EventHandle?
    private var onFinish: ((TrainingRun) -> Void)?

    private static let spanEndTag = 0
    private static let interruptedStepEndTag = 1

    public init(simulation: Simulation, executor: any CollectiveExecutor, plan: StepPlan, steps: Int, fastForward: Bool = true) {
        self.simulation = simulation
        engine = StepEngine(simulation: simulation, executor: executor)
        self.plan = plan
        self.steps = steps
        self.fastForward = fastForward
    }

    /// Steps finished by the simulation's current time, counting those a fast-forward
    /// span has passed (``stepsCompleted`` advances only when the span ends), so a run
    /// stopped at a horizon reports the steps it really got through.
    public var stepsCompletedNow: Int {
        guard spanEvent != nil, let stepTime = lastStep?.stepTime, stepTime > .zero else { return stepsCompleted }
        let passed = Int((simulation.now - spanStart).nanoseconds / stepTime.nanoseconds)
        return min(steps, stepsCompleted + passed)
    }

    /// The executor's error if a collective could not start.
    public var failure: CollectiveError? { engine.failure }

    /// Starts the first step now.
    public func start(onFinish: @escaping (TrainingRun) -> Void = { _ in }) {
        self.onFinish = onFinish
        nextStep()
    }

    /// Marks the cached step time stale: the step in progress keeps its time, and the
    /// one after it is simulated in detail — with `newPlan` if one is given.
    public func invalidate(replacing newPlan: StepPlan? = nil) {
        if let newPlan { plan = newPlan }
        cached = nil
        guard let event = spanEvent else {
            invalidatedDuringStep = true
            return
        }
        simulation.cancel(event)
        spanEvent = nil
        guard let stepTime = lastStep?.stepTime, stepTime > .zero else { return }
        let elapsed = simulation.now - spanStart
        let done = Int(elapsed.nanoseconds / stepTime.nanoseconds)
        stepsCompleted += done
        let end = spanStart + stepTime.scaled(by: Int64(done + 1))
        spanEvent = simulation.schedule(at: end, handler: self, tag: Self.interruptedStepEndTag)
    }

    public func handleEvent(tag: Int, at time: SimTime) {
        spanEvent = nil
        if tag == Self.spanEndTag {
            stepsCompleted = steps
        } else {
            stepsCompleted += 1
        }
        nextStep()
    }

    private func nextStep() {
        guard stepsCompleted < steps else {
            finishedAt = simulation.now
            let callback = onFinish
            onFinish = nil
            callback?(self)
            return
        }
        if fastForward, let stepTime = cached {
            spanStart = simulation.now
            let remaining = Int64(steps - stepsCompleted)
            spanEvent = simulation.schedule(at: spanStart + stepTime.scaled(by: remaining), handler: self, tag: Self.spanEndTag)
            return
        }
        invalidatedDuringStep = false
        engine.start(plan.graph) { [unowned self] result in
            lastStep = result
            detailedSteps += 1
            stepsCompleted += 1
            cached = invalidatedDuringStep ? nil : result.stepTime
            nextStep()
        }
    }
}
