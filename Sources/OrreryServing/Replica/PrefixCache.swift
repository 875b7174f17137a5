/// The prefix cache of one replica: KV blocks of finished prompt prefixes kept for reuse,
/// keyed by the trace's prefix-block hashes (Mooncake's `hash_ids`, one per 512-token
/// block, each hash covering the whole prefix up to its block so equal hashes mean equal
/// prefixes). This is vLLM's automatic prefix caching at the granularity the trace gives.
///
/// Each entry owns `blocksPerEntry` paged-KV blocks and counts the running sequences that
/// reference it. Unreferenced entries stay cached, in least-recently-released order, and
/// are evicted from the cold end only when a sequence needs blocks that are not free.
///
/// Entries live in flat arrays recycled through a free list, and the LRU list is
/// intrusive (index links), so lookups, references and evictions allocate nothing once
/// the hash index has grown to the working set.
struct PrefixCache {
    /// Paged-KV blocks one entry holds (prefix-block tokens / KV block tokens).
    let blocksPerEntry: Int

    private var index: [Int: Int32] = [:]
    private var hashes: [Int] = []
    private var references: [Int32] = []
    /// LRU links of unreferenced entries; −1 ends the list.
    private var older: [Int32] = []
    private var newer: [Int32] = []
    private var coldest: Int32 = -1
    private var warmest: Int32 = -1
    private var recycled: [Int32] = []

    /// Entries with no running sequence referencing them (evictable).
    private(set) var unreferencedEntries = 0
    /// Entries held, referenced or not.
    private(set) var entries = 0

    init(blocksPerEntry: Int) { self.blocksPerEntry = blocksPerEntry }

    /// The entry caching `hash`, if any.
    func entry(for hash: Int) -> Int32? { index[hash] }

    func isReferenced(_ entry: Int32) -> Bool { references[Int(entry)] > 0 }

    /// Adds a reference to a cached entry, taking it off the eviction list if it was idle.
    mutating func acquire(_ entry: Int32) {
        let e = Int(entry)
        if references[e] == 0 {
            unlink(entry)
            unreferencedEntries -= 1
        }
        references[e] += 1
    }

    /// Drops a reference; an entry no one references becomes the warmest eviction candidate.
    mutating func release(_ entry: Int32) {
        let e = Int(entry)
        #if ORRERY_INTERNAL_CHECKS
            precondition(references[e] > 0, "prefix cache: entry released more often than acquired")
        #endif
        references[e] -= 1
        if references[e] == 0 {
            appendWarmest(entry)
            unreferencedEntries += 1
        }
    }

    /// Caches `hash` (not yet cached) with one reference; the caller hands over its blocks.
    mutating func insertReferenced(_ hash: Int) {
        let entry: Int32
        if let reused = recycled.popLast() {
            entry = reused
            hashes[Int(entry)] = hash
            references[Int(entry)] = 1
        } else {
            entry = Int32(hashes.count)
            hashes.append(hash)
            references.append(1)
            older.append(-1)
            newer.append(-1)
        }
        index[hash] = entry
        entries += 1
    }

    /// Evicts the least recently released unreferenced entry; its blocks become free.
    /// - Returns: false if every entry is referenced.
    mutating func evictColdest() -> Bool {
        guard coldest >= 0 else { return false }
        let entry = coldest
        unlink(entry)
        index[hashes[Int(entry)]] = nil
        recycled.append(entry)
        unreferencedEntries -= 1
        entries -= 1
        return true
    }

    private mutating func appendWarmest(_ entry: Int32) {
        let e = Int(entry)
        older[e] = warmest
        newer[e] = -1
        if warmest >= 0 { newer[Int(warmest)] = entry } else { coldest = entry }
        warmest = entry
    }

    private mutating func unlink(_ entry: Int32) {
        let e = Int(entry)
        let before = older[e], after = newer[e]
        if before >= 0 { newer[Int(before)] = after } else { coldest = after }
        if after >= 0 { older[Int(after)] = before } else { warmest = before }
        older[e] = -1
        newer[e] = -1
    }
}
