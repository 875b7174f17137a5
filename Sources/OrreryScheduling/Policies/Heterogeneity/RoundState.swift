import OrreryKernel

/// What a round-based heterogeneity-aware scheduler remembers between passes of one run:
/// each job's throughput per GPU type and allocation class, the current allocation, and
/// the time each job has held each type since it was computed.
///
/// Per-job figures are flat arrays indexed by job index (× GPU type where per type), so a
/// pass touches no dictionary: a round reads every job present, tens of thousands of
/// rounds a trace. A value the policy's passes share through ``RoundStateBox``; a pass
/// takes it out of the box and puts it back, so the pass's many reads and writes are
/// plain struct accesses rather than checked accesses to a class's properties.
struct RoundState {
    /// The run's jobs, by index (empty when the policy was not prepared).
    let jobs: [JobSpec]
    /// The cluster's GPU types, read at the first pass: a run's nodes do not change.
    private(set) var types = GPUTypeTable(capacities: [], nodes: [])
    private(set) var typeCount = 0

    /// Per job: whether it has been seen waiting (its throughputs known), its throughput
    /// on each type (flat, job × type) and its allocation class (an index into
    /// ``classes``; -1 if no single type can hold it).
    private(set) var seen: [Bool] = []
    private(set) var rates: [Double] = []
    private(set) var allocationClass: [Int] = []
    /// Whether any job seen runs on no single type (``runsOnOneType(_:)`` false).
    private(set) var hasJobsOffEveryType = false
    /// Allocation classes met so far (interchangeable jobs, ``MaxMinAllocation``).
    private var classIDs: [MaxMinAllocation.ClassKey: Int] = [:]
    private(set) var classes: [MaxMinAllocation.ClassKey] = []

    /// Jobs the allocation was computed for, ascending, and whether each job is one.
    private(set) var hasAllocation = false
    private(set) var active: [Int] = []
    private(set) var isActive: [Bool] = []
    /// Per class present in the allocation: its jobs' share of time on each type (flat,
    /// class × type).
    private var classShares: [Double] = []
    /// Per active job: seconds it has held each type since ``allocatedAt`` (flat).
    private var received: [Double] = []
    private(set) var allocatedAt: SimTime = .zero
    /// The last pass, up to which running jobs' time has been credited.
    private(set) var lastPass: SimTime = .zero
    /// The instant the last round was planned (a second pass at the same instant, after
    /// the round's preemptions, only fills idle GPUs).
    var lastRound: SimTime?

    /// The per-job marks of a pass (``RoundMarks``).
    var marks = RoundMarks()
    /// Which jobs are present at a reallocation (``updateActive(_:)``).
    private var presence = PassMarks()
    /// Scratch of the allocation, reused: per class, its slot in the program (-1: none).
    private var classSlot: [Int] = []

    init(jobs: [JobSpec]) {
        self.jobs = jobs
        grow(to: jobs.count)
    }

    /// Reads the cluster's GPU types at the first pass.
    mutating func prepare(for cluster: ClusterState) {
        guard typeCount == 0, !cluster.gpuTypes.isEmpty else { return }
        types = GPUTypeTable(cluster)
        typeCount = types.capacities.count
        rates = [Double](repeating: 0, count: seen.count * typeCount)
        received = rates
    }

    /// Makes room for job index `index` (jobs beyond the prepared table, in tests).
    mutating func ensure(_ index: Int) {
        if index >= seen.count { grow(to: Swift.max(index + 1, 2 * seen.count)) }
    }

    private mutating func grow(to count: Int) {
        let added = count - seen.count
        guard added > 0 else { return }
        seen += repeatElement(false, count: added)
        allocationClass += repeatElement(-1, count: added)
        isActive += repeatElement(false, count: added)
        rates += repeatElement(0, count: added * typeCount)
        received += repeatElement(0, count: added * typeCount)
    }

    /// Records a waiting job's GPU count and throughputs, and files it in its class.
    mutating func record(_ index: Int, gpus count: Int, throughputs: [Double], heterogeneityAware: Bool) {
        ensure(index)
        seen[index] = true
        if !throughputs.contains(where: { $0 > 0 }) { hasJobsOffEveryType = true }
        for t in 0..<typeCount { rates[index * typeCount + t] = throughputs[t] }
        let row = MaxMinAllocation.normalisedRow(
            of: .init(gpus: count, throughputs: throughputs), capacities: types.capacities, heterogeneityAware: heterogeneityAware)
        guard row.contains(where: { $0 > 0 }) else { return }
        let key = MaxMinAllocation.ClassKey(gpus: count, row: row)
        if let id = classIDs[key] {
            allocationClass[index] = id
        } else {
            allocationClass[index] = classes.count
            classIDs[key] = classes.count
            classes.append(key)
            classShares += repeatElement(0, count: typeCount)
            classSlot.append(-1)
        }
    }

    func rate(_ job: Int, _ type: Int) -> Double { rates[job * typeCount + type] }

    /// Whether the job can run on some single type.
    func runsOnOneType(_ job: Int) -> Bool {
        seen[job] && (0..<typeCount).contains { rates[job * typeCount + $0] > 0 }
    }

    /// Job `job`'s share of time on `type` under the current allocation.
    func share(_ job: Int, _ type: Int) -> Double {
        let k = allocationClass[job]
        return k >= 0 ? classShares[k * typeCount + type] : 0
    }

    func received(_ job: Int, _ type: Int) -> Double { received[job * typeCount + type] }

