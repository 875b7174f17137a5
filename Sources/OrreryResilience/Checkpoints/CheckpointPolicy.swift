import Foundation
import OrreryStorage

/// How a job checkpoints.
public struct CheckpointPolicy: Sendable, Equatable {
    public enum Mode: String, Sendable, Equatable {
        /// The job stalls until the checkpoint is on storage.
        case synchronous
        /// The job stalls only to copy its state to host memory; a background write
        /// persists it. It counts as the last checkpoint once the write completes.
        case asynchronous
    }

    public enum Interval: Sendable, Equatable {
        /// Every so many seconds of training (running) time.
        case fixed(seconds: Double)
        /// Young (1974): τ = √(2δM).
        case young
        /// Daly (2006), the higher-order estimate: τ = √(2δM)·[1 + ⅓√(δ/2M) + (1/9)(δ/2M)] − δ for δ < 2M, else M.
        case daly
    }

    /// Bytes of checkpoint per model parameter: bf16 weights (2) + fp32 master weights (4)
    /// + fp32 Adam moments (8) = 14 by default.
    public var bytesPerParameter: Double
    public var mode: Mode
    public var interval: Interval
    public var target: StorageTarget
    /// Device-to-host copy rate per GPU for asynchronous snapshots (PCIe Gen5 ×16 ≈ 50 GB/s
    /// nominal; 25 GB/s assumed achieved).
    public var snapshotBytesPerSecondPerGPU: Double
    /// Fixed cost of every checkpoint stall (barrier, metadata, bookkeeping), seconds.
    public var stallOverheadSeconds: Double

    public init(
        bytesPerParameter: Double = 14, mode: Mode = .asynchronous, interval: Interval = .daly,
        target: StorageTarget = .parallelFileSystem, snapshotBytesPerSecondPerGPU: Double = 25e9,
        stallOverheadSeconds: Double = 2
    ) throws(ResilienceError) {
        func check(_ ok: Bool, _ field: String, _ value: Double, _ expected: String) throws(ResilienceError) {
            if !ok { throw .invalidParameter(name: "checkpoint.\(field)", value: "\(value)", expected: expected) }
        }
        try check(bytesPerParameter.isFinite && bytesPerParameter > 0, "bytesPerParameter", bytesPerParameter, "> 0")
        try check(snapshotBytesPerSecondPerGPU.isFinite && snapshotBytesPerSecondPerGPU > 0, "snapshotBytesPerSecondPerGPU",
                  snapshotBytesPerSecondPerGPU, "a finite bandwidth > 0")
        try check(stallOverheadSeconds.isFinite && stallOverheadSeconds >= 0, "stallOverheadSeconds",
                  stallOverheadSeconds, "a finite time ≥ 0")
        if case .fixed(let seconds) = interval {
            try check(seconds.isFinite && seconds > 0, "intervalSeconds", seconds, "a finite time > 0")
        }
        self.bytesPerParameter = bytesPerParameter
        self.mode = mode
        self.interval = interval
        self.target = target
        self.snapshotBytesPerSecondPerGPU = snapshotBytesPerSecondPerGPU
        self.stallOverheadSeconds = stallOverheadSeconds
    }

    /// Checkpoint size, bytes.
    public func bytes(_ profile: TrainingRunProfile) -> Double { profile.parameterCount * bytesPerParameter }

    /// Seconds the job stalls per checkpoint without contention (δ in Young/Daly).
    public func stallSeconds(_ profile: TrainingRunProfile, storage: StorageSystem) -> Double {
        switch mode {
        case .synchronous:
            return stallOverheadSeconds
                + storage.uncontendedSeconds(bytes: bytes(profile), nodes: profile.nodeCount, target: target)
        case .asynchronous:
            return stallOverheadSeconds + bytes(profile) / Double(profile.gpuCount) / snapshotBytesPerSecondPerGPU
        }
    }

    /// Seconds of training between checkpoints for a job interrupted every `mtbfSeconds`.
    ///
    /// An asynchronous interval is never shorter than the background write, so that
    /// one write ends before the next snapshot.
    public func intervalSeconds(_ profile: TrainingRunProfile, storage: StorageSystem, mtbfSeconds: Double) -> Double {
        let delta = stallSeconds(profile, storage: storage)
        let tau: Double
        switch interval {
        case .fixed(let seconds): return seconds
        case .young: tau = Self.young(checkpointSeconds: delta, mtbfSeconds: mtbfSeconds)
        case .daly: tau = Self.daly(checkpointSeconds: delta, mtbfSeconds: mtbfSeconds)
        }
        guard mode == .asynchronous else { return tau }
        return max(tau, storage.uncontendedSeconds(bytes: bytes(profile), nodes: profile.nodeCount, target: target))
    }

    /// Young's first-order optimum √(2δM).
    public static func young(checkpointSeconds delta: Double, mtbfSeconds m: Double) -> Double {
        (2 * delta * m).squareRoot()
    }

    /// Daly's higher-order optimum.
    public static func daly(checkpointSeconds delta: Double, mtbfSeconds m: Double) -> Double {
        guard delta < 2 * m else { return m }
        let x = delta / (2 * m)
        return (2 * delta * m).squareRoot() * (1 + x.squareRoot() / 3 + x / 9) - delta
    }
}
