import OrreryKernel

/// Finish-time fairness ρ (Mahajan et al., "Themis: Fair and Efficient GPU Cluster
/// Scheduling", NSDI'20), adapted to rigid gangs.
///
/// ρ = T_shared / T_independent: the job's completion time here over the time it would
/// take on its own 1/N̄ share of the cluster, where N̄ is the time-averaged number of
/// active jobs (waiting or running) over the job's life, [submit, end]. With C GPUs the
/// share is C/N̄ GPUs; a job needing g GPUs at most that runs at full speed, one needing
/// more runs proportionally slower: T_independent = duration × max(1, N̄·g/C). ρ ≤ 1
/// means the job did at least as well as under an equal static partition. Themis counts
/// contending apps, not jobs, and uses placement-aware slowdowns; neither is modelled.
enum FinishTimeFairness {
    /// ρ for every finished outcome (nil entries for others), with `totalGPUs` GPUs.
    static func rho(_ outcomes: [JobOutcome], totalGPUs: Int) -> [Double?] {
        // Active-job count as a step function: +1 at submit, −1 at end (or never).
        var changes: [(time: SimTime, delta: Int)] = []
        changes.reserveCapacity(outcomes.count * 2)
        for outcome in outcomes where outcome.state != .rejected {
            changes.append((outcome.spec.submit, 1))
            if let end = outcome.end { changes.append((end, -1)) }
        }
        changes.sort { $0.time != $1.time ? $0.time < $1.time : $0.delta < $1.delta }
        // times[i]: breakpoints; level[i]: active jobs on [times[i], times[i+1]);
        // area[i]: ∫ active dt (job-seconds) from times[0] to times[i].
        var times: [SimTime] = []
        var level: [Int] = []
        var area: [Double] = []
        var active = 0
        for change in changes {
            if let last = times.last, last == change.time {
                active += change.delta
                level[level.count - 1] = active
                continue
            }
            let previousArea = area.last.map { $0 + Double(level[level.count - 1]) * (change.time - times[times.count - 1]).seconds } ?? 0
            active += change.delta
            times.append(change.time)
            level.append(active)
            area.append(previousArea)
        }
        func integral(to time: SimTime) -> Double {
            var low = 0, high = times.count
            while low < high {
                let mid = (low + high) / 2
                if times[mid] <= time { low = mid + 1 } else { high = mid }
            }
            guard low > 0 else { return 0 }
            return area[low - 1] + Double(level[low - 1]) * (time - times[low - 1]).seconds
        }
        return outcomes.map { outcome in
            guard outcome.state == .finished, let end = outcome.end, totalGPUs > 0 else { return nil }
            let life = (end - outcome.spec.submit).seconds
            guard life > 0 else { return nil }
            let contention = Swift.max(1, (integral(to: end) - integral(to: outcome.spec.submit)) / life)
            let independent = outcome.spec.duration.seconds * Swift.max(1, contention * Double(outcome.spec.gpus) / Double(totalGPUs))
            return life / independent
        }
    }
}