    /// Credits every running job of the allocation with the time since the last pass
    /// on its type.
    mutating func credit<Jobs: RoundJobs>(_ jobs: Jobs, cluster: ClusterState, now: SimTime) {
        for position in 0..<jobs.runningCount {
            let job = jobs.runningJob(position)
            guard job < isActive.count && isActive[job] else { continue }
            guard let type = jobs.runningType(position, in: cluster) else { continue }
            received[job * typeCount + type] += (now - Swift.max(lastPass, jobs.runningStart(position))).seconds
        }
        lastPass = now
    }

    /// Whether the jobs present (waiting or running) are the allocation's.
    func allocationCovers<Jobs: RoundJobs>(_ jobs: Jobs) -> Bool {
        guard hasAllocation, jobs.waitingCount + jobs.runningCount == active.count else { return false }
        for position in 0..<jobs.waitingCount where !isActive[jobs.waitingJob(position)] { return false }
        for position in 0..<jobs.runningCount {
            let job = jobs.runningJob(position)
            if job >= isActive.count || !isActive[job] { return false }
        }
        return true
    }

    /// Solves the allocation for the jobs present and restarts the count of time received.
    /// Classes enter the programs in order of their first job by index, as
    /// ``MaxMinAllocation`` would file them from the jobs in index order.
    mutating func reallocate<Jobs: RoundJobs>(_ jobs: Jobs, now: SimTime) {
        updateActive(jobs)
        var present: [Int] = []
        var members: [Int] = []
        for job in active {
            for t in 0..<typeCount { received[job * typeCount + t] = 0 }
            let k = allocationClass[job]
            guard k >= 0 else { continue }
            if classSlot[k] < 0 {
                classSlot[k] = present.count
                present.append(k)
                members.append(0)
            }
            members[classSlot[k]] += 1
        }
        let solved = MaxMinAllocation.solve(
            classes: present.map { (classes[$0].gpus, classes[$0].row) }, members: members, capacities: types.capacities)
        for (slot, k) in present.enumerated() {
            for t in 0..<typeCount { classShares[k * typeCount + t] = solved.shares[slot][t] }
            classSlot[k] = -1
        }
        hasAllocation = true
        allocatedAt = now
    }

    /// Makes ``active`` the jobs present, ascending, without sorting them all: those still
    /// present keep their order and the newcomers (an arrival, a completion's successors)
    /// are sorted and merged in.
    private mutating func updateActive<Jobs: RoundJobs>(_ jobs: Jobs) {
        var newest = -1
        for position in 0..<jobs.runningCount { newest = Swift.max(newest, jobs.runningJob(position)) }
        ensure(newest)
        presence.newPass(jobs: seen.count)
        var newcomers: [Int] = []
        for position in 0..<jobs.waitingCount {
            let job = jobs.waitingJob(position)
            presence[job] = 0
            if !isActive[job] { newcomers.append(job) }
        }
        for position in 0..<jobs.runningCount {
            let job = jobs.runningJob(position)
            presence[job] = 0
            if !isActive[job] { newcomers.append(job) }
        }
        var kept = 0
        for position in active.indices {
            let job = active[position]
            if presence.contains(job) {
                active[kept] = job
                kept += 1
            } else {
                isActive[job] = false
            }
        }
        active.removeLast(active.count - kept)
        newcomers.sort()
        // Merge from the back, in place.
        var old = kept - 1, new = newcomers.count - 1, slot = kept + newcomers.count - 1
        active += newcomers
        while new >= 0 {
            if old >= 0 && active[old] > newcomers[new] {
                active[slot] = active[old]
                old -= 1
            } else {
                active[slot] = newcomers[new]
                new -= 1
            }
            slot -= 1
        }
        for job in newcomers { isActive[job] = true }
    }
}

/// Where a policy value keeps its ``RoundState`` for the run (policies are values; the
/// model copies one in and calls it pass after pass). A run is single-threaded, so the
/// unchecked sendability holds.
final class RoundStateBox: @unchecked Sendable {
    var state: RoundState

    init(_ state: RoundState) {
        self.state = state
    }
}

/// The cluster's GPU types as the allocation sees them: capacity and nodes of each.
struct GPUTypeTable {
    var capacities: [Int]
    /// Per type, its nodes in cluster order.
    var nodes: [[Int]]

    init(capacities: [Int], nodes: [[Int]]) {
        self.capacities = capacities
        self.nodes = nodes
    }

    init(_ cluster: ClusterState) {
        capacities = [Int](repeating: 0, count: cluster.gpuTypes.count)
        nodes = [[Int]](repeating: [], count: cluster.gpuTypes.count)
        for (position, node) in cluster.nodes.enumerated() {
            capacities[node.typeIndex] += node.gpuCount
            nodes[node.typeIndex].append(position)
        }
    }

    /// `gpus` GPUs on the first nodes of `type`, filled in order: where the policy asks a
    /// run-time model how fast a job runs on the type. Nil if the type has fewer GPUs.
    func nominalPlacement(gpus: Int, type: Int, in cluster: ClusterState) -> Placement? {
        guard gpus > 0, gpus <= capacities[type] else { return nil }
        var shares: [Placement.Share] = []
        var left = gpus
        for node in nodes[type] where left > 0 {
            let take = Swift.min(left, cluster.nodes[node].gpuCount)
            shares.append(.init(node: node, gpus: Array(0..<take)))
            left -= take
        }
        return Placement(shares: shares)
    }

    /// The type index every share of `placement` is on, or nil if it spans types.
    static func type(of placement: Placement, in cluster: ClusterState) -> Int? {
        guard let first = placement.shares.first else { return nil }
        let type = cluster.nodes[first.node].typeIndex
        return placement.shares.allSatisfy({ cluster.nodes[$0.node].typeIndex == type }) ? type : nil
    }
}
