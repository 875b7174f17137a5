import OrreryKernel

/// What a round-based heterogeneity-aware scheduler remembers between passes of one run:
/// each job's throughput per GPU type and allocation class, the current allocation, and
/// the time each job has held each type since it was computed.
///
/// Per-job figures are in one flat array indexed by job index × GPU type (``Figures``),
/// so a pass touches no dictionary and reads one row per job and type: a round reads
/// every job present, tens of thousands of rounds a trace. A value the policy's passes
/// share through ``RoundStateBox``; a pass takes it out of the box and puts it back, so
/// the pass's many reads and writes are plain struct accesses rather than checked
/// accesses to a class's properties. The jobs present are kept in place (``JobList``,
/// ``JobColumn``), shared by copies: there is one state per run, in its box.
struct RoundState {
    /// The run's jobs' demands as a round places them, on the type it chose
    /// (``PlacementPolicy/place(_:onType:in:)``), by index (empty when the policy was not
    /// prepared), made once: a round places millions of runs. Plain values: a request's
    /// names, which placement on a chosen type does not read, were retained and released
    /// at every start.
    let requests: [ResourceDemand]
    /// Whether every request is whole GPUs without host demand (rounds may then be made
    /// on ``masks``).
    let requestsAreWholeGPUsWithoutHost: Bool
    /// The cluster's GPU types, read at the first pass: a run's nodes do not change.
    private(set) var types = GPUTypeTable(capacities: [], nodes: [])
    private(set) var typeCount = 0
    /// Rows of ``figures`` per job: the type count, one before the types are read. Kept,
    /// not derived: a round reads it for every pair, and `max(typeCount, 1)` there cost
    /// 0.3 % of a `gavel-max-min` run.
    private var stride = 1

    /// Per job and type (flat, job × ``stride``), side by side: a round reads them
    /// together for every job present, and the jobs present are a few hundred spread
    /// over the trace, so one array per figure took a first-level cache miss per job
    /// and figure (an eighth of a `gavel-max-min` run's misses, the most of any part).
    private var figures: [Figures] = []

    /// One job's figures on one type, in 32 bytes. The job's own (``seen``,
    /// ``allocationClass``) are in its first type's row.
    fileprivate struct Figures {
        /// Throughput on the type.
        var rate: Double = 0
        /// ``RoundState/received``'s figure: nanoseconds held, and the allocation they
        /// count for (its count's low 32 bits: two allocations that far apart take two
        /// billion jobs joining or leaving).
        var receivedNanoseconds: Int64 = 0
        var receivedAllocation: Int32 = 0
        /// The job's allocation class (an index into ``classes``; -1 if no single type
        /// can hold it), and whether it has been seen waiting (its throughputs known).
        var allocationClass: Int32 = -1
        var seen = false

        /// Nanoseconds held in ended runs under the allocation stamped `stamp` (0 if the
        /// figure counts for an earlier one).
        func heldInEndedRuns(stamp: Int32) -> Int64 { receivedAllocation == stamp ? receivedNanoseconds : 0 }

        /// ``RoundState/received(_:_:runningSince:now:)`` from this figure, under the
        /// allocation stamped `stamp` and computed at `allocatedAt`.
        @inline(__always)
        func received(stamp: Int32, allocatedAt: SimTime, runningSince runStart: SimTime?, now: SimTime) -> SimTime {
            let ended = SimTime(nanoseconds: heldInEndedRuns(stamp: stamp))
            guard let runStart else { return ended }
            return ended + (now - Swift.max(allocatedAt, runStart))
        }
    }

    /// ``allocations`` as a figure is stamped with.
    private var allocationStamp: Int32 { Int32(truncatingIfNeeded: allocations) }
    /// Whether any job seen runs on no single type (``runsOnOneType(_:)`` false).
    private(set) var hasJobsOffEveryType = false
    /// Allocation classes met so far (interchangeable jobs, ``MaxMinAllocation``).
    private var classIDs: [MaxMinAllocation.ClassKey: Int] = [:]
    private(set) var classes: [MaxMinAllocation.ClassKey] = []

