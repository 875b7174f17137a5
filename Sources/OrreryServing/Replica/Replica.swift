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
/// With prefix caching, an admitted prompt's leading blocks found in the ``PrefixCache``
/// are referenced instead of allocated and their prefill is skipped; as a prefill passes
/// each whole prefix block, the block is handed to the cache. Blocks of unreferenced
/// cache entries count as available: they are evicted, coldest first, only when an
/// allocation needs them.
///
/// In a disaggregated deployment a replica has a role: a prefill replica hands each
/// sequence off (``onHandOff``) once its first token is out, and a decode replica admits
/// handed-over sequences with blocks for their cached tokens and no prefill work.
///
/// Steady state allocates nothing: the running list and batch are arrays reserved to
/// `maxSequences`, the waiting queue is a ring buffer, and events use the kernel's
/// handler form.
final class Replica: EventHandler {
    let index: Int
    /// Unowned without the runtime check: the deployment that owns the replicas never
    /// outlives its run's simulation while events fire, and the checked form cost a
    /// reference-count round trip on every iteration (3% of the loop in profiles).
    unowned(unsafe) let simulation: Simulation
    let table: SequenceTable
    let cost: IterationCostModel
    /// Measured timings that replace `cost` when the configuration gives them.
    let timingTable: IterationTimeTable?
    /// Per-operator timings that replace the roofline's GPU time when given.
    let operatorProfile: OperatorProfile?
    let totalBlocks: Int
    let blockSize: Int
    private let maxSequences: Int
    private let tokenBudget: Int
    private let watermarkBlocks: Int
    private let chunked: Bool
    private let prefixCaching: Bool
    private let preemption: PreemptionMode
    /// Host-memory KV blocks for swapped-out sequences, free now (vLLM's `swap_space`).
    @exclusivity(unchecked) private(set) var freeSwapBlocks: Int
    /// Replica-wide bytes of one KV block, for swap traffic.
    private let blockBytes: Int
    /// Seconds per swapped byte over the replica's host links.
    private let swapSecondsPerByte: Double
    let role: ReplicaRole
    /// Called when a prefill-only replica has finished a prompt (its first token is out)
    /// and dropped the sequence, so that the deployment can move its KV to a decode replica.
    var onHandOff: ((_ slot: Int, _ replica: Int) -> Void)?
    let prefixTokens: Int

    /// Blocks held by no sequence and no cache entry.
    @exclusivity(unchecked) private(set) var freeBlocks: Int
    /// The decode span in flight (``DecodeSpan``), and whether spans may be longer than one iteration.
    @exclusivity(unchecked) var span = DecodeSpan()
    let fastForwardDecodes: Bool
    @exclusivity(unchecked) private var cache: PrefixCache
    @exclusivity(unchecked) var waiting: IndexDeque
    /// Sequences swapped out to host memory, oldest preemption first; they return before
    /// any waiting request is admitted (vLLM's order).
    @exclusivity(unchecked) var swapped: IndexDeque
    /// Swap bytes not yet charged to an iteration (a swap-out in an iteration left empty).
    @exclusivity(unchecked) private var pendingSwapBytes = 0
    @exclusivity(unchecked) var running: [Int] = []
    /// The batch in flight: sequence slots and, per entry, prefill tokens (0 = decode).
    @exclusivity(unchecked) var batchSequences: [Int] = []
    @exclusivity(unchecked) private var batchPrefill: [Int] = []
    @exclusivity(unchecked) var busy = false
    @exclusivity(unchecked) var iteration = 0

