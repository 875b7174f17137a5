import Testing
import OrreryKernel
import OrreryHardware
@testable import OrreryScheduling

@Suite struct ShortestJobFirstTests {
    /// Hand-computed, 1 node × 8 GPUs. a (8 GPUs, 0–10 s) holds the node while b (4 GPUs,
    /// 100 s), c (4 GPUs, 5 s) and d (8 GPUs, 50 s) arrive at 1 s. At 10 s SJF order is
    /// c, d, b: c starts (10–15); d does not fit beside it and blocks b, although b would
    /// fit. At 15 s d starts (15–65); at 65 s b starts (65–165).
    /// (FIFO: b 10–110, c 10–15, d 110–160.)
    @Test func startsShortestFirstAndBlocksBehindIt() {
        let jobs = [job("a", 8, at: 0, for: 10), job("b", 4, at: 1, for: 100), job("c", 4, at: 1, for: 5), job("d", 8, at: 1, for: 50)]
        #expect(schedule(jobs, nodes: 1, policy: ShortestJobFirstScheduler()) == [[0, 10], [65, 165], [10, 15], [15, 65]])
        #expect(schedule(jobs, nodes: 1, policy: FIFOScheduler()) == [[0, 10], [10, 110], [10, 15], [110, 160]])
    }

    /// Equal durations keep arrival order.
    @Test func tiesGoToTheEarlierArrival() {
        let jobs = [job("a", 8, at: 0, for: 10), job("b", 8, at: 1, for: 7), job("c", 8, at: 2, for: 7)]
        #expect(schedule(jobs, nodes: 1, policy: ShortestJobFirstScheduler()) == [[0, 10], [10, 17], [17, 24]])
    }
}

@Suite struct EASYBackfillTests {
    /// Hand-computed, 2 nodes × 8 GPUs. a (8 GPUs) runs 0–100. b (16 GPUs, at 10 s) is the
    /// head: its reservation is 100 s (a's end), with no extra GPUs. c (4 GPUs, 50 s, at
    /// 20 s) ends at 70 ≤ 100: backfilled 20–70. d (4 GPUs, 100 s, at 30 s) would end at
    /// 130 > 100 and there are no extra GPUs: it waits. e (4 GPUs, 60 s, at 40 s) ends at
    /// exactly 100: backfilled 40–100. b starts on time at 100 (–150); d then at 150 (–250).
    @Test func backfillsJobsThatEndBeforeTheReservation() {
        let jobs = [
            job("a", 8, at: 0, for: 100), job("b", 16, at: 10, for: 50), job("c", 4, at: 20, for: 50),
            job("d", 4, at: 30, for: 100), job("e", 4, at: 40, for: 60),
        ]
        #expect(schedule(jobs, nodes: 2, policy: EASYBackfillScheduler()) == [[0, 100], [100, 150], [20, 70], [150, 250], [40, 100]])
        // FIFO for contrast: nothing overtakes b.
        #expect(schedule(jobs, nodes: 2, policy: FIFOScheduler()) == [[0, 100], [100, 150], [150, 200], [150, 250], [150, 210]])
    }

    /// Hand-computed, 3 nodes × 8 GPUs. a (16 GPUs) runs 0–100. b (16 GPUs, at 1 s) is the
    /// head: at 100 s 8 + 16 = 24 GPUs are free, 8 more than it needs (extra = 8). c (4
    /// GPUs, 1000 s, at 2 s) outlives the reservation but fits in the extra: starts at 2,
    /// extra → 4. d (8 GPUs, at 3 s) does not fit now (4 free). e (4 GPUs, 1000 s, at 4 s)
    /// takes the last extra GPUs: starts at 4. b starts on time at 100 (–150), d at 150.
    @Test func longJobsMayUseGPUsTheHeadWillNotNeed() {
        let jobs = [
            job("a", 16, at: 0, for: 100), job("b", 16, at: 1, for: 50), job("c", 4, at: 2, for: 1000),
            job("d", 8, at: 3, for: 1000), job("e", 4, at: 4, for: 1000),
        ]
        #expect(schedule(jobs, nodes: 3, policy: EASYBackfillScheduler()) == [[0, 100], [100, 150], [2, 1002], [150, 1150], [4, 1004]])
    }

