import Testing
import OrreryKernel
import OrreryHardware
@testable import OrreryScheduling

/// The sessions' equivalence with the definitions (``SessionEquivalenceTests``) on what
/// placement and run time add: jobs sharing GPUs and asking for host CPU and memory,
/// under every placement of the sharing study and the others, and run times that depend
/// on where a job lands (placement slowdown, GPU-type speed), which move ends, expected
/// ends and preempted jobs' progress away from the trace's durations.
@Suite struct SessionEquivalenceModelTests {
    static let seeds: [UInt64] = Array(1...8)
    /// The run-time cases are cheaper to get wrong in few ways: fewer seeds.
    static let runTimeSeeds: [UInt64] = Array(1...4)

    /// 20–40 jobs on 3–5 nodes of T4 or V100 GPUs (2, 4 or 8 each) with tight host CPU
    /// and memory: three in five jobs hold a share of one GPU (100–950 milli-GPUs), the
    /// rest 1–8 whole GPUs (some over two nodes); most ask for CPU and memory, a quarter
    /// for a GPU type.
    /// With `wholeGPUs`, every job holds whole GPUs and no job or node names a type
    /// (one planning profile: conservative backfill keeps its plans, and host demand is
    /// what makes a job planned for now fail to place).
    static func sharedCase(seed: UInt64, wholeGPUs: Bool = false) -> (cluster: ClusterState, jobs: [JobSpec]) {
        let random = RandomStreams(masterSeed: seed).stream("shared-case")
        func pick(_ n: Int) -> Int { Int(random.uniformInt(below: UInt32(n))) }
        let types = wholeGPUs ? ["T4", "T4"] : ["T4", "V100"]
        let nodes = (0..<(3 + pick(3))).map { n in
            SchedulerNode(
                name: "n\(n)", gpuType: types[pick(2)], gpus: [2, 4, 8][pick(3)], cpuMilli: [16_000, 32_000, 48_000][pick(3)],
                memoryMiB: [65_536, 131_072][pick(2)])
        }
        let cluster = ClusterState(nodes: nodes)
        var submit = 0.0
        let jobs = (0..<(20 + pick(21))).map { n -> JobSpec in
            if pick(3) > 0 { submit += Double(pick(300)) }
            let shares = pick(5) < 3 && !wholeGPUs
            let gpus = shares ? 1 : [1, 2, 4, 8, 12][pick(5)]
            let type: String? = pick(4) == 0 && !wholeGPUs ? (pick(2) == 0 ? "t4" : "V100") : nil
            return JobSpec(
                id: "j\(n)", tenant: "t\(pick(3))", gpus: type == nil ? gpus : Swift.min(gpus, 2), submit: .seconds(submit),
                duration: .seconds(Double(1 + pick(3) * 60 + pick(1500))), gpuType: type, priority: pick(3),
                user: "u\(pick(4))", gpuMilli: shares ? 100 + 50 * pick(18) : ResourceRequest.wholeGPU,
                cpuMilli: pick(4) == 0 ? 0 : 1000 * (1 + pick(16)), memoryMiB: pick(4) == 0 ? 0 : 4096 * (1 + pick(12)))
        }
        return (cluster, jobs)
    }

    /// Every placement that handles shares and host demand, built for `jobs`.
    static func placements(for jobs: [JobSpec], seed: UInt64) -> [(String, any PlacementPolicy)] {
        let setup = SchedulerCatalogue.PlacementSetup(nodesPerLeaf: 2, jobs: jobs, seed: seed, gpuSpeeds: ["t4": 1, "v100": 1.9])
        let names = [
            "consolidate", "spread", "topology", "fgd", "random", "dot-product", "best-fit", "gpu-packing", "gpu-clustering", "fastest-type",
        ]
        return names.compactMap { name in SchedulerCatalogue.placement(named: name, setup: setup).map { (name, $0) } }
    }

    /// Each seed runs every policy under a quarter of the placements, rotating, so the
    /// seeds together cover every pair twice (the whole matrix per seed would take a
    /// minute in the debug test build).
    @Test(arguments: seeds)
    func sessionsDecideAsTheDefinitionsWithSharedGPUs(seed: UInt64) {
        let testCase = Self.sharedCase(seed: seed)
        let placements = Self.placements(for: testCase.jobs, seed: seed)
        #expect(placements.count == 10)
        for (index, (placementName, placement)) in placements.enumerated() {
            let secondary = placements[(index + 1) % placements.count].1
            let policies = SessionEquivalenceTests.policies(placement: placement, secondary: secondary)
            for (position, (name, policy)) in policies.enumerated() where (position + index + Int(seed)) % 4 == 0 {
                SessionEquivalenceTests.expectSameRuns(policy, testCase, label: "seed \(seed) shared \(placementName) \(name)")
            }
        }
    }

    /// Conservative backfill on whole GPUs with host demand: a pass on the kept plan that
    /// has started jobs and then finds one it cannot place is undone and replanned, and
    /// must leave no trace a placement reads (`random` draws from the change count).
    @Test(arguments: seeds)
    func abandonedConservativePassesLeaveNoTrace(seed: UInt64) {
        let testCase = Self.sharedCase(seed: seed, wholeGPUs: true)
        for (placementName, placement) in Self.placements(for: testCase.jobs, seed: seed) {
            SessionEquivalenceTests.expectSameRuns(
                ConservativeBackfillScheduler(placement: placement), testCase, label: "seed \(seed) host demand \(placementName)")
        }
    }

