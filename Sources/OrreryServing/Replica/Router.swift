import OrreryKernel

/// Picks a replica for each arriving request according to a ``RoutingPolicy``, among
/// the replicas that are ready (all of them unless an autoscaler is starting or draining some).
struct Router {
    let policy: RoutingPolicy
    private let stream: RandomStream?
    private var next = 0

    init(policy: RoutingPolicy, streamName: String, random: RandomStreams) {
        self.policy = policy
        stream = policy == .powerOfTwoChoices ? random.stream(streamName) : nil
    }

    /// The replica index for request `slot`; `ready` lists the candidates (non-empty).
    mutating func choose(_ slot: Int, among replicas: [Replica], ready: [Int], promptTokens: Int) -> Int {
        let n = ready.count
        guard n > 1 else { return ready[0] }
        switch policy {
        case .roundRobin:
            next %= n
            defer { next = (next + 1) % n }
            return ready[next]
        case .leastOutstandingTokens:
            var best = ready[0]
            for i in ready.dropFirst() where replicas[i].outstandingTokens < replicas[best].outstandingTokens { best = i }
            return best
        case .powerOfTwoChoices:
            guard let stream else { return ready[0] }
            let a = Int(stream.uniformInt(below: UInt32(n)))
            var b = Int(stream.uniformInt(below: UInt32(n - 1)))
            if b >= a { b += 1 }
            let (low, high) = (ready[Swift.min(a, b)], ready[Swift.max(a, b)])
            return replicas[high].outstandingTokens < replicas[low].outstandingTokens ? high : low
        case .prefixAffinity:
            var best = ready[0], bestWork = Int.max
            for i in ready {
                let uncached = promptTokens - replicas[i].cachedPrefixBlocks(of: slot) * replicas[i].prefixTokens
                let work = replicas[i].outstandingTokens + uncached
                if work < bestWork { (best, bestWork) = (i, work) }
            }
            return best
        }
    }
}