    @Test func reservationIsTheEarliestTimeEnoughGPUsFree() {
        let c = policyCluster(2)
        let running = [
            RunningJob(index: 0, gpus: 4, gpuType: nil, expectedEnd: .seconds(300)),
            RunningJob(index: 1, gpus: 4, gpuType: nil, expectedEnd: .seconds(100)),
            RunningJob(index: 2, gpus: 6, gpuType: nil, expectedEnd: .seconds(200)),
        ]
        var view = c
        view.allocate(Placement(shares: [.init(node: 0, gpus: GPUSet(0..<8)), .init(node: 1, gpus: GPUSet(0..<6))]))
        let head = JobSpec(id: "h", gpus: 10, submit: .zero, duration: .seconds(1))
        // 2 free now; +4 at 100 s = 6; +6 at 200 s = 12 ≥ 10, with 2 to spare.
        #expect(EASYBackfillScheduler.reservation(for: head, cluster: view, running: running, now: .zero) == .init(shadow: .seconds(200), extra: 2))
        let huge = JobSpec(id: "x", gpus: 17, submit: .zero, duration: .seconds(1))
        #expect(EASYBackfillScheduler.reservation(for: huge, cluster: view, running: running, now: .zero) == nil)
    }
}

@Suite struct SpreadPlacementTests {
    /// Hand-computed on 3 nodes × 8 GPUs: each 2-GPU job goes to the emptiest node
    /// (ties: lowest index), so they land on nodes 0, 1, 2; a 3-GPU job then goes to node
    /// 0 (all have 6 free). A 12-GPU job fits no node (free 3, 6, 6): it spans the
    /// emptiest, nodes 1 and 2.
    @Test func emptiestNodeFirst() throws {
        var c = policyCluster(3)
        let p = SpreadPlacement()
        var nodes: [Int] = []
        for gpus in [2, 2, 2, 3] {
            let placed = try #require(p.place(gpus: gpus, gpuType: nil, in: c))
            nodes.append(placed.shares[0].node)
            c.allocate(placed)
        }
        #expect(nodes == [0, 1, 2, 0])
        let twelve = try #require(p.place(gpus: 12, gpuType: nil, in: c))
        #expect(twelve.shares.map(\.node) == [1, 2])
        #expect(twelve.summary(in: c) == "DGX-A100#1[2-7],DGX-A100#2[2-7]")
        #expect(p.place(gpus: 16, gpuType: nil, in: c) == nil)
        #expect(p.place(gpus: 0, gpuType: nil, in: c) == nil)
    }

    @Test func catalogueNamesEveryPolicy() {
        #expect(
            SchedulerCatalogue.policies.map(\.name)
                == [
                    "fifo", "sjf", "sjf-predicted", "easy-backfill", "easy-backfill-predicted", "lifo", "fair-share", "tenant-las",
                    "conservative-backfill", "drf",
                    "priority", "srtf", "srtf-predicted", "las", "gittins", "gavel-max-min", "gavel-max-min-agnostic", "elastic",
                ])
        #expect(SchedulerCatalogue.placements.map(\.name) == [
            "consolidate", "spread", "topology", "fgd", "random", "dot-product", "best-fit", "gpu-packing", "gpu-clustering", "fastest-type",
            "speedup-aware",
        ])
        #expect(SchedulerCatalogue.placement(named: "spread") is SpreadPlacement)
        #expect(SchedulerCatalogue.policy(named: "easy-backfill", placement: SpreadPlacement()) is EASYBackfillScheduler)
        #expect(SchedulerCatalogue.policy(named: "sjf", placement: SpreadPlacement()) is ShortestJobFirstScheduler)
    }
}
