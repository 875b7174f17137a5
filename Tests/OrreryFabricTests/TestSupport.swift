import OrreryFabric
import OrreryKernel

/// SplitMix64: a tiny seeded generator, so a failing seed reproduces exactly.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Whether two rates agree within `relative` (exactly, when both are 0).
func agree(_ a: Double, _ b: Double, relative: Double = 1e-9) -> Bool {
    abs(a - b) <= relative * max(abs(a), abs(b))
}

/// The rates of `flows` after one solve at `time`.
func solvedRates(_ network: FlowNetwork, _ flows: [FlowID], at time: SimTime = .zero) throws -> [Double] {
    try network.solve(at: time)
    return try flows.map { try network.rate(of: $0) }
}
