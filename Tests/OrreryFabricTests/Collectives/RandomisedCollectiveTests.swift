import OrreryFabric
import OrreryKernel
import Testing

/// Random groups (regular or not), kinds, algorithms and sizes, several at once on one
/// fabric: every collective either throws at start with the error its inputs call for,
/// or completes no earlier than its α term and no earlier than it would alone (with the
/// same ECMP choices: a different flow id can move a flow onto a busier spine).
@Suite struct RandomisedCollectiveTests {
    @Test(arguments: 1...12)
    func randomCollectivesCompleteOrSayWhy(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let bench = try CollectiveBench(.dgxH100SuperPOD, nodes: 40)   // two scalable units
        var started: [(Collective, SimTime)] = []
        var finished: [SimTime?] = []
        for _ in 0..<6 {
            let size = Int.random(in: 1...24, using: &rng)
            let ranks = Array((0..<bench.topology.gpuCount).shuffled(using: &rng).prefix(size))
            let kind = CollectiveKind.allCases.randomElement(using: &rng)!
            let algorithm = CollectiveAlgorithm.allCases.randomElement(using: &rng)!
            let bytes = [0, 8, 4096, 1e6, 3e8].randomElement(using: &rng)!
            let c = Collective(kind: kind, algorithm: algorithm, ranks: ranks, bytes: bytes)
            let index = finished.count
            do {
                let plan = try bench.collectives.plan(c)
                let alpha = plan.phases.reduce(SimTime.zero) { $0 + $1.latency }
                finished.append(nil)   // before starting: a one-rank group completes at once
                started.append((c, alpha))
                try bench.collectives.start(c) { finished[index] = $0 }
            } catch {
                switch error {
                case .unsupported: #expect(!algorithm.implements(kind), "seed \(seed): \(c)")
                case .invalidGroup:
                    #expect([.tree, .hierarchical, .nvls].contains(algorithm) || kind == .sendRecv, "seed \(seed): \(c) \(error)")
                case .invalidSize, .unavailable: Issue.record("seed \(seed): \(c) \(error)")
                }
            }
        }
        bench.simulation.run()
        try bench.network.checkInvariants()
        for (k, (c, alpha)) in started.enumerated() {
            let done = finished[k] ?? .max
            #expect(done >= alpha && done < .max, "seed \(seed): \(c) finished at \(done), α \(alpha)")
            // Alone, with the same ECMP flow ids: the collectives before it are replaced by
            // one-rank ones, which take a sequence number and make no flows.
            let solo = try CollectiveBench(.dgxH100SuperPOD, nodes: 40)
            let placeholders = [Collective](repeating: Collective(kind: .allReduce, ranks: [0], bytes: 0), count: k)
            let alone = try solo.run(placeholders + [c])[k]
            #expect(done.nanoseconds >= alone.nanoseconds - 2, "seed \(seed): \(c) shared \(done) < alone \(alone)")
        }
        #expect(bench.collectives.statistics.collectivesCompleted == started.count)
    }
}