    /// Whether an allocation was computed, and whether jobs joined (first queued) or left
    /// (ended) since.
    private(set) var hasAllocation = false
    private var presenceChanged = false
    /// Whether the current allocation's shares are still to be solved
    /// (``solvePendingShares()``).
    private(set) var sharesPending = false
    /// Jobs present (waiting or running) at the last pass, densely in no order, and per
    /// job its position there (-1: absent). Kept from joins and leaves, so a pass that
    /// changes nobody's presence (a round, a preemption) costs nothing here.
    let present = JobList()
    private let presentSlot = JobColumn(repeating: -1, count: 0)
    /// Per allocation class: its present jobs, ascending (classes enter the programs in
    /// order of their first present job).
    private var classMembers: [[Int]] = []
    /// Per class present in the allocation: its jobs' share of time on each type (flat,
    /// class × type).
    private var classShares: [Double] = []
    /// Programs solved so far, by their input.
    private var solved = SolvedAllocations()
    /// The memory the programs are built and solved in.
    private var solver = MaxMinSolver()
    /// Per present job (in ``figures``): nanoseconds it has held each type since
    /// ``allocatedAt`` in runs that have ended; a running job's current run is counted
    /// when read (``received(_:_:runningSince:now:)``) and added here when it stops
    /// (``creditStoppedRun(_:type:runStart:now:)``). Every pass credited every running job
    /// before: a seventh of a `gavel-max-min` run's first-level cache misses. In whole
    /// nanoseconds, jobs that held a type equally long tie exactly, so the documented
    /// order decides between them, not the rounding of sums of seconds. Each figure is
    /// stamped with the allocation it counts for (``allocations``): one from an earlier
    /// allocation is 0, so a new allocation restarts every count without a pass over the
    /// jobs present.
    private(set) var allocatedAt: SimTime = .zero
    /// Allocations computed so far.
    private var allocations = 0
    /// The instant the last round was planned (a second pass at the same instant, after
    /// the round's preemptions, only fills idle GPUs).
    var lastRound: SimTime?

    /// The per-job marks of a pass (``RoundMarks``).
    var marks = RoundMarks()
    /// The memory a round's pairs, and its victims, are sorted in.
    var pairSort = PairSort()
    var sortScratch: [Int] = []
    /// The memory rounds are made in when they can be (``WholeGPUMasks``), made at the
    /// first such round.
    var masks: WholeGPUMasks?
    /// Which jobs a scan found present (``syncPresence(scanning:)``).
    private var scanned = PassMarks()

    init(jobs: [JobSpec]) {
        requests = jobs.map(\.request.demand)
        requestsAreWholeGPUsWithoutHost = requests.allSatisfy {
            $0.gpuMilli == ResourceRequest.wholeGPU && $0.cpuMilli <= 0 && $0.memoryMiB <= 0
        }
        grow(to: jobs.count)
    }

    /// Reads the cluster's GPU types at the first pass.
    mutating func prepare(for cluster: ClusterState) {
        guard typeCount == 0, !cluster.gpuTypes.isEmpty else { return }
        types = GPUTypeTable(cluster)
        typeCount = types.capacities.count
        // Jobs' own figures move to their first type's row.
        let jobs = jobCount
        var laidOut = [Figures](repeating: Figures(), count: jobs * typeCount)
        for job in 0..<jobs {
            laidOut[job * typeCount].seen = figures[job * stride].seen
            laidOut[job * typeCount].allocationClass = figures[job * stride].allocationClass
        }
        figures = laidOut
        stride = typeCount
    }

    /// Jobs the state has room for.
    var jobCount: Int { figures.count / stride }

    /// Whether job `job` has been seen waiting (its throughputs known).
    func isSeen(_ job: Int) -> Bool { figure(job, 0).seen }

    /// Job `job`'s allocation class (an index into ``classes``; -1 if none).
    private func allocationClass(_ job: Int) -> Int { Int(figure(job, 0).allocationClass) }

    /// Job `job`'s figures on `type`, a valid type. Read through the buffer, the row's
    /// position computed without overflow checks and checked once against the array: a
    /// round reads four figures of every job present, and each indexed read cost about
    /// twenty instructions. (A position that wrapped around could only read another
    /// job's row, never outside the array.)
    @inline(__always)
    private func figure(_ job: Int, _ type: Int) -> Figures {
        assert(type >= 0 && type < stride, "type \(type) outside the state")
        return figures.withUnsafeBufferPointer { figures in
            let row = job &* stride &+ type
            precondition(UInt(bitPattern: row) < UInt(bitPattern: figures.count), "job \(job) outside the state")
            return figures[row]
        }
    }

