import Testing
import OrreryKernel
@testable import OrreryScheduling

/// The round scheduler's per-run state (`gavel-max-min`) against the definitions it
/// stands for.
@Suite struct RoundStateTests {
    /// Jobs join and leave at random, some waiting and some running, listed in any order:
    /// the state sees whether anyone joined or left, its jobs are those present, and its shares
    /// are exactly those ``MaxMinAllocation`` gives the jobs present in index order (the
    /// classes filed once per job and counted per change, not rebuilt).
    @Test(arguments: [1, 2, 3] as [UInt64])
    func incrementalAllocationIsTheDefinitions(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("round-state")
        func pick(_ n: Int) -> Int { Int(random.uniformInt(below: UInt32(n))) }
        let cluster = ClusterState(nodes: [
            SchedulerNode(name: "v", gpuType: "V100", gpus: 4, cpuMilli: 1, memoryMiB: 1),
            SchedulerNode(name: "p", gpuType: "P100", gpus: 2, cpuMilli: 1, memoryMiB: 1),
        ])
        let kinds: [[Double]] = [[2, 1], [1, 1], [3, 1], [1, 0], [0, 0]]
        let jobs = (0..<40).map { JobSpec(id: "j\($0)", gpus: 1 + pick(4), submit: .zero, duration: .seconds(100)) }
        let throughputs = jobs.map { _ in kinds[pick(kinds.count)] }
        for aware in [true, false] {
            var state = RoundState(jobs: jobs)
            state.prepare(for: cluster)
            var present = Set<Int>()
            for step in 0..<60 {
                let previous = present
                for _ in 0...pick(3) {
                    let job = pick(jobs.count)
                    if present.remove(job) == nil { present.insert(job) }
                }
                // Some newcomers are filed only after they joined (jobs that ran without
                // being seen waiting): they count from the next allocation on.
                let late = Set(present.sorted().filter { !state.isSeen($0) && pick(4) == 0 })
                for job in present.sorted() where !state.isSeen(job) && !late.contains(job) {
                    state.record(job, gpus: jobs[job].gpus, throughputs: throughputs[job], heterogeneityAware: aware)
                }
                var listed = present.sorted { StableHash.mix64(UInt64($0) ^ seed) < StableHash.mix64(UInt64($1) ^ seed) }
                let running = listed.suffix(pick(listed.count + 1)).map {
                    RunningJob(index: $0, gpus: jobs[$0].gpus, gpuType: nil, expectedEnd: .seconds(1000))
                }
                listed.removeLast(running.count)
                let queue = ArraySlice(listed.map { PendingJob(index: $0, spec: jobs[$0]) })
                let view = QueuedRoundJobs(queue: queue, running: running, cluster: cluster)
                view.updatePresence(in: &state)
                #expect(state.allocationIsCurrent == (step > 0 && present == previous), "seed \(seed) step \(step)")
                for job in late.sorted() {
                    state.record(job, gpus: jobs[job].gpus, throughputs: throughputs[job], heterogeneityAware: aware)
                }
                state.reallocate(now: .seconds(Double(step)))
                #expect(state.allocationIsCurrent)
                state.solvePendingShares()
                let ordered = present.sorted()
                #expect(state.present.jobs.sorted() == ordered, "seed \(seed) step \(step)")
                let expected = MaxMinAllocation(
                    jobs: ordered.map { MaxMinAllocation.Job(gpus: jobs[$0].gpus, throughputs: throughputs[$0]) }, capacities: [4, 2],
                    heterogeneityAware: aware)
                for (position, job) in ordered.enumerated() {
                    #expect([0, 1].map { state.share(job, $0) } == expected.shares[position], "seed \(seed) step \(step) job \(job)")
                }
            }
        }
    }

