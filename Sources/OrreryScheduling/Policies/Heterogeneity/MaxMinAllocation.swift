/// Gavel's heterogeneity-aware max-min fairness allocation (Narayanan et al.,
/// "Heterogeneity-Aware Cluster Scheduling Policies for Deep Learning Workloads",
/// OSDI'20, §4.1, the LAS policy): the share of time X[j][t] each job j should spend on
/// each GPU type t.
///
/// With T[j][t] the job's throughput on type t (work per second), its normalised
/// throughput under X is Σ_t a[j][t]·X[j][t], a[j][t] = T[j][t] / T̄[j], where T̄[j] is
/// its throughput under an equal split, Σ_t T[j][t]·c_t / Σ_t c_t over the types it may
/// use (c_t GPUs of type t). Multiplied by the job's GPU count g[j] (Gavel's scale factor:
/// with equal throughputs a 1-GPU job gets g times the time of a g-GPU job, so equal
/// GPU-time), the allocation solves
///
///     maximise  min_j  g[j] · Σ_t a[j][t]·X[j][t]
///     s.t.      Σ_t X[j][t] ≤ 1              (a job runs on one type at a time)
///               Σ_j g[j]·X[j][t] ≤ c_t       (no type is oversubscribed)
///               X[j][t] = 0 where j cannot run on t (its GPU type, or more GPUs than t has)
///
/// then, among the allocations reaching that minimum, the one with the largest sum of
/// the same terms (lexicographically: the same program's second objective, optimised on
/// the face where the first is optimal),
/// so capacity the minimum leaves unused is not wasted. A **heterogeneity-agnostic**
/// allocation is the same program with every a[j][t] = 1 (Gavel's baseline treats GPU
/// types as interchangeable).
///
/// Jobs with the same GPU count, GPU-type restriction and throughput vector are
/// interchangeable: averaging an optimal allocation over their permutations stays optimal
/// and feasible (both objectives are symmetric in them and convex), so the programs are
/// solved over **classes** of such jobs (n_k jobs each), which keeps them small (tens of
/// classes for Gavel's 26 job types) however many jobs wait. Jobs no single type can
/// hold get no share (X = 0): Gavel runs a job on one type at a time.
public struct MaxMinAllocation: Sendable {
    /// What the allocation needs to know of one job.
    public struct Job: Sendable, Equatable {
        public var gpus: Int
        /// Throughput on each GPU type (any unit, per job; only ratios across types
        /// matter); 0 where the job cannot run.
        public var throughputs: [Double]

        public init(gpus: Int, throughputs: [Double]) {
            self.gpus = gpus
            self.throughputs = throughputs
        }
    }

    /// Per job, its share of time on each type (rows sum to at most 1).
    public var shares: [[Double]]
    /// The minimum of g[j]·(normalised throughput) reached: the max-min objective.
    public var minimum: Double

    /// - Parameters:
    ///   - capacities: GPUs of each type.
    ///   - heterogeneityAware: false treats every type a job can use as equally fast.
    public init(jobs: [Job], capacities: [Int], heterogeneityAware: Bool = true) {
        let types = capacities.count
        let normalised = jobs.map { Self.normalisedRow(of: $0, capacities: capacities, heterogeneityAware: heterogeneityAware) }
        // Classes of interchangeable jobs, in order of first appearance.
        var classOf: [ClassKey: Int] = [:]
        var members: [Int] = []
        var classKeys: [ClassKey] = []
        var jobClass = [Int](repeating: -1, count: jobs.count)
        for (j, job) in jobs.enumerated() where normalised[j].contains(where: { $0 > 0 }) {
            let key = ClassKey(gpus: job.gpus, row: normalised[j])
            if let k = classOf[key] {
                members[k] += 1
                jobClass[j] = k
            } else {
                classOf[key] = classKeys.count
                jobClass[j] = classKeys.count
                classKeys.append(key)
                members.append(1)
            }
        }
        var solver = MaxMinSolver()
        var perClass: [Double] = []
        minimum = solver.solve(
            classes: classKeys, order: Array(classKeys.indices), members: members, capacities: capacities, shares: &perClass)
        shares = jobClass.map { k in k >= 0 ? Array(perClass[k * types..<(k + 1) * types]) : [Double](repeating: 0, count: types) }
    }

    /// What makes jobs interchangeable in the programs: GPU count and normalised
    /// throughputs (``normalisedRow(of:capacities:heterogeneityAware:)``).
    struct ClassKey: Hashable {
        var gpus: Int
        var row: [Double]
    }

    /// The job's normalised throughput a[j][t] on each type (0 where it cannot run: no
    /// throughput, or more GPUs than the type has); all zeros if it can run nowhere.
    static func normalisedRow(of job: Job, capacities: [Int], heterogeneityAware: Bool) -> [Double] {
        let types = capacities.count
        var row = [Double](repeating: 0, count: types)
        var weighted = 0.0, capacity = 0
        for t in 0..<types where job.throughputs[t] > 0 && job.gpus <= capacities[t] {
            weighted += job.throughputs[t] * Double(capacities[t])
            capacity += capacities[t]
        }
        guard capacity > 0 else { return row }
        let mean = weighted / Double(capacity)
        for t in 0..<types where job.throughputs[t] > 0 && job.gpus <= capacities[t] {
            row[t] = heterogeneityAware ? rounded(job.throughputs[t] / mean, to: throughputResolution) : 1
        }
        return row
    }

    /// The grain shares are rounded to (so a type may be oversubscribed by up to half of
    /// it per job, far below a GPU).
    static let shareResolution = 1e-6
    /// The grain normalised throughputs are rounded to, so that jobs of one type whose
    /// durations round differently to nanoseconds fall in one class.
    static let throughputResolution = 1e-9

    static func rounded(_ value: Double, to grain: Double) -> Double { (value / grain).rounded() * grain }
}
