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

    /// The replica for a request; `ready` lists the candidates (non-empty), `load` gives a
    /// replica's outstanding tokens and `uncachedPromptTokens` the prompt tokens the request
    /// would still prefill there (prefix-affinity only).
    mutating func choose(among ready: [Int], load: (Int) -> Int, uncachedPromptTokens: (Int) -> Int) -> Int {
        let n = ready.count
        guard n > 1 else { return ready[0] }
        switch policy {
        case .roundRobin:
            next %= n
            defer { next = (next + 1) % n }
            return ready[next]
        case .leastOutstandingTokens:
            var best = ready[0], bestLoad = load(ready[0])
            for i in ready.dropFirst() {
                let l = load(i)
                if l < bestLoad { (best, bestLoad) = (i, l) }
            }
            return best
        case .powerOfTwoChoices:
            guard let stream else { return ready[0] }
            let a = Int(stream.uniformInt(below: UInt32(n)))
            var b = Int(stream.uniformInt(below: UInt32(n - 1)))
            if b >= a { b += 1 }
            let (low, high) = (ready[Swift.min(a, b)], ready[Swift.max(a, b)])
            return load(high) < load(low) ? high : low
        case .prefixAffinity:
            var best = ready[0], bestWork = Int.max
            for i in ready {
                let work = load(i) + uncachedPromptTokens(i)
                if work < bestWork { (best, bestWork) = (i, work) }
            }
            return best
        }
    }
}