    /// The time a job has held a type counts from the allocation: a run that began
    /// before it counts from the allocation on, one that began after from its start;
    /// stopped runs add up in whole nanoseconds, and a new allocation starts them at 0.
    @Test func receivedTimeCountsFromTheAllocation() {
        let cluster = ClusterState(nodes: [SchedulerNode(name: "v", gpuType: "V100", gpus: 2, cpuMilli: 1, memoryMiB: 1)])
        let jobs = (0..<2).map { JobSpec(id: "j\($0)", gpus: 1, submit: .zero, duration: .seconds(1000)) }
        var state = RoundState(jobs: jobs)
        state.prepare(for: cluster)
        for job in 0..<2 {
            state.record(job, gpus: 1, throughputs: [1], heterogeneityAware: true)
            state.join(job)
        }
        state.reallocate(now: .seconds(100))
        let now = SimTime.seconds(460)
        #expect(state.received(0, 0, runningSince: .seconds(40), now: now) == .seconds(360))
        #expect(state.received(1, 0, runningSince: .seconds(250), now: now) == .seconds(210))
        #expect(state.received(1, 0, runningSince: nil, now: now) == .zero)
        state.creditStoppedRun(1, type: 0, runStart: .seconds(250), now: now)
        state.creditStoppedRun(1, type: 0, runStart: SimTime(nanoseconds: 500_000_000_001), now: SimTime(nanoseconds: 500_000_000_004))
        #expect(state.received(1, 0, runningSince: nil, now: now) == SimTime(nanoseconds: 210_000_000_003))
        #expect(state.received(1, 0, runningSince: .seconds(600), now: .seconds(700)) == SimTime(nanoseconds: 310_000_000_003))
        state.leave(0)
        state.reallocate(now: .seconds(800))
        #expect(state.received(1, 0, runningSince: .seconds(600), now: .seconds(900)) == .seconds(100))
        state.creditStoppedRun(1, type: 0, runStart: .seconds(600), now: .seconds(900))
        #expect(state.received(1, 0, runningSince: nil, now: .seconds(900)) == .seconds(100))
    }

    /// A pair gives back the job, type and GPU count it was made with, up to the largest
    /// of each, and orders by priority, then the current pair, then job, then type.
    @Test func pairsKeepTheirFieldsAndOrder() {
        for (job, type, gpus) in [(0, 0, 0), (RankedPair.maxJob, RankedPair.maxType, RankedPair.maxGPUs), (12_345, 3, 1024)] {
            for isCurrent in [false, true] {
                let pair = RankedPair(job: job, type: type, gpus: gpus, priority: 0.25, isCurrent: isCurrent)
                #expect(pair.job == job && pair.type == type && pair.gpus == gpus)
            }
        }
        let pair = { (job: Int, type: Int, gpus: Int, priority: Double, isCurrent: Bool) in
            RankedPair(job: job, type: type, gpus: gpus, priority: priority, isCurrent: isCurrent)
        }
        #expect(pair(9, 0, 1, 2, false) < pair(0, 0, 1, 1, true), "a higher priority first")
        #expect(pair(9, 1, 1, 1, true) < pair(0, 0, 1, 1, false), "then the pair the job runs on")
        #expect(pair(1, 1, 1, 1, false) < pair(2, 0, 1, 1, false), "then the lower job")
        #expect(pair(1, 0, RankedPair.maxGPUs, 1, false) < pair(1, 1, 1, 1, false), "then the lower type, whatever the GPUs")
    }

