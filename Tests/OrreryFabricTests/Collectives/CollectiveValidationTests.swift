import OrreryFabric
import OrreryKernel
import Testing

/// Which algorithms implement which kinds, and bad groups and sizes.
@Suite struct CollectiveValidationTests {
    /// Every kind × algorithm either completes or throws `.unsupported` at once.
    @Test(arguments: CollectiveKind.allCases)
    func everyAlgorithmWorksOrSaysUnsupported(kind: CollectiveKind) throws {
        let ranks = kind == .sendRecv ? [0, 8] : [0, 1, 8, 9]
        for algorithm in CollectiveAlgorithm.allCases {
            let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 2)
            var finished: SimTime?
            var thrown: CollectiveError?
            do {
                try bench.collectives.start(Collective(kind: kind, algorithm: algorithm, ranks: ranks, bytes: 1e6)) {
                    finished = $0
                }
            } catch {
                thrown = error
            }
            bench.simulation.run()
            if algorithm == .nvls && algorithm.implements(kind) {
                // A100 NVSwitches have no NVLink SHARP.
                guard case .unavailable(.nvls, let why)? = thrown else {
                    Issue.record("\(kind) nvls on A100: \(String(describing: thrown))")
                    continue
                }
                #expect(why.contains("NVLink SHARP"))
            } else if algorithm.implements(kind) {
                #expect(thrown == nil, "\(kind) \(algorithm): \(String(describing: thrown))")
                #expect(finished != nil && finished! > .zero, "\(kind) \(algorithm) did not complete")
            } else {
                #expect(thrown == .unsupported(kind: kind, algorithm: algorithm), "\(kind) \(algorithm)")
                #expect(bench.collectives.statistics.collectivesStarted == 0)
            }
        }
    }

    static let invalid: [(ranks: [Int], bytes: Double, kind: CollectiveKind, algorithm: CollectiveAlgorithm)] = [
        ([], 1, .allReduce, .ring),
        ([0, 1, 1], 1, .allReduce, .ring),
        ([0, 16], 1, .allReduce, .ring),
        ([-1, 0], 1, .allGather, .ring),
        ([0, 1, 8], 1, .allReduce, .hierarchical),
        ([0, 1, 8], 1, .allReduce, .tree),
        ([0, 1, 8], 1, .sendRecv, .direct),
        ([0], 1, .sendRecv, .direct),
    ]

    @Test(arguments: invalid.indices)
    func invalidGroupsThrow(index: Int) throws {
        let case_ = Self.invalid[index]
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 2)
        let c = Collective(kind: case_.kind, algorithm: case_.algorithm, ranks: case_.ranks, bytes: case_.bytes)
        var thrown: CollectiveError?
        do { try bench.collectives.start(c) { _ in } } catch { thrown = error }
        guard case .invalidGroup(let why) = thrown else {
            Issue.record("\(c): expected invalidGroup, got \(String(describing: thrown))")
            return
        }
        #expect(!why.isEmpty)
    }

    @Test(arguments: [-1.0, .nan, .infinity])
    func invalidSizesThrow(bytes: Double) throws {
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 1)
        var thrown: CollectiveError?
        do {
            try bench.collectives.start(Collective(kind: .allReduce, ranks: [0, 1], bytes: bytes)) { _ in }
        } catch {
            thrown = error
        }
        guard case .invalidSize = thrown else {
            Issue.record("\(bytes): expected invalidSize, got \(String(describing: thrown))")
            return
        }
    }

    @Test func irregularGroupsRunAsOneRing() throws {
        // Ranks 0, 1, 2 | 8: one ring in group order; the hops 2 → 8 and 8 → 0 cross nodes.
        let bench = try CollectiveBench(.dgxA100SuperPOD, nodes: 2)
        let plan = try bench.collectives.plan(Collective(kind: .allReduce, ranks: [0, 1, 2, 8], bytes: 1e6))
        #expect(plan.algorithm == .ring)
        #expect(plan.phases.count == 1)
        #expect(plan.phases[0].flows.map(\.tier) == [.scaleUp, .scaleUp, .scaleOut, .scaleOut])
    }
}