    /// Calls `body` with every job's figures as a pass's pairs read them
    /// (``PairFigures``), the shares solved.
    func withPairFigures<Result>(_ body: (PairFigures) -> Result) -> Result {
        assert(!sharesPending, "shares read before they were solved")
        return figures.withUnsafeBufferPointer { rows in
            classShares.withUnsafeBufferPointer { shares in
                body(
                    PairFigures(
                        rows: rows, shares: shares, stride: stride, types: typeCount, stamp: allocationStamp,
                        allocatedAt: allocatedAt))
            }
        }
    }

    /// Every job's figures for the pairs it makes: a job's rows, and its class's shares,
    /// are checked against their arrays once for all its types (a round reads four
    /// figures of each job present on each type, and each checked read cost about five
    /// instructions).
    struct PairFigures {
        fileprivate let rows: UnsafeBufferPointer<Figures>
        fileprivate let shares: UnsafeBufferPointer<Double>
        fileprivate let stride: Int, types: Int, stamp: Int32, allocatedAt: SimTime

        /// Job `job`'s figures, nil if it has not been seen waiting.
        @inline(__always)
        func job(_ job: Int) -> JobFigures? {
            let first = job &* stride
            precondition(
                job >= 0 && UInt(bitPattern: first &+ stride) <= UInt(bitPattern: rows.count), "job \(job) outside the state")
            let own = rows[first]
            guard own.seen else { return nil }
            let k = Int(own.allocationClass)
            guard k >= 0 else { return JobFigures(rows: rows.baseAddress! + first, shares: nil, figures: self) }
            let slot = k &* types
            precondition(UInt(bitPattern: slot &+ types) <= UInt(bitPattern: shares.count), "class \(k) outside the shares")
            return JobFigures(rows: rows.baseAddress! + first, shares: shares.baseAddress.map { $0 + slot }, figures: self)
        }
    }

    /// One job's figures on each valid type (``PairFigures/job(_:)`` checked its rows).
    struct JobFigures {
        fileprivate let rows: UnsafePointer<Figures>
        /// Its class's shares, nil if it has no class.
        fileprivate let shares: UnsafePointer<Double>?
        fileprivate let figures: PairFigures

        /// ``RoundState/rate(_:_:)``.
        @inline(__always)
        func rate(_ type: Int) -> Double { rows[type].rate }

        /// ``RoundState/share(_:_:)``.
        @inline(__always)
        func share(_ type: Int) -> Double { shares?[type] ?? 0 }

        /// ``RoundState/received(_:_:runningSince:now:)``.
        @inline(__always)
        func received(_ type: Int, runningSince runStart: SimTime?, now: SimTime) -> SimTime {
            rows[type].received(stamp: figures.stamp, allocatedAt: figures.allocatedAt, runningSince: runStart, now: now)
        }
    }

    /// Makes room for job index `index` (jobs beyond the prepared table, in tests).
    mutating func ensure(_ index: Int) {
        if index >= jobCount { grow(to: Swift.max(index + 1, 2 * jobCount)) }
    }

    private mutating func grow(to count: Int) {
        let added = count - jobCount
        guard added > 0 else { return }
        presentSlot.grow(to: count, filling: -1)
        figures += repeatElement(Figures(), count: added * stride)
    }

