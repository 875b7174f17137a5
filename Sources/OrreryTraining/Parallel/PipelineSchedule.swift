/// How microbatches flow through pipeline stages.
public enum PipelineSchedule: Hashable, Sendable {
    /// PipeDream-Flush 1F1B (Narayanan et al. 2021, §2.2.1): warm-up forwards, then one
    /// forward and one backward alternately, then cool-down backwards.
    case oneForwardOneBackward
    /// Megatron's interleaved 1F1B (§2.2.2): each GPU holds `chunks` non-adjacent model
    /// chunks, cutting the bubble by that factor at the cost of more communication.
    case interleaved(chunks: Int)

    /// Model chunks per GPU (virtual stages per stage).
    public var chunks: Int {
        if case .interleaved(let chunks) = self { return chunks }
        return 1
    }
}

/// One entry of a stage's compute program: the forward or backward of one microbatch
/// through one model chunk.
public struct PipelineSlot: Hashable, Sendable {
    public var isForward: Bool
    public var chunk: Int
    public var microbatch: Int
}

extension PipelineSchedule {
    /// The order in which `stage` runs forwards and backwards, given `stages` stages and
    /// `microbatches` microbatches. Dependencies between stages are not encoded here;
    /// the step graph adds them, so idle time (the bubble) emerges when a slot waits.
    ///
    /// The interleaved order is Megatron-LM's (`forward_backward_pipelining_with_interleaving`):
    /// virtual microbatch `k` is chunk `(k mod p·v) / p` and microbatch
    /// `(k / (p·v))·p + k mod p`; backwards walk the chunks in reverse; warm-up is
    /// `2·(p − s − 1) + (v − 1)·p` forwards.
    public func program(stage: Int, stages p: Int, microbatches m: Int) -> [PipelineSlot] {
        let v = chunks
        let total = m * v
        func slot(_ k: Int, forward: Bool) -> PipelineSlot {
            let group = k % (p * v)
            let chunk = forward ? group / p : v - 1 - group / p
            return PipelineSlot(isForward: forward, chunk: chunk, microbatch: (k / (p * v)) * p + k % p)
        }
        let warmup: Int
        if v == 1 {
            warmup = min(p - stage - 1, m)
        } else {
            warmup = min(2 * (p - stage - 1) + (v - 1) * p, total)
        }
        var order: [PipelineSlot] = []
        order.reserveCapacity(2 * total)
        var forward = 0, backward = 0
        for _ in 0..<warmup {
            order.append(slot(forward, forward: true))
            forward += 1
        }
        while forward < total {
            order.append(slot(forward, forward: true))
            forward += 1
            order.append(slot(backward, forward: false))
            backward += 1
        }
        while backward < total {
            order.append(slot(backward, forward: false))
            backward += 1
        }
        return order
    }
}