    /// Prompt + output tokens of unfinished requests routed here (the router's load signal).
    @exclusivity(unchecked) private(set) var outstandingTokens = 0
    @exclusivity(unchecked) private(set) var preemptions = 0
    /// Of ``preemptions``, those that swapped the sequence out instead of dropping its KV.
    @exclusivity(unchecked) private(set) var swapOuts = 0
    /// Bytes copied between GPU and host memory by swapping, both directions.
    @exclusivity(unchecked) private(set) var swappedBytes = 0
    @exclusivity(unchecked) var peakUsedBlocks = 0
    @exclusivity(unchecked) var iterations = 0
    /// Simulated time spent in iterations.
    @exclusivity(unchecked) var busyTime = SimTime.zero
    /// Σ over iterations of blocks in use × iteration seconds (for mean KV utilisation).
    @exclusivity(unchecked) var usedBlockSeconds = 0.0
    /// Whole prompt prefix blocks looked up at admission, and of those found cached.
    @exclusivity(unchecked) private(set) var prefixBlocksLookedUp = 0
    @exclusivity(unchecked) private(set) var prefixBlocksHit = 0

    init(
        index: Int, configuration: ReplicaConfiguration, simulation: Simulation, table: SequenceTable,
        role: ReplicaRole = .combined, fastForwardDecodes: Bool = true
    ) throws(ServingError) {
        self.fastForwardDecodes = fastForwardDecodes
        self.index = index
        self.role = role
        self.simulation = simulation
        self.table = table
        cost = try IterationCostModel(
            model: configuration.model, gpu: configuration.gpu, tensorParallel: configuration.tensorParallel,
            efficiency: configuration.efficiency, allReduceLatency: configuration.allReduceLatency,
            iterationOverhead: configuration.iterationOverhead, kvBytesPerToken: configuration.kvBytesPerToken,
            pipeline: configuration.pipelineStages)
        timingTable = configuration.timingTable
        operatorProfile = configuration.operatorProfile
        totalBlocks = configuration.kvBlocksPerEngine
        blockSize = configuration.blockSize
        maxSequences = configuration.maxSequences
        tokenBudget = configuration.tokenBudget
        watermarkBlocks = Int((ReplicaConfiguration.admissionWatermark * Double(totalBlocks)).rounded(.up))
        chunked = configuration.chunkedPrefill
        prefixCaching = configuration.prefixCaching
        prefixTokens = configuration.prefixBlockTokens
        preemption = configuration.preemption
        blockBytes = configuration.blockSize * configuration.kvBytesPerToken
        freeSwapBlocks = configuration.swapBlocks / configuration.pipelineParallel
        swapSecondsPerByte = configuration.swapSecondsPerByte
        cache = PrefixCache(blocksPerEntry: configuration.prefixBlockTokens / configuration.blockSize)
        freeBlocks = totalBlocks
        waiting = IndexDeque(capacity: Swift.min(table.count, 4 * maxSequences))
        swapped = IndexDeque(capacity: configuration.preemption == .swap ? maxSequences : 0)
        running.reserveCapacity(maxSequences)
        batchSequences.reserveCapacity(maxSequences)
        batchPrefill.reserveCapacity(maxSequences)
    }

    /// Sequences admitted and not finished.
    var runningCount: Int { running.count }
    /// Requests queued for admission (including preempted ones).
    var waitingCount: Int { waiting.count }

    /// How long an iteration doing `work` takes, by the configured backend.
    func iterationTime(_ work: IterationWork) -> SimTime {
        if let timingTable { return timingTable.time(work) }
        if let operatorProfile { return cost.time(work, profile: operatorProfile) }
        return cost.time(work)
    }

    /// Accepts a routed request; starts an iteration if the replica is idle.
    func enqueue(_ slot: Int) {
        table.replica[slot] = index
        table.prefillTarget[slot] = table.prompt[slot]
        outstandingTokens += table.prompt[slot] + table.output[slot]
        waiting.pushBack(slot)
        if !busy { startIteration() } else { cutSpan() }
    }

    /// Accepts a sequence whose prompt was prefilled elsewhere (disaggregated serving):
    /// its KV has arrived, so it needs blocks for its cached tokens and only decodes.
    func enqueueTransferred(_ slot: Int) {
        table.replica[slot] = index
        outstandingTokens += table.prompt[slot] + table.output[slot]
        waiting.pushBack(slot)
        if !busy { startIteration() } else { cutSpan() }
    }