    /// Records a waiting job's GPU count and throughputs, and files it in its class.
    mutating func record(_ index: Int, gpus count: Int, throughputs: [Double], heterogeneityAware: Bool) {
        ensure(index)
        figures[index * stride].seen = true
        if !throughputs.contains(where: { $0 > 0 }) { hasJobsOffEveryType = true }
        for t in 0..<typeCount { figures[index * stride + t].rate = throughputs[t] }
        let row = MaxMinAllocation.normalisedRow(
            of: .init(gpus: count, throughputs: throughputs), capacities: types.capacities, heterogeneityAware: heterogeneityAware)
        guard row.contains(where: { $0 > 0 }) else { return }
        let key = MaxMinAllocation.ClassKey(gpus: count, row: row)
        if let id = classIDs[key] {
            figures[index * stride].allocationClass = Int32(id)
        } else {
            figures[index * stride].allocationClass = Int32(classes.count)
            classIDs[key] = classes.count
            classes.append(key)
            classShares += repeatElement(0, count: typeCount)
            classMembers.append([])
        }
        // A job already present (one that ran without being seen waiting: tests' running
        // lists) counts in its class from the next allocation on: the current one's
        // shares are solved without it.
        if presentSlot[index] >= 0 {
            solvePendingShares()
            fileInClass(index)
        }
    }

    /// Whether the job can run on some single type.
    func runsOnOneType(_ job: Int) -> Bool {
        isSeen(job) && (0..<typeCount).contains { rate(job, $0) > 0 }
    }

    /// Job `job`'s share of time on `type` under the current allocation (its shares
    /// solved, ``solvePendingShares()``), read as a pass's pairs read it.
    func share(_ job: Int, _ type: Int) -> Double {
        withPairFigures { $0.job(job)?.share(type) ?? 0 }
    }

    func rate(_ job: Int, _ type: Int) -> Double { figure(job, type).rate }

    /// The time job `job` has held `type` since the allocation was computed, up to `now`:
    /// its ended runs' and, if it runs on `type` since `runningSince`, its current run's.
    func received(_ job: Int, _ type: Int, runningSince runStart: SimTime?, now: SimTime) -> SimTime {
        figure(job, type).received(stamp: allocationStamp, allocatedAt: allocatedAt, runningSince: runStart, now: now)
    }

    /// Adds the run of job `job` on `type` from `runStart` to `now`, when it stops, to
    /// the time it has held the type (the part since the allocation was computed).
    mutating func creditStoppedRun(_ job: Int, type: Int, runStart: SimTime, now: SimTime) {
        guard job < presentSlot.count && presentSlot[job] >= 0 else { return }
        let run = (now - Swift.max(allocatedAt, runStart)).nanoseconds
        let row = job * stride + type
        figures[row].receivedNanoseconds = figures[row].heldInEndedRuns(stamp: allocationStamp) + run
        figures[row].receivedAllocation = allocationStamp
    }

    /// Whether the allocation is for the jobs present now (after their joins and leaves
    /// were told, ``RoundJobs/updatePresence(in:)``).
    var allocationIsCurrent: Bool { hasAllocation && !presenceChanged }

    /// Job `job` is present from now on (its class known if it has one).
    mutating func join(_ job: Int) {
        ensure(job)
        guard presentSlot[job] < 0 else { return }
        DenseSlots.add(job, to: present, slots: presentSlot)
        presenceChanged = true
        fileInClass(job)
    }

    /// Adds present job `job` to its class's members, if it has a class.
    private mutating func fileInClass(_ job: Int) {
        let k = allocationClass(job)
        guard k >= 0 else { return }
        // Usually the newest job: appended.
        var at = classMembers[k].count
        while at > 0 && classMembers[k][at - 1] > job { at -= 1 }
        classMembers[k].insert(job, at: at)
    }

    /// Job `job` is gone (it ended).
    mutating func leave(_ job: Int) {
        guard job < presentSlot.count, presentSlot[job] >= 0 else { return }
        DenseSlots.remove(job, from: present, slots: presentSlot)
        presenceChanged = true
        let k = allocationClass(job)
        guard k >= 0, let at = Self.position(of: job, inAscending: classMembers[k]) else { return }
        classMembers[k].remove(at: at)
    }

    private static func position(of value: Int, inAscending list: [Int]) -> Int? {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < list.count && list[low] == value ? low : nil
    }

    /// Finds the joins and leaves by comparing the jobs listed in `jobs` with those
    /// present at the last pass: for views that do not track them (the definition's).
    mutating func syncPresence<Jobs: RoundJobs>(scanning jobs: Jobs) {
        var listed: [Int] = []
        listed.reserveCapacity(jobs.waitingCount + jobs.runningCount)
        for position in 0..<jobs.waitingCount { listed.append(jobs.waitingJob(position)) }
        for position in 0..<jobs.runningCount { listed.append(jobs.runningJob(position)) }
        if let newest = listed.max() { ensure(newest) }
        scanned.newPass(jobs: jobCount)
        for job in listed { scanned[job] = 0 }
        for job in present.jobs.filter({ !scanned.contains($0) }) { leave(job) }
        for job in listed { join(job) }
    }

