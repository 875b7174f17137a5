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
    /// The samples bucketed, so a count across many of them is a lookup.
    var buckets = SortedValueBuckets(sorted: [])

    public init(thresholds: [Double] = [3600], services: [Double] = []) {
        self.thresholds = thresholds.sorted()
        samples = services.sorted()
        prefix = [0]
        prefix.reserveCapacity(samples.count + 1)
        for value in samples { prefix.append(prefix[prefix.count - 1] + value) }
        atMostQuantumEnd = self.thresholds.map { threshold in samples.count(where: { $0 <= threshold }) } + [samples.count]
        buckets = SortedValueBuckets(sorted: samples)
    }

    public func prepared(for jobs: [JobSpec]) -> any JobRanking {
        GittinsRanking(thresholds: thresholds, services: jobs.map { Double($0.gpus) * $0.duration.seconds })
    }

    public func rank(_ job: RankedJob) -> Double { -index(attained: job.attainedService) }

    /// The same rank, from the job's cached segment (``GittinsSegment``) while its service
    /// stays inside it: one division. Otherwise the sample searches start from where they
    /// ended last time for this job (a running job's service grows slowly, so the counts
    /// rarely move), and the segment is re-cached.
    public func rank(_ job: RankedJob, cache: inout RankCache) -> Double {
        let a = job.attainedService
        if let index = cache.segment.index(attained: a) { return -index }
        return -indexOutsideSegment(attained: a, cache: &cache)
    }

    /// The index when `a` has left its cached segment. While `a` stays within the
    /// segment's quantum (the same thresholds around it, so the same quantum's end and
    /// samples within it), only the samples finished move, counted from where they were,
    /// and the segment moves to `a`; otherwise, or past every sample, the index is
    /// searched afresh (which caches the segment around `a` where there is one). Kept out
    /// of line so that a rank inside the segment pays for no call frame.
    @inline(never)
    private func indexOutsideSegment(attained a: Double, cache: inout RankCache) -> Double {
        let old = cache.segment
        guard a >= old.quantumFrom && a < old.quantumTo else { return index(attained: a, hint: &cache) }
        let above = countAtMost(a, hint: cache.first)
        cache.first = above
        guard above < samples.count else { return index(attained: a, hint: &cache) }
        cache.segment = segment(
            above: above, within: old.within, quantumFrom: old.quantumFrom, quantumTo: old.quantumTo, quantumEnd: old.quantumEnd)
        return cache.segment.index(attained: a) ?? index(attained: a, hint: &cache)
    }

    /// The segment with `above` samples finished (fewer than all) and `within` at or below
    /// `quantumEnd`, between thresholds `quantumFrom` and `quantumTo` (±∞ past the ends).
    private func segment(above: Int, within: Int, quantumFrom: Double, quantumTo: Double, quantumEnd: Double) -> GittinsSegment {
        GittinsSegment(
            low: Swift.max(above > 0 ? samples[above - 1] : -.infinity, quantumFrom), high: Swift.min(samples[above], quantumTo),
            quantumFrom: quantumFrom, quantumTo: quantumTo, quantumEnd: quantumEnd, within: within, finishing: Double(within - above),
            finishingService: prefix[within] - prefix[above], outlasting: Double(samples.count - within))
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

    /// The index, with the two sample counts tried first at `hint` (and left there), and
    /// the segment around `a` cached in `hint.segment` where there is one (a segment
    /// left there otherwise is still right wherever it holds).
    func index(attained a: Double, hint: inout RankCache) -> Double {
        let next = thresholds.firstIndex { $0 > a } ?? thresholds.count
        let quantumEnd = next < thresholds.count ? thresholds[next] : (samples.last ?? a)
        let delta = quantumEnd - a
        let above = countAtMost(a, hint: hint.first)  // samples ≤ a have finished
        hint.first = above
        let count = samples.count
        guard count > above, delta > 0 else { return 0 }
        // a + Δ is the quantum's end unless rounding moved it.
        let end = a + delta
        let within = end == quantumEnd ? atMostQuantumEnd[next] : countAtMost(end, hint: hint.second)
        hint.second = within
        // Only a segment whose sample count at the quantum's end is the looked-up one is
        // cached: elsewhere that count depends on how a + Δ rounds.
        if end == quantumEnd {
            hint.segment = segment(
                above: above, within: within, quantumFrom: next > 0 ? thresholds[next - 1] : -.infinity,
                quantumTo: next < thresholds.count ? thresholds[next] : .infinity, quantumEnd: quantumEnd)
        }
        let spent = spent(attained: a, above: above, within: within, quantumEnd: quantumEnd)
        guard spent > 0 else { return 0 }
        return Double(within - above) / spent
    }

    /// E[min(S − a, Δ) | S > a] · alive = Σ_{a<S≤a+Δ} (S − a) + Δ · #(S > a + Δ), for
    /// `above` samples ≤ a and `within` samples ≤ a + Δ = `quantumEnd`.
    private func spent(attained a: Double, above: Int, within: Int, quantumEnd: Double) -> Double {
        (prefix[within] - prefix[above]) - Double(within - above) * a + (quantumEnd - a) * Double(samples.count - within)
    }

    /// The number of samples ≤ `value`: the hint (a previous answer) or one past it if
    /// that is it (a running job's service usually crosses a sample or two between
    /// ranks), else a bisection within the value's bucket (``SortedValueBuckets``).
    func countAtMost(_ value: Double, hint: Int) -> Int {
        let count = samples.count
        if hint >= 0 && hint <= count && (hint == 0 || samples[hint - 1] <= value) {
            if hint == count || samples[hint] > value { return hint }
            if hint + 1 == count || samples[hint + 1] > value { return hint + 1 }
        }
        var (low, high) = buckets.bounds(value, count: count)
        while low < high {
            let mid = (low + high) / 2
            if samples[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// A stretch of attained service between two crossings, of a service sample or a queue
/// threshold, over which the Gittins index is a simple function of the service a: the
/// samples finished (≤ a) stay the same, and so do the quantum's end q and the samples
/// at or below it, so the k samples that can finish within the quantum, their total
/// service F and the m samples that outlast it are fixed, and
///
///     index(a) = k / ((F − k·a) + (q − a)·m)
///
/// (the expected service left, times the samples alive, is linear in a). A running job
/// keeps its segment (``RankCache/segment``) so that its rank is a division until it
/// crosses the next sample or threshold. The sums are evaluated exactly as the search
/// evaluates them, so the cached index is the searched one to the bit (a
/// seed-parameterised test checks it along random service paths).
public struct GittinsSegment: Sendable {
    /// Attained service, GPU-seconds, over which the terms hold: [low, high). Empty by
    /// default.
    var low = 0.0
    var high = 0.0
    /// The thresholds around the segment, [quantumFrom, quantumTo) (±∞ past the ends), over
    /// which the quantum's end q (GPU-seconds) and the `within` samples at or below it
    /// hold. Empty by default.
    var quantumFrom = 0.0
    var quantumTo = 0.0
    var quantumEnd = 0.0
    var within = 0
    /// The samples k finishing within the quantum, the sum F of their services
    /// (GPU-seconds), and the samples m beyond q.
    var finishing = 0.0
    var finishingService = 0.0
    var outlasting = 0.0

    public init() {}

    init(
        low: Double, high: Double, quantumFrom: Double, quantumTo: Double, quantumEnd: Double, within: Int, finishing: Double,
        finishingService: Double, outlasting: Double
    ) {
        (self.low, self.high, self.quantumFrom, self.quantumTo, self.quantumEnd) = (low, high, quantumFrom, quantumTo, quantumEnd)
        self.within = within
        (self.finishing, self.finishingService, self.outlasting) = (finishing, finishingService, outlasting)
    }

    /// The index at `a` if `a` lies in the segment and a + (q − a) rounds back to q (as
    /// the search requires to use its looked-up count), nil otherwise; 0 where rounding
    /// leaves no service to spend, as in the search. The same operations in the same
    /// order as ``GittinsRanking/index(attained:hint:)``.
    @inline(__always)
    func index(attained a: Double) -> Double? {
        guard a >= low && a < high && a + (quantumEnd - a) == quantumEnd else { return nil }
        let spent = (finishingService - finishing * a) + (quantumEnd - a) * outlasting
        guard spent > 0 else { return 0 }
        return finishing / spent
    }
}
