import OrreryKernel

/// What happens between a failure and the job running again.
///
/// Every stage draws its duration from its own stream (`recovery.detection`,
/// `recovery.teardown`, `recovery.reinitialisation`); swapped-out nodes come back after a
/// repair drawn from the failure mode's repair distribution (`repair.<mode>`).
public struct RecoveryPolicy: Sendable, Equatable {
    /// Seconds from the failure to the job being declared failed (health checks, collective timeouts).
    public var detectionSeconds: Distribution
    /// Seconds to stop every rank and release the job's processes.
    public var teardownSeconds: Distribution
    /// Seconds to relaunch: scheduling, container start, process-group and NCCL initialisation
    /// (the checkpoint load comes after, as storage flows).
    public var reinitialisationSeconds: Distribution
    /// Healthy nodes kept powered and ready to replace failed ones.
    public var warmSpareNodes: Int
    /// A node that has failed this many times is drained (never returns from repair); nil: never drain.
    public var drainAfterFailures: Int?

    public init(
        detectionSeconds: Distribution = .lognormal(median: 120, sigma: 0.5),
        teardownSeconds: Distribution = .constant(60),
        reinitialisationSeconds: Distribution = .lognormal(median: 300, sigma: 0.3),
        warmSpareNodes: Int = 64, drainAfterFailures: Int? = nil
    ) throws(ResilienceError) {
        for (field, distribution) in [("detectionSeconds", detectionSeconds), ("teardownSeconds", teardownSeconds),
                                      ("reinitialisationSeconds", reinitialisationSeconds)] {
            do { _ = try distribution.validated() } catch {
                throw .invalidParameter(name: "recovery.\(field)", value: "\(distribution)", expected: error.message)
            }
        }
        guard warmSpareNodes >= 0 else {
            throw .invalidParameter(name: "recovery.warmSpareNodes", value: "\(warmSpareNodes)", expected: "≥ 0")
        }
        if let drain = drainAfterFailures, drain < 1 {
            throw .invalidParameter(name: "recovery.drainAfterFailures", value: "\(drain)", expected: "≥ 1 or absent")
        }
        self.detectionSeconds = detectionSeconds
        self.teardownSeconds = teardownSeconds
        self.reinitialisationSeconds = reinitialisationSeconds
        self.warmSpareNodes = warmSpareNodes
        self.drainAfterFailures = drainAfterFailures
    }
}