    /// Makes the allocation the one for the jobs present and restarts the count of time
    /// received. The shares are solved when a pass first reads them
    /// (``solvePendingShares()``): a pass after a join or leave that leaves no idle GPU a
    /// waiting job fits, outside a round, reads none, and the next change often replaces
    /// the allocation first (on the Philly trace, two programs in five are never solved).
    mutating func reallocate(now: SimTime) {
        allocations += 1
        hasAllocation = true
        presenceChanged = false
        sharesPending = true
        allocatedAt = now
    }

    /// Solves the current allocation's shares if they are pending: for the jobs present
    /// at ``reallocate(now:)`` (their classes change only with joins and leaves, which
    /// call for a new allocation before the next read). Classes enter the programs in
    /// order of their first present job, as ``MaxMinAllocation`` would file them from
    /// the jobs in index order.
    mutating func solvePendingShares() {
        guard sharesPending else { return }
        sharesPending = false
        // Made in one allocation each, and ordered by insertion (a few dozen classes): a
        // filter grown by appends and a library sort took four, a twentieth of the
        // allocation's cost.
        var order: [Int] = []
        order.reserveCapacity(classMembers.count)
        for k in classMembers.indices where !classMembers[k].isEmpty {
            var j = order.count
            order.append(k)
            while j > 0 && classMembers[order[j - 1]][0] > classMembers[k][0] {
                order[j] = order[j - 1]
                j -= 1
            }
            order[j] = k
        }
        let key = SolvedAllocations.Key(classes: order, members: order.map { classMembers[$0].count })
        let shares: [Double]
        if let known = solved.shares(for: key) {
            shares = known
        } else {
            var solvedShares: [Double] = []
            _ = solver.solve(classes: classes, order: order, members: key.members, capacities: types.capacities, shares: &solvedShares)
            solved.remember(solvedShares, for: key)
            shares = solvedShares
        }
        for (slot, k) in order.enumerated() {
            for t in 0..<typeCount { classShares[k * typeCount + t] = shares[slot * typeCount + t] }
        }
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

/// The allocations a run has solved, by their programs' input: the classes present, in
/// the order they enter the programs (which can change the optimum the simplex
/// returns when several are optimal), and their member counts. A job set often comes
/// back (a job arrives and, soon after, one of its class ends: a fifth of the programs
/// on the Philly trace), and the programs are most of a reallocation. The memory is
/// emptied when full, so it stays small on any trace.
struct SolvedAllocations {
    struct Key: Hashable {
        let classes: [Int]
        let members: [Int]
        /// A digest of both, the key's hash: hashing the lists element by element took
        /// about a thousand instructions a lookup.
        private let digest: UInt64

        init(classes: [Int], members: [Int]) {
            self.classes = classes
            self.members = members
            // FNV-1a over the classes, then the member counts, shifted into the high bits
            // (a key whose two lists are another's, swapped, gets another digest).
            var digest: UInt64 = 0xCBF2_9CE4_8422_2325
            for value in classes { digest = (digest ^ UInt64(bitPattern: Int64(value))) &* 0x0000_0100_0000_01B3 }
            for value in members { digest = (digest ^ UInt64(bitPattern: Int64(value)) << 32) &* 0x0000_0100_0000_01B3 }
            self.digest = digest
        }

        func hash(into hasher: inout Hasher) { hasher.combine(digest) }
    }

    /// Programs remembered at most.
    static let capacity = 4096
    private var shares: [Key: [Double]] = [:]

    /// The per-class shares (flat, class × type, classes in the key's order) remembered
    /// for `key`, if any.
    func shares(for key: Key) -> [Double]? { shares[key] }

    mutating func remember(_ solved: [Double], for key: Key) {
        if shares.count >= Self.capacity { shares.removeAll(keepingCapacity: true) }
        shares[key] = solved
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
            shares.append(.init(node: node, gpus: GPUSet(0..<take)))
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
