/// How the router picks a replica for an arriving request.
public enum RoutingPolicy: String, Sendable, CaseIterable {
    /// Replicas in turn.
    case roundRobin = "round-robin"
    /// The replica with the fewest outstanding tokens (prompt + output of its unfinished
    /// requests); ties go to the lowest index.
    case leastOutstandingTokens = "least-outstanding-tokens"
    /// Two distinct replicas drawn at random, the one with fewer outstanding tokens wins
    /// (Mitzenmacher, "The Power of Two Choices in Randomized Load Balancing", 2001).
    case powerOfTwoChoices = "power-of-two-choices"
    /// The replica with the least work ahead of the request: its outstanding tokens plus
    /// the prompt tokens the request would still have to prefill there, after the prefix
    /// blocks that replica has cached (Mooncake's conductor weighs cache hits against
    /// load the same way, FAST'25). Ties go to the lowest index; without prefix caching
    /// this is least-outstanding-tokens.
    case prefixAffinity = "prefix-affinity"
}
