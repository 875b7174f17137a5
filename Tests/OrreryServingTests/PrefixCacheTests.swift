import Foundation
import OrreryKernel
import Testing
@testable import OrreryServing

/// Prefix caching: the trace-level reuse the issue quotes, and the replica's cache.
@Suite struct PrefixCacheTests {
    /// Loads a derived fixture (scripts/make-mooncake-hash-fixtures.py; docs/data.md):
    /// one request per line, its `hash_ids` with runs written `first-last`.
    static func hashFixture(_ name: String) throws -> [ServingRequest] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/mooncake/\(name)-hash-ids.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").enumerated().map { id, line in
            var hashes: [Int] = []
            for run in line.split(separator: " ") {
                let ends = run.split(separator: "-").compactMap { Int($0) }
                hashes += ends.count == 2 ? Array(ends[0]...ends[1]) : ends
            }
            return ServingRequest(id: id, arrival: .zero, promptTokens: 1, outputTokens: 1, prefixHashes: hashes)
        }
    }

    @Test func mooncakeConversationTraceReuses36Point6PercentOfBlocks() throws {
        let requests = try Self.hashFixture("conversation")
        let reuse = PrefixReuse(requests)
        #expect(requests.count == 12_031)
        #expect(reuse.blocks == 288_500)
        #expect(abs(reuse.fraction - 0.366) < 0.0005)
    }

    @Test func mooncakeSyntheticTraceReuses64PercentOfBlocks() throws {
        let reuse = PrefixReuse(try Self.hashFixture("synthetic"))
        #expect(abs(reuse.fraction - 0.640) < 0.0005)
    }

    /// Tiny replica, prefix blocks of 32 tokens (two KV blocks).
    static func cachingReplica(budget: Int? = nil, chunked: Bool = false) throws -> ReplicaConfiguration {
        var config = try Tiny.replica(chunked: chunked, budget: budget)
        config.prefixCaching = true
        config.prefixBlockTokens = 32
        return config
    }

    /// A repeat of a finished prompt skips the prefill of its three whole cached blocks
    /// (96 of 100 tokens): its prefill computes 4 tokens and reads the 96 cached ones.
    @Test func repeatedPromptSkipsCachedPrefill() throws {
        let prompt = { (id: Int, at: SimTime) in
            ServingRequest(id: id, arrival: at, promptTokens: 100, outputTokens: 4, prefixHashes: [7, 8, 9, 10])
        }
        let config = try Self.cachingReplica()
        let (model, _) = try Tiny.run([prompt(0, .zero), prompt(1, .seconds(1))], replica: config)
        let cost = model.engines[0].cost
        var skipped = IterationWork()
        skipped.prefillTokens = 4
        skipped.prefillAttentionPairs = 4 * 96 + 4 * 5 / 2
        skipped.prefillCachedTokensRead = 96
        let second = try #require(model.records[1].timeToFirstToken)
        #expect(second == cost.time(skipped))
        #expect(model.prefixBlocksLookedUp == 6)
        #expect(model.prefixBlocksHit == 3)
        let replica = model.engines[0]
        // Everything finished: the three cached entries (six blocks) are idle and reclaimable.
        #expect(replica.availableBlocks == Tiny.blocks)
        #expect(replica.freeBlocks == Tiny.blocks - 6)
    }

    @Test func withoutPrefixCachingNothingHits() throws {
        var config = try Self.cachingReplica()
        config.prefixCaching = false
        let requests = (0..<4).map {
            ServingRequest(id: $0, arrival: .seconds(Double($0)), promptTokens: 100, outputTokens: 2, prefixHashes: [1, 2, 3, 4])
        }
        let (model, _) = try Tiny.run(requests, replica: config)
        #expect(model.prefixBlocksHit == 0)
        #expect(model.engines[0].freeBlocks == Tiny.blocks)
    }

    /// Distinct prefixes far beyond the 64-block cache: idle entries are evicted to make
    /// room, every request finishes, and the block accounting (checked each iteration in
    /// debug builds) never breaks. Hashes are drawn from a small pool so some repeat.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func evictionUnderPressureKeepsServing(seed: UInt64) throws {
        let random = RandomStreams(masterSeed: seed).stream("prefix-test")
        var requests: [ServingRequest] = []
        for id in 0..<120 {
            let prompt = 40 + Int(random.uniformInt(below: 150))
            let head = Int(random.uniformInt(below: 6))
            let hashes = (0..<(prompt + 31) / 32).map { head * 1000 + ($0 == 0 ? 0 : id * 10 + $0) }
            requests.append(
                ServingRequest(
                    id: id, arrival: SimTime.millisecond.scaled(by: Int64(id) * 3), promptTokens: prompt,
                    outputTokens: 1 + Int(random.uniformInt(below: 40)), prefixHashes: hashes))
        }
        for chunked in [false, true] {
            let config = try Self.cachingReplica(budget: chunked ? 64 : nil, chunked: chunked)
            let (model, _) = try Tiny.run(requests, replica: config, seed: seed)
            let unfinished = model.records.count { $0.completion == nil }
            #expect(unfinished == 0, "seed \(seed), chunked \(chunked)")
            #expect(model.prefixBlocksHit > 0, "seed \(seed), chunked \(chunked)")
            let replica = model.engines[0]
            #expect(replica.availableBlocks == replica.totalBlocks, "seed \(seed), chunked \(chunked)")
        }
    }

    /// Two replicas, the same 3-block prefix asked again and again: prefix affinity keeps
    /// it on the replica that cached it, round-robin splits it and misses every other time.
    @Test func prefixAffinityFollowsTheCache() throws {
        let requests = (0..<10).map {
            ServingRequest(
                id: $0, arrival: SimTime.millisecond.scaled(by: Int64($0) * 50), promptTokens: 100, outputTokens: 2,
                prefixHashes: [5, 6, 7, 8])
        }
        let config = try Self.cachingReplica()
        let (affinity, _) = try Tiny.run(requests, replica: config, replicas: 2, routing: .prefixAffinity)
        let (roundRobin, _) = try Tiny.run(requests, replica: config, replicas: 2, routing: .roundRobin)
        #expect(affinity.prefixBlocksHit == 27)
        #expect(roundRobin.prefixBlocksHit == 24)
    }
}
