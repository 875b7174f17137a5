import OrreryKernel

/// The Gittins index over the trace's empirical distribution of job service (GPUs ×
/// duration, GPU-seconds), as in Tiresias' 2D-Gittins (Gu et al., NSDI'19; Gittins 1989).
///
/// For a job that has attained `a` GPU-seconds and a service quantum Δ, the index is
/// P(S − a ≤ Δ | S > a) / E[min(S − a, Δ) | S > a]: the chance of finishing within the
/// quantum per unit of expected service spent trying. A higher index goes first, so the
/// rank is its negation. As in Tiresias, Δ is the distance to the next queue threshold
/// (the discretised queues of ``DiscretisedLASRanking``); past the last threshold the
/// quantum runs to the largest sample. A job that has outgrown every sample gets index 0.
///
/// The distribution is every job of the trace (the policy is prepared with the trace),
/// which is an oracle on the population, not on the job: Tiresias fits it from history.
public struct GittinsRanking: JobRanking {
    public var thresholds: [Double]
    /// Sorted service samples and their prefix sums (`prefix[i]` = sum of the first i).
    var samples: [Double] = []
    var prefix: [Double] = [0]
    /// Per threshold, the samples at or below it, then all of them (at or below the
    /// largest): the count at each possible end of the quantum, looked up instead of
    /// searched.
    var atMostQuantumEnd: [Int] = []

    public init(thresholds: [Double] = [3600], services: [Double] = []) {
        self.thresholds = thresholds.sorted()
        samples = services.sorted()
        prefix = [0]
        prefix.reserveCapacity(samples.count + 1)
        for value in samples { prefix.append(prefix[prefix.count - 1] + value) }
        atMostQuantumEnd = self.thresholds.map { threshold in samples.count(where: { $0 <= threshold }) } + [samples.count]
    }

    public func prepared(for jobs: [JobSpec]) -> any JobRanking {
        GittinsRanking(thresholds: thresholds, services: jobs.map { Double($0.gpus) * $0.duration.seconds })
    }

    public func rank(_ job: RankedJob) -> Double { -index(attained: job.attainedService) }

    /// The same rank, starting the sample searches from where they ended last time for
    /// this job (a running job's service grows slowly, so the counts rarely move).
    public func rank(_ job: RankedJob, cache: inout RankCache) -> Double {
        -index(attained: job.attainedService, hint: &cache)
    }

    /// Reviewed at queue thresholds, as Tiresias does; the index also drifts between
    /// them, which is seen at the next arrival or completion.
    public func runTimeToNextChange(_ job: RankedJob) -> SimTime? { runTimeToThreshold(job, thresholds: thresholds) }

    /// Service samples a hold spans (``rankHold(_:)``): at least `minimumHoldSamples`, and
    /// 1/`holdFraction` of the samples that could finish within the quantum now, so the
    /// ceiling stays within about that fraction of the rank. A longer hold re-arms less
    /// often, a shorter one keeps the ceiling nearer the rank; these balance the two on
    /// the Philly-derived trace (docs/performance.md, Scheduling).
    static let minimumHoldSamples = 16
    static let holdFraction = 8

    /// Between two sample crossings the index only rises (the expected service left falls
    /// while the chance of finishing within the quantum stays), at each crossing it drops,
    /// and the quantum's end stays put until the next threshold. So until the job's service
    /// reaches the k-th sample above it (k as ``minimumHoldSamples`` says) or the next
    /// threshold, if nearer, the index stays above (samples finishing within the quantum
    /// at the hold's end) / (expected service left now), with one sample to spare for
    /// rounding at the end; the rank stays below that ratio's negation. Past every sample
    /// the index is 0 for good.
    public func rankHold(_ job: RankedJob) -> RankHold {
        var hint = RankCache()
        return rankHold(job, cache: &hint)
    }

