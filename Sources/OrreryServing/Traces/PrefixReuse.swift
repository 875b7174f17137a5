/// How much of a trace's prompt prefixes repeat: the reuse an unbounded prefix cache
/// shared by every request would see, a property of the trace alone (no timing, no
/// capacity). The Mooncake paper's traces are characterised this way; the simulated
/// replicas reach less, since their caches are bounded, per replica, and filled only
/// once a prefill has finished.
public struct PrefixReuse: Sendable, Equatable {
    /// Prefix blocks over all requests (every hash of every request).
    public var blocks: Int
    /// Blocks whose hash some earlier request (in arrival order) already had.
    public var reusedBlocks: Int

    /// Scans `requests` in arrival order (ties in array order).
    public init(_ requests: [ServingRequest]) {
        let order = requests.indices.sorted { (requests[$0].arrival, $0) < (requests[$1].arrival, $1) }
        var seen = Set<Int>()
        var blocks = 0, reused = 0
        for i in order {
            for hash in requests[i].prefixHashes {
                blocks += 1
                if !seen.insert(hash).inserted { reused += 1 }
            }
        }
        self.blocks = blocks
        reusedBlocks = reused
    }

    /// Reused blocks / all blocks (zero for a trace without hashes).
    public var fraction: Double { blocks == 0 ? 0 : Double(reusedBlocks) / Double(blocks) }
}
