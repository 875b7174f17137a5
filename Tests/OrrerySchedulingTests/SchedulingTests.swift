import Testing
import OrreryKernel
import OrreryHardware
@testable import OrreryScheduling

private func dgx(_ name: String = "DGX-A100") -> NodeSpec { HardwareCatalogue.builtIn.node(named: name)! }

private func cluster(_ nodes: Int, _ type: String = "DGX-A100") -> ClusterState {
    ClusterState(groups: [NodeGroup(node: dgx(type), count: nodes)])
}

@Suite struct PlacementTests {
    @Test func prefersTheFullestSingleNodeThatFits() throws {
        var c = cluster(3)
        let p = ConsolidatingPlacement()
        c.allocate(try #require(p.place(gpus: 6, gpuType: nil, in: c)))   // node 0: 2 free
        c.allocate(try #require(p.place(gpus: 3, gpuType: nil, in: c)))   // node 1: 5 free
        let two = try #require(p.place(gpus: 2, gpuType: nil, in: c))
        #expect(Array(two.shares) == [.init(node: 0, gpus: [6, 7])])
        let four = try #require(p.place(gpus: 4, gpuType: nil, in: c))
        #expect(Array(four.shares) == [.init(node: 1, gpus: [3, 4, 5, 6])])
    }

    @Test func spansTheFewestNodesWhenNoSingleNodeFits() throws {
        var c = cluster(3)
        let p = ConsolidatingPlacement()
        c.allocate(Placement(shares: [.init(node: 0, gpus: [0, 1, 2, 3, 4, 5])]))  // 2 free
        c.allocate(Placement(shares: [.init(node: 2, gpus: [0])]))  // 7 free
        let twelve = try #require(p.place(gpus: 12, gpuType: nil, in: c))
        #expect(twelve.shares.map(\.node) == [1, 2])
        #expect(twelve.gpuCount == 12)
        #expect(twelve.summary(in: c) == "DGX-A100#1[0-7],DGX-A100#2[1-4]")
        #expect(p.place(gpus: 18, gpuType: nil, in: c) == nil)
    }

    /// Summaries: runs of consecutive GPUs, multi-digit indices, shares, non-ASCII names.
    @Test func placementSummariesSpellRunsAndShares() {
        let c = ClusterState(nodes: [
            SchedulerNode(name: "n", gpuType: "A100", gpus: 16, cpuMilli: 1, memoryMiB: 1),
            SchedulerNode(name: "nœud-10", gpuType: "A100", gpus: 16, cpuMilli: 1, memoryMiB: 1),
        ])
        let runs = Placement(shares: [.init(node: 0, gpus: [0, 1, 2, 5, 10, 11, 15]), .init(node: 1, gpus: [9])])
        #expect(runs.summary(in: c) == "n[0-2,5,10-11,15],nœud-10[9]")
        #expect(Placement(shares: [.init(node: 1, gpus: [12])], gpuMilli: 470).summary(in: c) == "nœud-10[12:470m]")
        #expect(Placement(shares: [.init(node: 0, gpus: [0])], gpuMilli: 5).summary(in: c) == "n[0:5m]")
    }

    @Test func respectsTheRequestedGPUType() throws {
        let c = ClusterState(groups: [NodeGroup(node: dgx("DGX-A100"), count: 1), NodeGroup(node: dgx("DGX-H100"), count: 1)])
        let p = ConsolidatingPlacement()
        #expect(try #require(p.place(gpus: 8, gpuType: "H100-SXM", in: c)).shares[0].node == 1)
        #expect(p.place(gpus: 9, gpuType: "H100-SXM", in: c) == nil)
        #expect(c.capacity(gpuType: "h100-sxm") == 8)
        #expect(c.capacity(gpuType: nil) == 16)
    }
}

@Suite struct RigidJobsModelTests {
    private func run(_ jobs: [JobSpec], nodes: Int = 2, horizon: SimTime = .max) -> (RigidJobsModel, Simulation) {
        let sim = Simulation(seed: 1)
        let model = RigidJobsModel(simulation: sim, cluster: cluster(nodes), jobs: jobs, policy: FIFOScheduler())
        sim.run(until: horizon)
        return (model, sim)
    }

    /// Hand-computed: 2 nodes × 8 GPUs.
    /// a: 8 GPUs 0–100 s; b: 16 GPUs submitted at 10 s must wait for a → 100–150 s;
    /// c: 4 GPUs submitted at 20 s is behind b (FIFO, no overtaking) → 150–160 s.
    @Test func fifoGangScheduleMatchesHandComputation() {
        let (model, _) = run([
            JobSpec(id: "a", gpus: 8, submit: .zero, duration: .seconds(100)),
            JobSpec(id: "b", gpus: 16, submit: .seconds(10), duration: .seconds(50)),
            JobSpec(id: "c", gpus: 4, submit: .seconds(20), duration: .seconds(10)),
        ])
        let times = model.outcomes.map { [$0.start?.seconds, $0.end?.seconds] }
        #expect(times == [[0, 100], [100, 150], [150, 160]])
        #expect(model.outcomes.map(\.queueingDelay) == [.zero, .seconds(90), .seconds(130)])
        let metrics = Dictionary(uniqueKeysWithValues: model.metrics(end: .seconds(160)).map { ($0.name, $0.value) })
        #expect(metrics["jobs.finished"] == 3)
        #expect(metrics["jobs.makespan"] == 160)
        let expectedMeanJCT: Double = 380.0 / 3  // (100 + 140 + 140) / 3
        #expect(metrics["jobs.jct.mean"] == expectedMeanJCT)
        // Allocated GPU-seconds: 8×100 + 16×50 + 4×10 = 1640 of 16×160 = 2560.
        #expect(abs(metrics["gpu.allocation"]! - 1640.0 / 2560) < 1e-12)
    }

    @Test func simultaneousArrivalsRunInTraceOrder() {
        let (model, _) = run([
            JobSpec(id: "x", gpus: 12, submit: .zero, duration: .seconds(5)),
            JobSpec(id: "y", gpus: 8, submit: .zero, duration: .seconds(5)),
            JobSpec(id: "z", gpus: 4, submit: .zero, duration: .seconds(5)),
        ])
        #expect(model.outcomes.map(\.start) == [.zero, .seconds(5), .seconds(5)])
    }

    @Test func jobLargerThanTheClusterIsRejectedNotBlocking() {
        let (model, _) = run([
            JobSpec(id: "huge", gpus: 64, submit: .zero, duration: .seconds(5)),
            JobSpec(id: "ok", gpus: 8, submit: .seconds(1), duration: .seconds(5)),
        ])
        #expect(model.outcomes.map(\.state) == [.rejected, .finished])
    }

    @Test func horizonLeavesJobsUnfinished() {
        let (model, sim) = run([
            JobSpec(id: "long", gpus: 16, submit: .zero, duration: .hour),
            JobSpec(id: "next", gpus: 1, submit: .seconds(1), duration: .seconds(1)),
        ], horizon: .minute)
        #expect(sim.now == .minute)
        #expect(model.outcomes.map(\.state) == [.running, .queued])
        let metrics = model.metrics(end: sim.now)
        #expect(metrics.first { $0.name == "jobs.unfinished" }?.value == 2)
        #expect(metrics.first { $0.name == "gpu.allocation" }?.value == 1)
    }

    @Test func allocationEventsTrackTheCluster() {
        let sim = Simulation(seed: 1)
        var samples: [(SimTime, Int)] = []
        sim.bus.subscribe(GPUAllocationChanged.self) { e, t in samples.append((t, e.allocatedGPUs)) }
        _ = RigidJobsModel(simulation: sim, cluster: cluster(1), jobs: [
            JobSpec(id: "a", gpus: 2, submit: .zero, duration: .seconds(10)),
            JobSpec(id: "b", gpus: 4, submit: .seconds(5), duration: .seconds(10)),
        ], policy: FIFOScheduler())
        sim.run()
        #expect(samples.map(\.0) == [.zero, .seconds(5), .seconds(10), .seconds(15)])
        #expect(samples.map(\.1) == [2, 6, 4, 0])
    }
}
