import OrreryKernel

/// One model replica running vLLM-style continuous batching (Kwon et al., SOSP'23):
/// iteration-level scheduling over a paged KV cache, with preemption by recompute.
///
/// Each iteration the replica forms a batch, prices it with the ``IterationCostModel``
/// and schedules its own end; at the end it applies the batch (tokens out, requests
/// finished, blocks freed) and forms the next. Without chunked prefill a batch is either
/// prefill-only (admitted waiting requests, vLLM's default priority) or decode-only;
/// with chunked prefill (Sarathi-Serve, OSDI'24) decodes go first and prompt chunks fill
/// the rest of the token budget. When a decode needs a block and none is free, the most
/// recently admitted sequence is evicted: its blocks are freed and it returns to the
/// front of the queue to recompute its prompt and the tokens generated so far.
///
/// Steady state allocates nothing: the running list and batch are arrays reserved to
/// `maxSequences`, the waiting queue is a ring buffer, and events use the kernel's
/// handler form.
final class Replica: EventHandler {
    let index: Int
    private unowned let simulation: Simulation
    private let table: SequenceTable
    let cost: IterationCostModel
    let totalBlocks: Int
    private let blockSize: Int
    private let maxSequences: Int
    private let tokenBudget: Int
    private let watermarkBlocks: Int
    private let chunked: Bool

    @exclusivity(unchecked) private(set) var freeBlocks: Int
    @exclusivity(unchecked) private var waiting: IndexDeque
    @exclusivity(unchecked) private var running: [Int] = []
    /// The batch in flight: sequence slots and, per entry, prefill tokens (0 = decode).
    @exclusivity(unchecked) private var batchSequences: [Int] = []
    @exclusivity(unchecked) private var batchPrefill: [Int] = []
    @exclusivity(unchecked) private var busy = false
    @exclusivity(unchecked) private var iteration = 0

    /// Prompt + output tokens of unfinished requests routed here (the router's load signal).
    @exclusivity(unchecked) private(set) var outstandingTokens = 0
    @exclusivity(unchecked) private(set) var preemptions = 0
    @exclusivity(unchecked) private(set) var peakUsedBlocks = 0
    @exclusivity(unchecked) private(set) var iterations = 0
    /// Simulated time spent in iterations.
    @exclusivity(unchecked) private(set) var busyTime = SimTime.zero

    init(
        index: Int, configuration: ReplicaConfiguration, simulation: Simulation, table: SequenceTable
    ) throws(ServingError) {
        self.index = index
        self.simulation = simulation
        self.table = table
        cost = try IterationCostModel(
            model: configuration.model, gpu: configuration.gpu, tensorParallel: configuration.tensorParallel,
            efficiency: configuration.efficiency, allReduceLatency: configuration.allReduceLatency,
            iterationOverhead: configuration.iterationOverhead)
        totalBlocks = configuration.kvBlocks
        blockSize = configuration.blockSize
        maxSequences = configuration.maxSequences
        tokenBudget = configuration.tokenBudget
        watermarkBlocks = Int((ReplicaConfiguration.admissionWatermark * Double(totalBlocks)).rounded(.up))
        chunked = configuration.chunkedPrefill
        freeBlocks = totalBlocks
        waiting = IndexDeque(capacity: table.count)
        running.reserveCapacity(maxSequences)
        batchSequences.reserveCapacity(maxSequences)
        batchPrefill.reserveCapacity(maxSequences)
    }

    /// Sequences admitted and not finished.
    var runningCount: Int { running.count }
    /// Requests queued for admission (including preempted ones).
    var waitingCount: Int { waiting.count }

    /// Accepts a routed request; starts an iteration if the replica is idle.
    func enqueue(_ slot: Int) {
        table.replica[slot] = index
        table.prefillTarget[slot] = table.prompt[slot]
        outstandingTokens += table.prompt[slot] + table.output[slot]
        waiting.pushBack(slot)
        if !busy { startIteration() }
    }

    func handleEvent(tag: Int, at time: SimTime) {
        completeIteration(at: time)
        startIteration()
    }

    private func blocks(for tokens: Int) -> Int { (tokens + blockSize - 1) / blockSize }

    // MARK: Forming a batch

    private func startIteration() {
        var work = IterationWork()
        batchSequences.removeAll(keepingCapacity: true)
        batchPrefill.removeAll(keepingCapacity: true)
        iteration &+= 1
        var budget = tokenBudget
        if chunked {
            let preempted = scheduleDecodes(&work, budget: &budget)
            schedulePartialPrefills(&work, budget: &budget)
            // vLLM admits nothing in an iteration that preempted, but an iteration with no
            // work at all would leave the replica idle with requests queued.
            if !preempted || work.isEmpty { admit(&work, budget: &budget) }
        } else {
            admit(&work, budget: &budget)
            if work.isEmpty { _ = scheduleDecodes(&work, budget: &budget) }
        }
        guard !work.isEmpty else {
            busy = false
            return
        }
        busy = true
        iterations += 1
        peakUsedBlocks = Swift.max(peakUsedBlocks, totalBlocks - freeBlocks)
        let duration = cost.time(work)
        busyTime += duration
        simulation.schedule(at: simulation.now + duration, handler: self, tag: 0)
    }