    /// 30–50 jobs on 2–3 nodes of four T4s, four in five sharing a GPU (14 share sizes)
    /// at four priority classes: nodes often hold more than the four kinds of job
    /// ``KindSlots`` tracks, so the order in which a pass stops victims and starts jobs
    /// shows in what `gpu-clustering` reads (the model must follow the plan's order).
    static func manyKindsCase(seed: UInt64) -> (cluster: ClusterState, jobs: [JobSpec]) {
        let random = RandomStreams(masterSeed: seed).stream("kinds-case")
        func pick(_ n: Int) -> Int { Int(random.uniformInt(below: UInt32(n))) }
        let cluster = ClusterState(
            nodes: (0..<(2 + pick(2))).map {
                SchedulerNode(name: "n\($0)", gpuType: "T4", gpus: 4, cpuMilli: 64_000, memoryMiB: 262_144)
            })
        var submit = 0.0
        let jobs = (0..<(30 + pick(20))).map { n -> JobSpec in
            if pick(2) > 0 { submit += Double(pick(200)) }
            let shares = pick(5) < 4
            return JobSpec(
                id: "j\(n)", tenant: "t\(pick(2))", gpus: shares ? 1 : 1 + pick(2), submit: .seconds(submit),
                duration: .seconds(Double(60 + pick(1500))), priority: pick(4),
                gpuMilli: shares ? 100 + 50 * pick(14) : ResourceRequest.wholeGPU)
        }
        return (cluster, jobs)
    }

    @Test(arguments: seeds)
    func preemptiveSessionsDecideAsTheDefinitionsWhenNodesHoldManyKinds(seed: UInt64) {
        let testCase = Self.manyKindsCase(seed: seed)
        let policies = SessionEquivalenceTests.policies(placement: GPUClusteringPlacement(), secondary: GPUClusteringPlacement())
        for (name, policy) in policies where policy is any PreemptivePolicy {
            SessionEquivalenceTests.expectSameRuns(policy, testCase, label: "seed \(seed) many kinds \(name)")
        }
    }

    /// A round-based session plans on the cluster itself, in the plan's order, unless its
    /// placement reads the kinds of job on nodes: where nodes hold more kinds than they
    /// track, the kinds then differ from the definition's order, and nothing else may.
    @Test(arguments: seeds)
    func roundSessionsPlanningInPlaceDecideAsTheDefinitionWhenNodesHoldManyKinds(seed: UInt64) {
        let testCase = Self.manyKindsCase(seed: seed)
        let placements = Self.placements(for: testCase.jobs, seed: seed)
        #expect(placements.filter { $0.1.readsJobKinds }.map(\.0) == ["gpu-clustering"])
        for (placementName, placement) in placements where !placement.readsJobKinds {
            for aware in [true, false] {
                SessionEquivalenceTests.expectSameRuns(
                    HeterogeneityAwareRoundScheduler(heterogeneityAware: aware, placement: placement), testCase,
                    label: "seed \(seed) many kinds in place \(placementName) aware \(aware)")
            }
        }
    }

    /// Whole-GPU jobs on 3–4 DGX-A100 nodes, two to a leaf: 10 % slower per extra node and
    /// 20 % per extra leaf, under consolidation and spreading (which splits more jobs).
    @Test(arguments: runTimeSeeds)
    func sessionsDecideAsTheDefinitionsWithPlacementSlowdown(seed: UInt64) {
        let testCase = SessionEquivalenceTests.randomCase(seed: seed, typed: false)
        let slowdown = PlacementSlowdownRunTime(perExtraNode: 0.1, perExtraLeaf: 0.2, nodesPerLeaf: 2)
        let placements: [(String, any PlacementPolicy)] = [("consolidate", ConsolidatingPlacement()), ("spread", SpreadPlacement())]
        for (placementName, placement) in placements {
            for (name, policy) in SessionEquivalenceTests.policies(placement: placement, secondary: placement) {
                SessionEquivalenceTests.expectSameRuns(
                    policy, testCase, runTime: slowdown, label: "seed \(seed) slowdown \(placementName) \(name)")
            }
        }
    }

    /// GPU-type speeds: durations on A100s, H100s 2.5× as fast (typed jobs and mixed
    /// nodes), and the shared case with V100s 1.9× a T4.
    @Test(arguments: runTimeSeeds)
    func sessionsDecideAsTheDefinitionsWithGPUSpeeds(seed: UInt64) {
        let typed = SessionEquivalenceTests.randomCase(seed: seed, typed: true)
        let speeds = GPUSpeedRunTime(speeds: ["A100-80GB": 1, "H100-SXM": 2.5], reference: "A100-80GB")
        for (name, policy) in SessionEquivalenceTests.policies() {
            SessionEquivalenceTests.expectSameRuns(policy, typed, runTime: speeds, label: "seed \(seed) gpu-speed \(name)")
        }
        let shared = Self.sharedCase(seed: seed)
        let sharedSpeeds = GPUSpeedRunTime(speeds: ["t4": 1, "v100": 1.9], reference: "t4")
        let fastest = FastestTypePlacement(speeds: sharedSpeeds.speeds)
        for (name, policy) in SessionEquivalenceTests.policies(placement: fastest, secondary: BestFitPlacement()) {
            SessionEquivalenceTests.expectSameRuns(policy, shared, runTime: sharedSpeeds, label: "seed \(seed) shared gpu-speed \(name)")
        }
    }
}