    /// The same hold, starting the search for the samples at or below the job's service
    /// from where its rank's search ended.
    public func rankHold(_ job: RankedJob, cache: inout RankCache) -> RankHold {
        let a = job.attainedService
        let count = samples.count
        let above = countAtMost(a, hint: cache.first)
        cache.first = above
        guard above < count, job.gpus > 0 else { return RankHold(runTime: .max, isConstant: true) }
        let next = thresholds.firstIndex { $0 > a }
        let threshold = next.map { thresholds[$0] }
        let quantumEnd = threshold ?? samples[count - 1]
        let within = atMostQuantumEnd[next ?? thresholds.count]
        let spanEnd = above + Swift.max(Self.minimumHoldSamples, (within - above) / Self.holdFraction)
        var holdEnd = spanEnd < count ? samples[spanEnd] : Double.infinity
        if let threshold { holdEnd = Swift.min(holdEnd, threshold) }
        let finishingAtEnd = Swift.max(0, within - Swift.min(spanEnd + 1, count))
        let spentNow = spent(attained: a, above: above, within: within, quantumEnd: quantumEnd)
        let ceiling = spentNow > 0 ? -Double(finishingAtEnd) / spentNow : 0
        guard holdEnd.isFinite else { return RankHold(runTime: .max, isConstant: false, ceiling: ceiling) }
        guard let toEnd = runTime(job, toService: holdEnd) else { return .none }
        return RankHold(runTime: toEnd - SimTime(nanoseconds: 1), isConstant: false, ceiling: ceiling)
    }

    /// The Gittins index at `attained` GPU-seconds.
    func index(attained a: Double) -> Double {
        var hint = RankCache()
        return index(attained: a, hint: &hint)
    }

    /// The index, with the two sample counts tried first at `hint` (and left there).
    func index(attained a: Double, hint: inout RankCache) -> Double {
        let next = thresholds.firstIndex { $0 > a }
        let quantumEnd = next.map { thresholds[$0] } ?? (samples.last ?? a)
        let delta = quantumEnd - a
        let above = countAtMost(a, hint: hint.first)  // samples ≤ a have finished
        hint.first = above
        let alive = samples.count - above
        guard alive > 0, delta > 0 else { return 0 }
        // a + Δ is the quantum's end unless rounding moved it.
        let end = a + delta
        let within = end == quantumEnd ? atMostQuantumEnd[next ?? thresholds.count] : countAtMost(end, hint: hint.second)
        hint.second = within
        let spent = spent(attained: a, above: above, within: within, quantumEnd: quantumEnd)
        guard spent > 0 else { return 0 }
        return Double(within - above) / spent
    }

    /// E[min(S − a, Δ) | S > a] · alive = Σ_{a<S≤a+Δ} (S − a) + Δ · #(S > a + Δ), for
    /// `above` samples ≤ a and `within` samples ≤ a + Δ = `quantumEnd`.
    private func spent(attained a: Double, above: Int, within: Int, quantumEnd: Double) -> Double {
        (prefix[within] - prefix[above]) - Double(within - above) * a + (quantumEnd - a) * Double(samples.count - within)
    }

    /// The number of samples ≤ `value`, searched from `hint` (a previous answer) outwards
    /// in doubling steps, then by bisection: O(log distance) when the value moved little.
    private func countAtMost(_ value: Double, hint: Int) -> Int {
        let count = samples.count
        var low = 0, high = count
        if hint <= count {
            if hint == 0 || samples[hint - 1] <= value {
                // The answer is at or above the hint.
                var step = 1
                low = hint
                while low + step <= count && samples[low + step - 1] <= value {
                    low += step
                    step *= 2
                }
                high = Swift.min(count, low + step)
            } else {
                var step = 1
                high = hint - 1
                while high - step >= 0 && samples[high - step] > value {
                    high -= step
                    step *= 2
                }
                low = Swift.max(0, high - step)
            }
        }
        while low < high {
            let mid = (low + high) / 2
            if samples[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
