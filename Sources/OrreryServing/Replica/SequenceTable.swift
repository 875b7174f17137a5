/// Per-request state as flat arrays indexed by request slot (the request's position in
/// arrival order): the batching loop touches only integers in contiguous storage, and
/// nothing is allocated per request once the table is built.
///
/// Token accounting, for a request with prompt `p` and `g` tokens generated so far:
/// a prefill of `target` tokens (`p` at first, `p + g` when recomputing after a
/// preemption) fills the cache and yields one token; each decode step then caches the
/// previous token and yields the next, so while decoding `cached = p + g − 1`.
final class SequenceTable {
    /// Marks a time not reached yet (no first token, no completion).
    static let never: Int64 = -1

    @exclusivity(unchecked) var prompt: [Int]
    @exclusivity(unchecked) var output: [Int]
    @exclusivity(unchecked) var arrival: [Int64]
    /// Tokens generated so far (kept across preemptions: recompute re-prefills them).
    @exclusivity(unchecked) var generated: [Int]
    /// Tokens whose K and V are in the cache.
    @exclusivity(unchecked) var cached: [Int]
    /// Tokens the current prefill must cache before the next token comes out.
    @exclusivity(unchecked) var prefillTarget: [Int]
    /// KV blocks held.
    @exclusivity(unchecked) var blocks: [Int]
    /// When the request was first admitted to a batch (the end of its queueing delay).
    @exclusivity(unchecked) var firstScheduled: [Int64]
    @exclusivity(unchecked) var firstToken: [Int64]
    @exclusivity(unchecked) var completion: [Int64]
    @exclusivity(unchecked) var preemptions: [Int]
    /// Replica the request was routed to, or −1 (not arrived, or rejected).
    @exclusivity(unchecked) var replica: [Int]
    @exclusivity(unchecked) var rejected: [Bool]
    /// The replica iteration that last scheduled the sequence (guards preemption).
    @exclusivity(unchecked) var scheduledIn: [Int]
    /// Prefix-block hashes of all requests, concatenated; request `s` owns
    /// `hashes[hashStart[s] ..< hashStart[s + 1]]`.
    @exclusivity(unchecked) var hashes: [Int]
    @exclusivity(unchecked) var hashStart: [Int]
    /// Leading prefix blocks the sequence references in its replica's prefix cache.
    @exclusivity(unchecked) var referencedPrefixBlocks: [Int]
    /// Of `blocks`, those owned by prefix-cache entries rather than the sequence.
    @exclusivity(unchecked) var sharedBlocks: [Int]
    /// Host-memory blocks a swapped-out sequence occupies (0 unless swapped out).
    @exclusivity(unchecked) var swappedBlocks: [Int]

    init(_ requests: [ServingRequest]) {
        let n = requests.count
        prompt = requests.map(\.promptTokens)
        output = requests.map(\.outputTokens)
        arrival = requests.map(\.arrival.nanoseconds)
        generated = Array(repeating: 0, count: n)
        cached = Array(repeating: 0, count: n)
        prefillTarget = prompt
        blocks = Array(repeating: 0, count: n)
        firstToken = Array(repeating: Self.never, count: n)
        firstScheduled = Array(repeating: Self.never, count: n)
        completion = Array(repeating: Self.never, count: n)
        preemptions = Array(repeating: 0, count: n)
        replica = Array(repeating: -1, count: n)
        rejected = Array(repeating: false, count: n)
        scheduledIn = Array(repeating: -1, count: n)
        hashStart = [0]
        hashStart.reserveCapacity(n + 1)
        hashes = []
        hashes.reserveCapacity(requests.reduce(0) { $0 + $1.prefixHashes.count })
        for request in requests {
            hashes += request.prefixHashes
            hashStart.append(hashes.count)
        }
        referencedPrefixBlocks = Array(repeating: 0, count: n)
        sharedBlocks = Array(repeating: 0, count: n)
        swappedBlocks = Array(repeating: 0, count: n)
    }

    /// Prefix-block hashes of request `slot`.
    func hashCount(_ slot: Int) -> Int { hashStart[slot + 1] - hashStart[slot] }
    func hash(_ slot: Int, _ block: Int) -> Int { hashes[hashStart[slot] + block] }

    var count: Int { prompt.count }
}
