/// One training step's wall time and how it splits, seconds: what the power model weights
/// GPU power by and what progress advances at.
public struct StepTiming: Sendable, Equatable {
    public var stepSeconds: Double
    public var computeSeconds: Double
    public var communicationSeconds: Double
    public var idleSeconds: Double

    public init(stepSeconds: Double, computeSeconds: Double, communicationSeconds: Double, idleSeconds: Double)
        throws(ResilienceError)
    {
        for (name, value) in [("stepSeconds", stepSeconds), ("computeSeconds", computeSeconds),
                              ("communicationSeconds", communicationSeconds), ("idleSeconds", idleSeconds)] {
            guard value.isFinite, value >= 0 else {
                throw .invalidParameter(name: "step.\(name)", value: "\(value)", expected: "a finite time ≥ 0")
            }
        }
        guard stepSeconds > 0 else {
            throw .invalidParameter(name: "step.stepSeconds", value: "\(stepSeconds)", expected: "> 0")
        }
        self.stepSeconds = stepSeconds
        self.computeSeconds = computeSeconds
        self.communicationSeconds = communicationSeconds
        self.idleSeconds = idleSeconds
    }

    /// The closed-form estimate at relative clock `f` from the unthrottled profile: only
    /// compute stretches (compute/f + communication + idle). Used when no re-simulated
    /// step is supplied for that clock.
    init(profile: TrainingRunProfile, frequency f: Double) {
        stepSeconds = profile.computeSeconds / f + profile.communicationSeconds + profile.idleSeconds
        computeSeconds = profile.computeSeconds / f
        communicationSeconds = profile.communicationSeconds
        idleSeconds = profile.idleSeconds
    }
}

/// A step re-simulated by the step engine at a reduced clock (a power cap): the timeline
/// uses it instead of scaling the unthrottled step.
public struct ClockedStep: Sendable, Equatable {
    /// Relative clock, in (0, 1].
    public var frequency: Double
    public var timing: StepTiming

    public init(frequency: Double, timing: StepTiming) {
        self.frequency = frequency
        self.timing = timing
    }
}
