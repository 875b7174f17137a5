import OrreryKernel

/// Picks a replica for each arriving request according to a ``RoutingPolicy``.
struct Router {
    let policy: RoutingPolicy
    private let stream: RandomStream?
    private var next = 0

    init(policy: RoutingPolicy, streamName: String, random: RandomStreams) {
        self.policy = policy
        stream = policy == .powerOfTwoChoices ? random.stream(streamName) : nil
    }

    /// The replica for request `slot`.
    mutating func choose(_ slot: Int, among replicas: [Replica], promptTokens: Int) -> Int {
        let n = replicas.count
        guard n > 1 else { return 0 }
        switch policy {
        case .roundRobin:
            defer { next = (next + 1) % n }
            return next
        case .leastOutstandingTokens:
            var best = 0
            for i in 1..<n where replicas[i].outstandingTokens < replicas[best].outstandingTokens { best = i }
            return best
        case .powerOfTwoChoices:
            guard let stream else { return 0 }
            let a = Int(stream.uniformInt(below: UInt32(n)))
            var b = Int(stream.uniformInt(below: UInt32(n - 1)))
            if b >= a { b += 1 }
            let (low, high) = (Swift.min(a, b), Swift.max(a, b))
            return replicas[high].outstandingTokens < replicas[low].outstandingTokens ? high : low
        case .prefixAffinity:
            var best = 0, bestWork = Int.max
            for i in 0..<n {
                let uncached = promptTokens - replicas[i].cachedPrefixBlocks(of: slot) * replicas[i].prefixTokens
                let work = replicas[i].outstandingTokens + uncached
                if work < bestWork { (best, bestWork) = (i, work) }
            }
            return best
        }
    }
}