    private func add(_ slot: Int, prefill tokens: Int, _ work: inout IterationWork) {
        let before = table.cached[slot]
        batchSequences.append(slot)
        batchPrefill.append(tokens)
        table.scheduledIn[slot] = iteration
        work.prefillTokens += tokens
        work.prefillAttentionPairs += tokens * before + tokens * (tokens + 1) / 2
        work.prefillCachedTokensRead += before
    }

    /// Admits waiting requests in order while sequences, tokens and blocks allow; with
    /// chunked prefill the last one admitted may get only part of its prompt.
    private func admit(_ work: inout IterationWork, budget: inout Int) {
        while budget > 0, running.count < maxSequences, let slot = waiting.first {
            let target = table.prefillTarget[slot]
            let tokens = chunked ? Swift.min(target, budget) : target
            if tokens > budget { break }
            let needed = blocks(for: tokens)
            // The watermark keeps headroom for running decodes; an idle replica admits
            // whatever fits so that a near-capacity request cannot wait forever.
            let reserve = running.isEmpty ? 0 : watermarkBlocks
            if freeBlocks - needed < reserve { break }
            waiting.popFront()
            freeBlocks -= needed
            table.blocks[slot] = needed
            running.append(slot)
            add(slot, prefill: tokens, &work)
            budget -= tokens
        }
    }

    /// Continues prompts admitted in earlier iterations (chunked prefill only).
    private func schedulePartialPrefills(_ work: inout IterationWork, budget: inout Int) {
        var i = 0
        while i < running.count, budget > 0 {
            let slot = running[i]
            let remaining = table.prefillTarget[slot] - table.cached[slot]
            guard remaining > 0, table.scheduledIn[slot] != iteration else {
                i += 1
                continue
            }
            let tokens = Swift.min(remaining, budget)
            let needed = blocks(for: table.cached[slot] + tokens) - table.blocks[slot]
            while freeBlocks < needed, let last = running.last, last != slot, table.scheduledIn[last] != iteration {
                preemptLast()
            }
            if freeBlocks < needed { break }
            freeBlocks -= needed
            table.blocks[slot] += needed
            add(slot, prefill: tokens, &work)
            budget -= tokens
            i += 1
        }
    }

    /// Schedules one decode step for every running sequence past its prefill, evicting
    /// the newest sequences when a step needs a block and none is free.
    /// - Returns: whether anything was preempted.
    private func scheduleDecodes(_ work: inout IterationWork, budget: inout Int) -> Bool {
        var preempted = false
        var i = 0
        while i < running.count, budget > 0 {
            let slot = running[i]
            let context = table.cached[slot]
            if context < table.prefillTarget[slot] {
                i += 1
                continue
            }
            if context + 1 > table.blocks[slot] * blockSize {
                while freeBlocks < 1, running.count - 1 > i {
                    preemptLast()
                    preempted = true
                }
                if freeBlocks < 1 {
                    preemptLast()  // the sequence itself is now the newest
                    preempted = true
                    break
                }
                freeBlocks -= 1
                table.blocks[slot] += 1
            }
            batchSequences.append(slot)
            batchPrefill.append(0)
            table.scheduledIn[slot] = iteration
            work.decodeSequences += 1
            work.decodeContextTokens += context + 1
            budget -= 1
            i += 1
        }
        return preempted
    }

    /// Evicts the most recently admitted sequence for recompute.
    private func preemptLast() {
        guard let slot = running.popLast() else { return }
        freeBlocks += table.blocks[slot]
        table.blocks[slot] = 0
        table.cached[slot] = 0
        table.prefillTarget[slot] = table.prompt[slot] + table.generated[slot]
        table.preemptions[slot] += 1
        preemptions += 1
        waiting.pushFront(slot)
    }

    // MARK: Finishing a batch

    private func completeIteration(at time: SimTime) {
        var finishedAny = false
        for k in 0..<batchSequences.count {
            let slot = batchSequences[k]
            let prefill = batchPrefill[k]
            if prefill > 0 {
                table.cached[slot] += prefill
                if table.cached[slot] < table.prefillTarget[slot] { continue }
            } else {
                table.cached[slot] += 1
            }
            table.generated[slot] += 1
            if table.firstToken[slot] == SequenceTable.never { table.firstToken[slot] = time.nanoseconds }
            if table.generated[slot] >= table.output[slot] {
                table.completion[slot] = time.nanoseconds
                freeBlocks += table.blocks[slot]
                table.blocks[slot] = 0
                outstandingTokens -= table.prompt[slot] + table.output[slot]
                finishedAny = true
            }
        }
        if finishedAny {
            var kept = 0
            for i in 0..<running.count where table.completion[running[i]] == SequenceTable.never {
                running[kept] = running[i]
                kept += 1
            }
            running.removeLast(running.count - kept)
        }
    }
}