    func handleEvent(tag: Int, at time: SimTime) {
        finishSpan()
        completeIteration(at: time)
        startIteration()
    }

    private func blocks(for tokens: Int) -> Int { (tokens + blockSize - 1) / blockSize }

    /// Free blocks plus those of idle prefix-cache entries (evicted on demand).
    var availableBlocks: Int { freeBlocks + cache.unreferencedEntries * cache.blocksPerEntry }

    /// Allocates `count` blocks (≤ `availableBlocks`), evicting idle cache entries as needed.
    func take(_ count: Int) {
        while freeBlocks < count, cache.evictColdest() { freeBlocks += cache.blocksPerEntry }
        freeBlocks -= count
    }

    /// Leading prefix blocks of request `slot` cached here: whole prompt blocks only, and
    /// never the whole prompt, so that at least its last token is computed (its logits
    /// give the first output token), as in vLLM.
    func cachedPrefixBlocks(of slot: Int) -> Int {
        guard prefixCaching else { return 0 }
        let limit = Swift.min(table.hashCount(slot), (table.prompt[slot] - 1) / prefixTokens)
        var hits = 0
        while hits < limit, cache.entry(for: table.hash(slot, hits)) != nil { hits += 1 }
        return hits
    }

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
            if !preempted || work.isEmpty { swapIn(&work, budget: &budget) }
            if (!preempted || work.isEmpty) && swapped.isEmpty { admit(&work, budget: &budget) }
        } else {
            // Prefills wait while swapped sequences are waiting to come back.
            if swapped.isEmpty { admit(&work, budget: &budget) }
            if work.isEmpty {
                let preempted = scheduleDecodes(&work, budget: &budget)
                if !preempted || work.isEmpty { swapIn(&work, budget: &budget) }
            }
        }
        work.swapBytes += pendingSwapBytes
        #if ORRERY_INTERNAL_CHECKS
            checkBlockAccounting()
        #endif
        guard !work.isEmpty else {
            pendingSwapBytes = work.swapBytes
            busy = false
            return
        }
        pendingSwapBytes = 0
        busy = true
        iterations += 1
        peakUsedBlocks = Swift.max(peakUsedBlocks, totalBlocks - availableBlocks)
        // vLLM copies swapped blocks before the step's forward pass, so the copy adds to it.
        let swap = SimTime.seconds(Double(work.swapBytes) * swapSecondsPerByte)
        let duration = iterationTime(work) + swap
        busyTime += duration
        usedBlockSeconds += Double(totalBlocks - availableBlocks) * duration.seconds
        scheduleSpan(work, first: duration)
    }

    private func add(_ slot: Int, prefill tokens: Int, _ work: inout IterationWork) {
        let before = table.cached[slot]
        batchSequences.append(slot)
        batchPrefill.append(tokens)
        table.scheduledIn[slot] = iteration
        work.prefillTokens += tokens
        work.prefillSequences += 1
        work.prefillAttentionPairs += tokens * before + tokens * (tokens + 1) / 2
        work.prefillCachedTokensRead += before
    }

    /// Admits waiting requests in order while sequences, tokens and blocks allow; with
    /// chunked prefill the last one admitted may get only part of its prompt.
    private func admit(_ work: inout IterationWork, budget: inout Int) {
        while budget > 0, running.count < maxSequences, let slot = waiting.first {
            let target = table.prefillTarget[slot]
            // A sequence handed over by a prefill replica arrives with its KV: blocks only.
            if table.cached[slot] > 0 {
                let needed = blocks(for: table.cached[slot])
                if availableBlocks - needed < (running.isEmpty ? 0 : watermarkBlocks) { break }
                waiting.popFront()
                take(needed)
                table.blocks[slot] = needed
                running.append(slot)
                continue
            }
            let hits = cachedPrefixBlocks(of: slot)
            let hitTokens = hits * prefixTokens
            let tokens = chunked ? Swift.min(target - hitTokens, budget) : target - hitTokens
            if tokens > budget { break }
            let shared = hits * cache.blocksPerEntry
            let needed = blocks(for: hitTokens + tokens) - shared
            // Idle entries this admission references stop being evictable.
            var revived = 0
            for b in 0..<hits where cache.entry(for: table.hash(slot, b)).map(cache.isReferenced) == false { revived += 1 }
            // The watermark keeps headroom for running decodes; an idle replica admits
            // whatever fits so that a near-capacity request cannot wait forever.
            let reserve = running.isEmpty ? 0 : watermarkBlocks
            if availableBlocks - revived * cache.blocksPerEntry - needed < reserve { break }
            waiting.popFront()
            for b in 0..<hits {
                if let entry = cache.entry(for: table.hash(slot, b)) { cache.acquire(entry) }
            }
            take(needed)
            if prefixCaching {
                prefixBlocksLookedUp += Swift.min(table.hashCount(slot), (table.prompt[slot] - 1) / prefixTokens)
                prefixBlocksHit += hits
            }
            table.referencedPrefixBlocks[slot] = hits
            table.sharedBlocks[slot] = shared
            table.cached[slot] = hitTokens
            table.blocks[slot] = shared + needed
            if table.firstScheduled[slot] == SequenceTable.never { table.firstScheduled[slot] = simulation.now.nanoseconds }
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
            while availableBlocks < needed, let last = running.last, last != slot, table.scheduledIn[last] != iteration {
                preemptLast()
            }
            if availableBlocks < needed { break }
            take(needed)
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
                while availableBlocks < 1, running.count - 1 > i {
                    preemptLast()
                    preempted = true
                }
                if availableBlocks < 1 {
                    preemptLast()  // the sequence itself is now the newest
                    preempted = true
                    break
                }
                take(1)
                table.blocks[slot] += 1
            }
            addDecode(slot, context: context, &work, budget: &budget)
            i += 1
        }
        return preempted
    }

    /// Puts one decode step of `slot` (at `context` cached tokens) in the batch.
    private func addDecode(_ slot: Int, context: Int, _ work: inout IterationWork, budget: inout Int) {
        batchSequences.append(slot)
        batchPrefill.append(0)
        table.scheduledIn[slot] = iteration
        work.decodeSequences += 1
        work.decodeContextTokens += context + 1
        budget -= 1
    }

    /// Evicts the most recently admitted sequence: swapped out to host memory when the
    /// replica swaps, the sequence is decoding and the swap space has room for its
    /// blocks; otherwise dropped for recompute (its KV is freed, and on re-admission it
    /// prefills its prompt and the tokens generated so far).
    private func preemptLast() {
        guard let slot = running.popLast() else { return }
        table.preemptions[slot] += 1
        preemptions += 1
        let held = table.blocks[slot]
        if preemption == .swap, table.cached[slot] >= table.prefillTarget[slot], held <= freeSwapBlocks {
            releaseBlocks(of: slot)
            freeSwapBlocks -= held
            table.swappedBlocks[slot] = held
            pendingSwapBytes += held * blockBytes
            swappedBytes += held * blockBytes
            swapOuts += 1
            swapped.pushBack(slot)
            return
        }
        releaseBlocks(of: slot)
        table.cached[slot] = 0
        table.prefillTarget[slot] = table.prompt[slot] + table.generated[slot]
        waiting.pushFront(slot)
    }

    /// Brings swapped-out sequences back, oldest first, while blocks (above the
    /// watermark) and sequence slots allow; each decodes its next token this iteration.
    private func swapIn(_ work: inout IterationWork, budget: inout Int) {
        while budget > 0, running.count < maxSequences, let slot = swapped.first {
            let context = table.cached[slot]
            let needed = blocks(for: context + 1)
            if availableBlocks - needed < (running.isEmpty ? 0 : watermarkBlocks) { break }
            swapped.popFront()
            take(needed)
            freeSwapBlocks += table.swappedBlocks[slot]
            work.swapBytes += table.swappedBlocks[slot] * blockBytes
            swappedBytes += table.swappedBlocks[slot] * blockBytes
            table.swappedBlocks[slot] = 0
            table.blocks[slot] = needed
            running.append(slot)
            addDecode(slot, context: context, &work, budget: &budget)
        }
    }

    // MARK: Finishing a batch

    private func completeIteration(at time: SimTime) {
        var finishedAny = false
        for k in 0..<batchSequences.count {
            let slot = batchSequences[k]
            let prefill = batchPrefill[k]
            if prefill > 0 {
                table.cached[slot] += prefill
                if prefixCaching { publishPrefix(of: slot) }
                if table.cached[slot] < table.prefillTarget[slot] { continue }
            } else {
                table.cached[slot] += 1
            }
            table.generated[slot] += 1
            if table.firstToken[slot] == SequenceTable.never { table.firstToken[slot] = time.nanoseconds }
            if table.generated[slot] >= table.output[slot] {
                table.completion[slot] = time.nanoseconds
                releaseBlocks(of: slot)
                outstandingTokens -= table.prompt[slot] + table.output[slot]
                finishedAny = true
            } else if role == .prefill {
                // The KV leaves for a decode replica; its blocks are freed at once (the
                // transfer's milliseconds of holding them are not modelled).
                releaseBlocks(of: slot)
                outstandingTokens -= table.prompt[slot] + table.output[slot]
                table.replica[slot] = -1
                finishedAny = true
                onHandOff?(slot, index)
            }
        }
        if finishedAny {
            var kept = 0
            for i in 0..<running.count
            where table.completion[running[i]] == SequenceTable.never && table.replica[running[i]] == index {
                running[kept] = running[i]
                kept += 1
            }
            running.removeLast(running.count - kept)
        }
    }

    // MARK: Blocks and the prefix cache

    /// Frees the sequence's own blocks and drops its cache references, last block first
    /// so that a prefix's tail goes cold before its head (vLLM frees in reverse order too).
    private func releaseBlocks(of slot: Int) {
        freeBlocks += table.blocks[slot] - table.sharedBlocks[slot]
        var b = table.referencedPrefixBlocks[slot]
        while b > 0 {
            b -= 1
            if let entry = cache.entry(for: table.hash(slot, b)) { cache.release(entry) }
        }
        table.blocks[slot] = 0
        table.sharedBlocks[slot] = 0
        table.referencedPrefixBlocks[slot] = 0
    }

    /// Hands the whole prompt prefix blocks a prefill has now cached to the prefix cache.
    /// A block some other sequence cached meanwhile is referenced instead, and this
    /// sequence's copy is freed.
    private func publishPrefix(of slot: Int) {
        let whole = Swift.min(table.hashCount(slot), Swift.min(table.cached[slot], table.prompt[slot]) / prefixTokens)
        var b = table.referencedPrefixBlocks[slot]
        while b < whole {
            let hash = table.hash(slot, b)
            if let entry = cache.entry(for: hash) {
                cache.acquire(entry)
                freeBlocks += cache.blocksPerEntry
            } else {
                cache.insertReferenced(hash)
            }
            table.sharedBlocks[slot] += cache.blocksPerEntry
            b += 1
        }
        table.referencedPrefixBlocks[slot] = b
    }

    #if ORRERY_INTERNAL_CHECKS
        /// Every block is free, owned by one running sequence, or held by one cache entry.
        private func checkBlockAccounting() {
            var owned = 0
            for slot in running {
                precondition(table.sharedBlocks[slot] == table.referencedPrefixBlocks[slot] * cache.blocksPerEntry)
                owned += table.blocks[slot] - table.sharedBlocks[slot]
            }
            precondition(cache.unreferencedEntries <= cache.entries, "replica \(index): prefix cache counts broken")
            precondition(
                freeBlocks >= 0 && freeBlocks + owned + cache.entries * cache.blocksPerEntry == totalBlocks,
                "replica \(index): KV block accounting broken")
        }
    #endif
}
