import Testing
import OrreryKernel
@testable import OrreryScheduling

@Suite struct RunTimeModelTests {
    @Test func placementSlowdownCountsNodesAndLeaves() {
        let model = PlacementSlowdownRunTime(perExtraNode: 0.1, perExtraLeaf: 0.2, nodesPerLeaf: 2)
        let oneNode = Placement(shares: [.init(node: 0, gpus: [0, 1])])
        let twoNodesOneLeaf = Placement(shares: [.init(node: 0, gpus: [0]), .init(node: 1, gpus: [0])])
        let threeNodesTwoLeaves = Placement(shares: [.init(node: 0, gpus: [0]), .init(node: 1, gpus: [0]), .init(node: 2, gpus: [0])])
        #expect(model.slowdown(of: oneNode) == 1)
        #expect(abs(model.slowdown(of: twoNodesOneLeaf) - 1.1) < 1e-12)
        #expect(abs(model.slowdown(of: threeNodesTwoLeaves) - 1.4) < 1e-12)
    }

    /// 2 × 8 GPUs; every extra node doubles the run time (per-extra-node 1).
    /// low (16 GPUs, 100 s, class 0) spans both nodes from 0 at half pace; high (8 GPUs,
    /// 10 s, class 1) arrives at 50 and preempts it, low having done 25 s of its 100.
    /// high runs 50–60 on one node; low restarts at 60 on both nodes, its 75 s left take
    /// 150 s: it ends at 210.
    @Test func aSlowedJobKeepsItsProgressAcrossPreemption() {
        let jobs = [
            JobSpec(id: "low", gpus: 16, submit: .zero, duration: .seconds(100), priority: 0),
            JobSpec(id: "high", gpus: 8, submit: .seconds(50), duration: .seconds(10), priority: 1),
        ]
        let sim = Simulation(seed: 1)
        let model = RigidJobsModel(
            simulation: sim, cluster: policyCluster(2), jobs: jobs, policy: RankedPreemptiveScheduler(ranking: PriorityRanking()))
        model.runTimeModel = PlacementSlowdownRunTime(perExtraNode: 1, perExtraLeaf: 0)
        sim.run()
        #expect(model.outcomes.map { $0.end?.seconds } == [210, 60])
        #expect(model.outcomes.map(\.preemptions) == [1, 0])
    }

    @Test func gpuSpeedScalesByTheSlowestGPUOfThePlacement() {
        let cluster = ClusterState(nodes: [
            SchedulerNode(name: "slow", gpuType: "T4", gpus: 2, cpuMilli: 1, memoryMiB: 1),
            SchedulerNode(name: "fast", gpuType: "V100", gpus: 2, cpuMilli: 1, memoryMiB: 1),
        ])
        let model = GPUSpeedRunTime(speeds: ["t4": 1, "V100": 2], reference: "t4")
        let job = JobSpec(id: "j", gpus: 2, submit: .zero, duration: .seconds(100))
        #expect(model.runTime(of: job, on: Placement(shares: [.init(node: 1, gpus: [0, 1])]), in: cluster) == .seconds(50))
        #expect(model.runTime(of: job, on: Placement(shares: [.init(node: 0, gpus: [0])] + [.init(node: 1, gpus: [0])]), in: cluster) == .seconds(100))
    }

    static let gavelCluster = ClusterState(nodes: [
        SchedulerNode(name: "v", gpuType: "V100M16", gpus: 2, cpuMilli: 1, memoryMiB: 1),
        SchedulerNode(name: "p", gpuType: "P100", gpus: 2, cpuMilli: 1, memoryMiB: 1),
    ])

    /// ResNet-50 (batch 16) runs 17.374 steps/s on a V100 and 8.108 on a P100 (Gavel):
    /// 100 s of V100 time take 214.3 s on the P100. Unknown job types keep their duration.
    @Test func gavelThroughputsSlowJobsOnP100ByTheirOwnRatio() throws {
        let model = GavelThroughputRunTime()
        let resnet = JobSpec(id: "r", gpus: 1, submit: .zero, duration: .seconds(100), jobType: "ResNet-50 (batch size 16)")
        let onV100 = Placement(shares: [.init(node: 0, gpus: [0])]), onP100 = Placement(shares: [.init(node: 1, gpus: [0])])
        #expect(model.runTime(of: resnet, on: onV100, in: Self.gavelCluster) == .seconds(100))
        let slow = model.runTime(of: resnet, on: onP100, in: Self.gavelCluster).seconds
        #expect(abs(slow - 100 * 17.37438936466519 / 8.108348261420462) < 1e-6)
        var plain = resnet
        plain.jobType = nil
        #expect(model.runTime(of: plain, on: onP100, in: Self.gavelCluster) == .seconds(100))
        #expect(GavelThroughputs.Family(gpuType: "T4") == nil && GavelThroughputs.Family(gpuType: "tesla-v100-sxm2") == .v100)
        #expect(GavelThroughputs.p100StepsPerSecond.keys.sorted() == GavelThroughputs.jobTypes)
    }

    /// ResNet-50 gains 2.14× from a V100, Transformer (batch 256) 1.0×: with both in the
    /// workload the median is 2.14, so ResNet takes the V100 and Transformer the P100,
    /// even with both free.
    @Test func speedupAwarePlacementGivesV100sToJobsThatGainMost() throws {
        let resnet = JobSpec(id: "r", gpus: 1, submit: .zero, duration: .seconds(1), jobType: "ResNet-50 (batch size 16)")
        let transformer = JobSpec(id: "t", gpus: 1, submit: .zero, duration: .seconds(1), jobType: "Transformer (batch size 256)")
        let placement = SpeedupAwarePlacement(workload: [resnet, transformer])
        #expect(try #require(placement.place(resnet.request, in: Self.gavelCluster)).shares[0].node == 0)
        #expect(try #require(placement.place(transformer.request, in: Self.gavelCluster)).shares[0].node == 1)
        // When its preferred family is full, a job takes the other.
        var busy = Self.gavelCluster
        busy.allocate(Placement(shares: [.init(node: 1, gpus: [0, 1])]))
        #expect(try #require(placement.place(transformer.request, in: busy)).shares[0].node == 0)
    }
}
