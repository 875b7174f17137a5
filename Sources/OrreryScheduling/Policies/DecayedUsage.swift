import Foundation
import OrreryKernel

/// Exponentially decayed GPU usage, as fair-share schedulers account it (Kay & Lauder
/// 1988; Slurm's `PriorityDecayHalfLife`): a GPU-second used `a` ago counts
/// 2^(−a / half-life). A half-life of `.max` means no decay (plain GPU-seconds).
public enum DecayedUsage {
    /// `value`, `elapsed` later.
    public static func decay(_ value: Double, over elapsed: SimTime, halfLife: SimTime) -> Double {
        guard halfLife != .max else { return value }
        return value * exp2(-elapsed.seconds / halfLife.seconds)
    }

    /// The decayed GPU-seconds, seen at `time`, of `gpus` GPUs held from `start` to `end`
    /// (`end` ≤ `time`): the integral of gpus · 2^(−(time − s) / h) over s in [start, end],
    /// that is gpus · h / ln 2 · (2^(−(time − end) / h) − 2^(−(time − start) / h)).
    public static func gpuSeconds(gpus: Int, from start: SimTime, to end: SimTime, at time: SimTime, halfLife: SimTime) -> Double {
        guard halfLife != .max else { return Double(gpus) * (end - start).seconds }
        let h = halfLife.seconds
        return Double(gpus) * h / M_LN2 * (exp2(-(time - end).seconds / h) - exp2(-(time - start).seconds / h))
    }
}

extension SchedulingPolicy {
    /// Starts jobs in the order given by `key` (smaller first; ties: arrival order) until
    /// the first that does not fit, which blocks the rest (as FIFO's head does).
    func startInOrder(
        of queue: ArraySlice<PendingJob>, cluster: ClusterState, placement: any PlacementPolicy,
        key: (PendingJob) -> Double
    ) -> [StartDecision] {
        let keys = queue.map(key)
        let order = keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        var view = cluster
        var decisions: [StartDecision] = []
        for offset in order {
            let pending = queue[queue.startIndex + offset]
            guard let chosen = placement.place(pending.spec.request, in: view) else { break }
            view.allocate(chosen)
            decisions.append(StartDecision(job: pending.index, placement: chosen))
        }
        return decisions
    }
}