    /// Pairs made in job and then type order, with few or many distinct priorities (the
    /// latter past the buckets' limit, and exactly at it and one past it), are walked by
    /// ``PairSort`` in the standard library's order; the same sorter serves list after list.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func pairSortWalksPairsMadeInJobOrderInWalkOrder(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("pair-sort")
        func pick(_ n: Int) -> Int { Int(random.uniformInt(below: UInt32(n))) }
        var sorter = PairSort()
        let drawn = [(0, 1), (1, 1), (2, 2), (40, 3), (600, 9), (600, PairSort.maxRanks), (600, 200)].map { count, priorities in
            (count, (0..<priorities).map { _ in [0, 1e9, Double(pick(1000)) / 7][pick(3)] })
        }
        let distinct = [PairSort.maxRanks, PairSort.maxRanks + 1].map { priorities in
            (2000, (0..<priorities).map { Double(($0 * 37 + Int(seed)) % priorities) / 3 })
        }
        for (count, values) in drawn + distinct {
            let priorities = values.count
            var pairs: [RankedPair] = []
            for position in 0..<count {
                // Job indices with gaps, as the jobs present are; made in job, then type order.
                let (job, current) = (position * 3 + pick(3), pick(3))
                for type in 0..<(1 + pick(3)) where pick(4) > 0 {
                    pairs.append(
                        RankedPair(job: job, type: type, gpus: 1 + pick(8), priority: values[pick(priorities)], isCurrent: type == current))
                }
            }
            let expected = pairs.sorted().map(\.tie)
            sorter.arrange(&pairs)
            var walked: [UInt64] = []
            pairs.withUnsafeBufferPointer { pairs in
                sorter.walk(pairs) { pair in
                    walked.append(pair.tie)
                    return true
                }
            }
            #expect(walked == expected, "seed \(seed), \(pairs.count) pairs, \(priorities) priorities")
        }
    }

    /// Sorting by bytes gives the standard library's order on lists with duplicates,
    /// zeros and values of one to eight bytes, reusing its scratch buffer.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func sortingByBytesAgreesWithTheStandardSort(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("bytes")
        var scratch: [Int] = []
        for (count, bits) in [(0, 8), (1, 8), (2, 1), (17, 8), (190, 14), (300, 16), (300, 24), (64, 40), (64, 62)] {
            func word() -> Int { Int(random.uniformInt(below: UInt32.max)) }
            var values = (0..<count).map { _ in (word() << 31 ^ word()) & (1 << bits - 1) }
            let expected = values.sorted()
            InPlaceSort.sortByBytes(&values, scratch: &scratch)
            #expect(values == expected, "seed \(seed), \(count) values of \(bits) bits")
        }
    }

    /// Sorting distinct values gives the standard library's order whether they lie close
    /// together (the bitmap) or spread out (by bytes), reusing its scratch buffer.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func sortingDistinctValuesAgreesWithTheStandardSort(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("distinct")
        var scratch: [Int] = []
        // (count, span, lowest): close together (the bitmap), or spread (by bytes).
        let cases = [
            (0, 1, 0), (1, 1, 5), (2, 2, 0), (64, 64, 0), (65, 4_160, 1_000), (190, 15_000, 14_000), (40, 50_000, 3),
            (190, 1 << 40, 7), (300, 300, 0),
        ]
        for (count, span, offset) in cases {
            var values = Set<Int>()
            while values.count < count {
                values.insert(offset + Int(random.uniformInt(below: UInt32.max)) * 1_000_003 % span)
            }
            var list = values.sorted()
            for i in list.indices.reversed() { list.swapAt(i, Int(random.uniformInt(below: UInt32(i + 1)))) }
            let expected = list.sorted()
            InPlaceSort.sortDistinct(&list, scratch: &scratch)
            #expect(list == expected, "seed \(seed), \(count) values over \(span)")
        }
    }

    /// The round orders pairs by sorting them in place, or by heaping them: both give
    /// the standard library's order, on short and long lists with tied priorities.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func pairsSortAndHeapIntoWalkOrder(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("pairs")
        func pick(_ n: Int) -> Int { Int(random.uniformInt(below: UInt32(n))) }
        for count in [0, 1, 2, 15, 16, 17, 100, 1000] {
            var pairs = (0..<count).map { job in
                RankedPair(
                    job: job, type: pick(3), gpus: 1 + pick(8), priority: [0, 0.5, 1e9, Double(pick(1000))][pick(4)],
                    isCurrent: pick(2) == 0)
            }
            for i in pairs.indices.reversed() { pairs.swapAt(i, pick(i + 1)) }
            let expected = pairs.sorted().map(\.tie)
            var heap = MinHeap(heapifying: pairs)
            var popped: [UInt64] = []
            while let pair = heap.popMin() { popped.append(pair.tie) }
            #expect(popped == expected, "seed \(seed), \(count) pairs heaped")
            InPlaceSort.sort(&pairs)
            #expect(pairs.map(\.tie) == expected, "seed \(seed), \(count) pairs sorted")
        }
    }

    /// Values set in a pass are gone in the next, whatever they were.
    @Test func passMarksForgetEveryValueAtANewPass() {
        var marks = PassMarks()
        marks.newPass(jobs: 3)
        marks[1] = 7
        marks[2] = 0
        #expect(marks[1] == 7 && marks[2] == 0 && marks[0] == nil && marks.contains(2) && !marks.contains(0))
        marks[2] = nil
        #expect(!marks.contains(2))
        marks.newPass(jobs: 5)
        #expect((0..<5).allSatisfy { marks[$0] == nil })
        marks[4] = 1
        #expect(marks[4] == 1)
    }

    /// A round's marks of one job are set independently of each other and of other
    /// jobs', and all are gone at the next pass.
    @Test func roundMarksAreIndependentAndForgottenAtANewPass() {
        var marks = RoundMarks()
        marks.newPass(jobs: 3)
        marks.choose(1, type: 0)
        marks.markMoved(1)
        marks.markPlaced(0)
        marks.choose(2, type: 3)
        #expect(marks.chosenType(1) == 0 && marks.isMoved(1) && !marks.isStopped(1) && !marks.isPlaced(1))
        #expect(marks.chosenType(2) == 3 && !marks.isMoved(2) && !marks.isPlaced(2))
        #expect(marks.isPlaced(0) && marks.chosenType(0) == nil && !marks.isMoved(0))
        marks.markStopped(1)
        #expect(marks.isStopped(1) && marks.isMoved(1) && marks.chosenType(1) == 0)
        marks.newPass(jobs: 4)
        for job in 0..<4 {
            #expect(marks.chosenType(job) == nil)
            #expect(!marks.isPlaced(job) && !marks.isMoved(job) && !marks.isStopped(job))
        }
        marks.choose(3, type: 1)
        #expect(marks.chosenType(3) == 1 && !marks.isPlaced(3))
    }

    /// Solved programs are remembered by their exact input (classes, their order and
    /// member counts), and forgotten all at once when the memory is full.
    @Test func solvedAllocationsAreRememberedByTheirInput() {
        var memory = SolvedAllocations()
        var solves = 0
        func shares(_ classes: [Int], _ members: [Int]) -> [Double] {
            let key = SolvedAllocations.Key(classes: classes, members: members)
            if let known = memory.shares(for: key) { return known }
            solves += 1
            memory.remember([Double(solves)], for: key)
            return [Double(solves)]
        }
        #expect(shares([0, 1], [2, 1]) == [1])
        #expect(shares([0, 1], [2, 1]) == [1] && solves == 1)
        #expect(shares([1, 0], [1, 2]) == [2], "the classes' order is part of the input")
        #expect(shares([0, 1], [2, 2]) == [3])
        for n in 0..<SolvedAllocations.capacity { _ = shares([n], [1]) }
        let before = solves
        #expect(shares([0, 1], [2, 1]) == [Double(before + 1)], "forgotten when the memory filled")
    }
}

/// GPU model names match case-insensitively, off Foundation for ASCII names.
@Suite struct GPUTypeNameTests {
    @Test func namesMatchIgnoringCase() {
        #expect(GPUTypeName.same("A100", "a100"))
        #expect(GPUTypeName.same("V100M16", "v100m16"))
        #expect(!GPUTypeName.same("A100", "A10"))
        #expect(!GPUTypeName.same("A10", "A100"))
        #expect(!GPUTypeName.same("A100", "B100"))
        #expect(!GPUTypeName.same("a[", "A{"))  // '[' and '{' are not a case pair
        #expect(GPUTypeName.same("Ärger-GPU", "ärger-gpu"))  // non-ASCII: Foundation's rule
        #expect(!GPUTypeName.same("Ärger-GPU", "Arger-GPU"))
    }
}
