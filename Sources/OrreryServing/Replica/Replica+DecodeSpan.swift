import OrreryKernel

/// Multi-step decode: a run of decode-only iterations over an unchanging batch,
/// simulated as one event instead of one per iteration.
///
/// Once a replica's batch is all decodes, with nothing waiting, nothing swapped out and
/// free blocks for every block the batch will cross into, its next iterations are
/// identical but for each sequence's context growing by one token: their durations and
/// block needs are known in advance, up to the first completion. The replica then
/// schedules one event at the end of the whole span and applies its iterations' effects
/// when it fires (tokens, blocks, busy time, KV utilisation), each exactly as the
/// iteration-by-iteration loop would have. A request routed to the replica mid-span
/// shortens the span to the iteration in progress, so it is admitted when it would
/// have been; ``settle(at:)`` applies the iterations already over when a run stops
/// early (a horizon or an interrupt).
///
/// Results equal the step-by-step loop's except when an arrival falls on the very
/// nanosecond an iteration ends: the loop orders such ties by event sequence, the span
/// always lets the arrival in first. Runs stay deterministic either way.
struct DecodeSpan {
    /// Longest span planned at once.
    static let maximumLength = 128
    /// Shortest planning horizon the adaptation goes down to.
    static let minimumPlan = 8

    /// How far ahead the next span is planned: halved when an arrival cuts a span short,
    /// doubled when a span runs to its end, so that a replica that keeps being
    /// interrupted does not price iterations it never runs.
    var planLimit = DecodeSpan.maximumLength

    /// Iterations in the span; 1 is an ordinary iteration.
    var length = 1
    /// Iterations whose start has been accounted (busy time, KV use): the first at once,
    /// later ones when they are applied or settled.
    var accounted = 1
    /// Iterations whose tokens have been applied (all but the last, which the ordinary
    /// completion applies).
    var applied = 0
    /// Each iteration's end time and duration (ns), and blocks in use at its start.
    var ends: [Int64] = []
    var durations: [Int64] = []
    var usedBlocks: [Int] = []
    /// Scratch: blocks the batch crosses into at each iteration of the span being planned.
    var crossings: [Int] = []
    /// The pending end-of-span event, to move it when the span is cut.
    var event: EventHandle?

    init() {
        ends.reserveCapacity(Self.maximumLength)
        durations.reserveCapacity(Self.maximumLength)
        usedBlocks.reserveCapacity(Self.maximumLength)
        crossings = Array(repeating: 0, count: Self.maximumLength + 1)
    }
}

extension Replica {
    /// Plans the span that starts with the iteration just formed (`work`, lasting
    /// `first`), schedules its end and returns whether it spans more than one iteration.
    func scheduleSpan(_ work: IterationWork, first: SimTime) {
        let now = simulation.now.nanoseconds
        span.length = 1
        span.accounted = 1
        span.applied = 0
        span.ends.removeAll(keepingCapacity: true)
        span.durations.removeAll(keepingCapacity: true)
        span.usedBlocks.removeAll(keepingCapacity: true)
        span.ends.append(now + first.nanoseconds)
        span.durations.append(first.nanoseconds)
        span.usedBlocks.append(totalBlocks - availableBlocks)
        let limit = spanLimit(work)
        if limit > 1 {
            planSpan(work, limit: limit)
        }
        span.event = simulation.schedule(at: SimTime(nanoseconds: span.ends[span.length - 1]), handler: self, tag: 0)
    }

    /// How many iterations the batch of `work` can repeat unchanged (1 when it cannot).
    private func spanLimit(_ work: IterationWork) -> Int {
        guard fastForwardDecodes, work.prefillTokens == 0, work.swapBytes == 0, waiting.isEmpty, swapped.isEmpty,
            batchSequences.count == running.count, work.decodeSequences == batchSequences.count
        else { return 1 }
        var limit = span.planLimit
        for slot in batchSequences {
            limit = Swift.min(limit, table.output[slot] - table.generated[slot])
        }
        return limit
    }

    /// Extends the span while the batch's block crossings fit in the free blocks, pricing
    /// each iteration as the loop would (one more context token per sequence each time).
    private func planSpan(_ work: IterationWork, limit: Int) {
        for m in 0...limit { span.crossings[m] = 0 }
        // Iteration m (1-based) decodes at context c + m − 1 and needs capacity c + m.
        for slot in batchSequences {
            var m = table.blocks[slot] * blockSize - table.cached[slot] + 1
            while m <= limit {
                span.crossings[m] += 1
                m += blockSize
            }
        }
        var next = work
        var needed = 0
        for m in 2...limit {
            needed += span.crossings[m]
            if needed > freeBlocks { break }
            next.decodeContextTokens += next.decodeSequences
            let duration = iterationTime(next).nanoseconds
            span.ends.append(span.ends[m - 2] + duration)
            span.durations.append(duration)
            span.usedBlocks.append(span.usedBlocks[m - 2] + span.crossings[m])
            span.length = m
        }
    }

    /// A request arrived while a span runs: the span ends with the iteration in progress,
    /// so that the next one can admit it.
    func cutSpan() {
        guard span.length > 1, let event = span.event else { return }
        let now = simulation.now.nanoseconds
        var j = 1
        while j < span.length, span.ends[j - 1] < now { j += 1 }
        guard j < span.length else { return }
        span.length = j
        span.planLimit = Swift.max(span.planLimit / 2, DecodeSpan.minimumPlan)
        simulation.cancel(event)
        span.event = simulation.schedule(at: SimTime(nanoseconds: span.ends[j - 1]), handler: self, tag: 0)
    }

    /// Applies the span's iterations up to (not including) the last, whose end is the
    /// ordinary iteration completion.
    func finishSpan() {
        guard span.length > 1 else { return }
        if span.length == span.ends.count { span.planLimit = Swift.min(2 * span.planLimit, DecodeSpan.maximumLength) }
        account(through: span.length)
        apply(through: span.length - 1)
    }

    /// The run stopped at `time`: account the iterations started by then and apply those
    /// over by then, as the loop would have.
    func settle(at time: SimTime) {
        guard busy, span.length > 1 else { return }
        let now = time.nanoseconds
        var started = 1, over = 0
        while started < span.length, span.ends[started - 1] <= now { started += 1 }
        while over < span.length - 1, span.ends[over] <= now { over += 1 }
        account(through: started)
        apply(through: over)
    }

    /// Adds busy time and KV use of iterations `accounted + 1 ... last`.
    private func account(through last: Int) {
        guard last > span.accounted else { return }
        for m in span.accounted..<last {
            let seconds = Double(span.durations[m]) * 1e-9
            busyTime = busyTime + SimTime(nanoseconds: span.durations[m])
            usedBlockSeconds += Double(span.usedBlocks[m]) * seconds
            peakUsedBlocks = Swift.max(peakUsedBlocks, span.usedBlocks[m])
        }
        iterations += last - span.accounted
        span.accounted = last
    }

    /// Applies the tokens of iterations `applied + 1 ... last` to every sequence of the
    /// batch, taking the blocks they grow into.
    private func apply(through last: Int) {
        let count = last - span.applied
        guard count > 0 else { return }
        for slot in batchSequences {
            table.cached[slot] += count
            table.generated[slot] += count
            // The next iteration decodes at this context and needs capacity for one more.
            let needed = (table.cached[slot] + 1 + blockSize - 1) / blockSize
            if needed > table.blocks[slot] {
                take(needed - table.blocks[slot])
                table.blocks[slot] = needed
            }
        }
        iteration &+= count
        span.applied = last
    }
}
