import OrreryKernel

/// What a failure mode's rate is counted per, and therefore what it takes down.
public enum ComponentScope: String, Sendable, Equatable, CaseIterable {
    /// One per GPU (faulty GPU, HBM, SRAM, thermal interface); takes down its node.
    case gpu
    /// One per NIC, i.e. one per GPU on a one-NIC-per-GPU node; takes down its node.
    case nic
    /// One per node (host, PSU, SSD, CPU, system memory, software on the host); takes down the node.
    case node
    /// One per leaf (top-of-rack) switch with its cables; takes down every node under it.
    case leafSwitch = "leaf-switch"
    /// One per job (an external dependency, the training software itself); takes no node down.
    case job
}

/// How the times between one component's failures are distributed.
public enum FailureLaw: Sendable, Equatable {
    /// Constant hazard: a Poisson process per component, superposed per class.
    case exponential
    /// Weibull with shape k (< 1: infant mortality, > 1: wear-out), scale set from the rate
    /// so the mean time between failures stays 1/rate.
    case weibull(shape: Double)
}

/// One failure process: a cause, the components it strikes and how often.
public struct FailureMode: Sendable, Equatable {
    /// Stable, lower-case name (`gpu`, `hbm`, `switch-cable`); the random stream is `failures.<name>`.
    public var name: String
    public var scope: ComponentScope
    /// Failures per component per hour.
    public var ratePerComponentHour: Double
    public var law: FailureLaw
    /// Whether the struck nodes must be swapped out (hardware) or the job simply restarts
    /// on the same nodes (software bugs, NCCL watchdog timeouts, external dependencies).
    public var requiresReplacement: Bool
    /// Hours until a swapped-out node (or switch) is repaired and rejoins the spare pool.
    public var repairHours: Distribution

    public init(
        name: String, scope: ComponentScope, ratePerComponentHour: Double, law: FailureLaw = .exponential,
        requiresReplacement: Bool, repairHours: Distribution = .lognormal(median: 24, sigma: 1)
    ) throws(ResilienceError) {
        func invalid(_ field: String, _ value: Any, _ expected: String) -> ResilienceError {
            .invalidParameter(name: "failures.\(name).\(field)", value: "\(value)", expected: expected)
        }
        guard !name.isEmpty else { throw .invalidParameter(name: "failures.name", value: "\"\"", expected: "a name") }
        guard ratePerComponentHour.isFinite, ratePerComponentHour >= 0 else {
            throw invalid("rate", ratePerComponentHour, "a finite rate ≥ 0 per component-hour")
        }
        if case .weibull(let shape) = law, !(shape.isFinite && shape > 0) {
            throw invalid("shape", shape, "a finite Weibull shape > 0")
        }
        do { _ = try repairHours.validated() } catch { throw invalid("repair", repairHours, error.message) }
        self.name = name
        self.scope = scope
        self.ratePerComponentHour = ratePerComponentHour
        self.law = law
        self.requiresReplacement = requiresReplacement
        self.repairHours = repairHours
    }

    /// The random stream this mode's failures draw from.
    public var streamName: String { "failures.\(name)" }
}
