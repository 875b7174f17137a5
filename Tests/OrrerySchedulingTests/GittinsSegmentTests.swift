import Testing
import OrreryKernel
@testable import OrreryScheduling

/// The Gittins rank from a job's cached segment (``GittinsSegment``) is the searched rank
/// to the bit, along random service paths.
@Suite struct GittinsSegmentTests {
    /// Random rankings (services with ties, on a coarse grid or spread over six decades,
    /// thresholds that coincide with samples or not, or none) and random runs: progress
    /// grows in steps of a nanosecond to hours, mostly a few GPU-seconds, often whole
    /// seconds so that service lands exactly on samples and thresholds, and now and then
    /// falls back (a restart that lost progress) or its search position moves. At every step the cached rank must equal
    /// the uncached one bit for bit, and the cache must answer most steps short of the
    /// largest sample by itself (else it is not caching).
    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func cachedRankEqualsTheRank(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("gittins-segment")
        func pick(_ n: Int) -> Int { Int(random.uniformInt(below: UInt32(n))) }
        let wide = seed % 2 == 0
        let services = (0..<(50 + pick(300))).map { _ in
            wide ? random.uniform() * [1, 1e3, 1e6][pick(3)] : (random.uniform() * 40).rounded() * 300
        }
        let thresholds: [[Double]] = [[], [3600], [3600, 36_000], [900, 3600, 1e6]]
        let ranking = GittinsRanking(thresholds: thresholds[pick(thresholds.count)], services: services)
        let largest = services.max() ?? 0
        // Steps with samples left above the job (past them all the index is 0, uncached).
        var cachedSteps = 0, steps = 0
        for _ in 0..<40 {
            let gpus = 1 + pick(16)
            var progress = SimTime.seconds(Double(pick(20_000)))
            var cache = RankCache()
            for _ in 0..<200 {
                switch pick(10) {
                case 0: progress = progress + SimTime(nanoseconds: Int64(1 + pick(1000)))
                case 1: progress = progress + SimTime.seconds(random.uniform() * 36_000)
                case 2: progress = SimTime.seconds(Double(pick(Int(progress.seconds) + 1)))
                case 3: cache.first = pick(services.count + 1)  // another position: still right
                case 4, 5: progress = progress + SimTime.seconds(Double(1 + pick(600)))
                default: progress = progress + SimTime.seconds(Double(1 + pick(30)) / Double(gpus))
                }
                let job = RankedJob(gpus: gpus, duration: .hour, progress: progress)
                if job.attainedService < largest {
                    steps += 1
                    if cache.segment.index(attained: job.attainedService) != nil { cachedSteps += 1 }
                }
                let cached = ranking.rank(job, cache: &cache)
                let searched = ranking.rank(job)
                #expect(cached.bitPattern == searched.bitPattern, "seed \(seed) gpus \(gpus) progress \(progress): \(cached) vs \(searched)")
            }
        }
        #expect(cachedSteps * 2 > steps, "seed \(seed): only \(cachedSteps) of \(steps) steps from the cache")
    }

    /// Samples 10, 20, …, 400 GPU-s and a threshold at 100: a 1-GPU job at 55 GPU-s has
    /// its segment between the samples 50 and 60 (k = 5 samples finish within the
    /// quantum, 60–100: F = 400, m = 30 outlast it), ranks the same inside it, and leaves
    /// it at 60 and at the threshold's segment boundary.
    @Test func segmentSpansTheStretchBetweenCrossings() {
        let ranking = GittinsRanking(thresholds: [100], services: (1...40).map { Double($0) * 10 })
        var cache = RankCache()
        let rank = ranking.rank(RankedJob(gpus: 1, duration: .hour, progress: .seconds(55)), cache: &cache)
        let spent: Double = (400 - 275) + 45 * 30
        #expect(rank == -5 / spent)
        #expect(cache.segment.index(attained: 50) != nil)
        #expect(cache.segment.index(attained: 59.999) != nil)
        #expect(cache.segment.index(attained: 60) == nil)
        #expect(cache.segment.index(attained: 49.999) == nil)
        var past = RankCache()
        _ = ranking.rank(RankedJob(gpus: 1, duration: .hour, progress: .seconds(100)), cache: &past)
        #expect(past.segment.index(attained: 100) != nil)
        #expect(past.segment.index(attained: 99.999) == nil)
    }

    /// The count of samples at or below a value (hint probes, then a bisection within the
    /// value's bucket) equals a linear count: random samples with zeros, ties, one value
    /// or six decades; queries at samples, a hair either side, zero, negative, infinite
    /// and random; hints anywhere, including past the end.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func sampleCountEqualsALinearCount(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("gittins-count")
        func pick(_ n: Int) -> Int { Int(random.uniformInt(below: UInt32(n))) }
        for shape in 0..<4 {
            let services: [Double] = (0..<(1 + pick(400))).map { _ in
                switch shape {
                case 0: (random.uniform() * 20).rounded() * 600
                case 1: pick(5) == 0 ? 0 : random.uniform() * [1, 1e3, 1e6][pick(3)]
                case 2: 7200
                default: random.uniform() * 1e-3
                }
            }
            let ranking = GittinsRanking(thresholds: [3600], services: services)
            let sorted = services.sorted()
            for _ in 0..<300 {
                let sample = sorted[pick(sorted.count)]
                let queries = [sample, sample.nextUp, sample.nextDown, 0, -1, .infinity, random.uniform() * 2e6, random.uniform() * 10]
                for value in queries {
                    let expected = sorted.count { $0 <= value }
                    let hint = pick(sorted.count + 3) - 1
                    #expect(ranking.countAtMost(value, hint: hint) == expected, "seed \(seed) shape \(shape) value \(value) hint \(hint)")
                }
            }
        }
    }
}
