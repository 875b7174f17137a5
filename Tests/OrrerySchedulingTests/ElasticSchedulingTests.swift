import Testing
import OrreryKernel
@testable import OrreryScheduling

/// The `elastic` policy and the model's resizing: work conserved across resizes, sizes
/// within each job's range, a hand-checked gain over FIFO, and FIFO exactly on rigid jobs.
@Suite struct ElasticSchedulingTests {
    /// One node of `gpus` GPUs.
    static func node(_ gpus: Int) -> ClusterState {
        ClusterState(nodes: [SchedulerNode(name: "n", gpuType: "A100", gpus: gpus, cpuMilli: 1, memoryMiB: 1)])
    }

    func elastic(_ id: String, _ gpus: Int, min: Int, max: Int, at submit: Double, for duration: Double) -> JobSpec {
        JobSpec(id: id, gpus: gpus, submit: .seconds(submit), duration: .seconds(duration), minGPUs: min, maxGPUs: max)
    }

    func run(_ jobs: [JobSpec], cluster: ClusterState, policy: any SchedulingPolicy) -> RigidJobsModel {
        let sim = Simulation(seed: 1)
        let model = RigidJobsModel(simulation: sim, cluster: cluster, jobs: jobs, policy: policy)
        sim.run()
        return model
    }

    func elasticPolicy(serialFraction: Double, restartCost: Double = 0) -> ElasticScheduler {
        ElasticScheduler(
            preemption: PreemptionSettings(restartCost: .seconds(restartCost)), scaling: AmdahlScaling(serialFraction: serialFraction))
    }

    /// Amdahl's curve: 1 / (s + (1 − s)/n), relative to the requested size.
    @Test func amdahlSpeedIsRelativeToTheRequestedSize() {
        let curve = AmdahlScaling(serialFraction: 0.05)
        #expect(abs(curve.speed(8) - 1 / (0.05 + 0.95 / 8)) < 1e-12)
        #expect(curve.relativeSpeed(of: 4, reference: 4) == 1)
        #expect(abs(curve.relativeSpeed(of: 2, reference: 4) - 0.2875 / 0.525) < 1e-12)
        #expect(AmdahlScaling(serialFraction: 0).relativeSpeed(of: 2, reference: 4) == 0.5)
    }

    /// a (4 GPUs, 2…4, 100 s) runs alone on 4 GPUs; b (rigid, 2 GPUs, 10 s) arrives at
    /// 20 s: a shrinks to 2 (restart 5 s, then half speed with linear scaling), b runs
    /// 20–30; at 30 a grows back (restart 5 s). Work: 20 + (30 − 25)·0.5 = 22.5 s by 30,
    /// the remaining 77.5 s at full speed from 35: a ends at 112.5 s. GPU-seconds:
    /// 4·20 + 2·10 + 4·82.5 (a) + 2·10 (b) = 450.
    @Test func workIsConservedAcrossResizes() {
        let jobs = [elastic("a", 4, min: 2, max: 4, at: 0, for: 100), job("b", 2, at: 20, for: 10)]
        let model = run(jobs, cluster: Self.node(4), policy: elasticPolicy(serialFraction: 0, restartCost: 5))
        #expect(model.outcomes.map { [$0.start?.seconds, $0.end?.seconds] } == [[0, 112.5], [20, 30]])
        #expect(model.outcomes.map(\.preemptions) == [2, 0])
        let held = model.tenantGPUSeconds(until: .seconds(112.5))
        #expect(held.count == 1 && abs(held[0].seconds - 450) < 1e-9)
    }

    /// The same with the default curve (s = 0.05): at 2 of 4 GPUs a runs at
    /// speed(2)/speed(4) = 0.2875/0.525 of its pace, so it has done 20 + 5·that by 30 and
    /// ends at 35 + 80 − 5·0.2875/0.525.
    @Test func workIsConservedAtTheDefaultCurve() throws {
        let jobs = [elastic("a", 4, min: 2, max: 4, at: 0, for: 100), job("b", 2, at: 20, for: 10)]
        let model = run(jobs, cluster: Self.node(4), policy: elasticPolicy(serialFraction: 0.05, restartCost: 5))
        let end = try #require(model.outcomes[0].end?.seconds)
        #expect(abs(end - (115 - 5 * 0.2875 / 0.525)) < 1e-6)
    }

    /// A job's own serial fraction replaces the policy's, both for its pace and for the
    /// policy's growth decisions: `workIsConservedAcrossResizes` with the curves swapped
    /// ends as each curve says; and c of `waitingJobsStartSmallAndGrowIntoIdle` with
    /// s = 1 (no gain from more GPUs) never grows.
    @Test func jobsOwnSerialFractionOverridesThePolicys() throws {
        var a = elastic("a", 4, min: 2, max: 4, at: 0, for: 100)
        a.serialFraction = 0
        let linear = run([a, job("b", 2, at: 20, for: 10)], cluster: Self.node(4), policy: elasticPolicy(serialFraction: 0.05, restartCost: 5))
        #expect(linear.outcomes[0].end?.seconds == 112.5)
        a.serialFraction = 0.05
        let amdahl = run([a, job("b", 2, at: 20, for: 10)], cluster: Self.node(4), policy: elasticPolicy(serialFraction: 0, restartCost: 5))
        #expect(abs(try #require(amdahl.outcomes[0].end?.seconds) - (115 - 5 * 0.2875 / 0.525)) < 1e-6)
        var c = elastic("c", 4, min: 1, max: 6, at: 0, for: 100)
        c.serialFraction = 1
        let serial = run([job("a", 4, at: 0, for: 50), job("b", 2, at: 0, for: 500), c], cluster: Self.node(8), policy: elasticPolicy(serialFraction: 0))
        #expect(serial.outcomes[2].end?.seconds == 100)
        #expect(serial.outcomes[2].preemptions == 0)
    }

    /// FIFO keeps b (2 GPUs, 10 s, at 1 s) behind a (4 GPUs, 100 s): JCTs 100 and 109,
    /// mean 104.5 s. Elastic shrinks a to 2 GPUs at 1 s (no restart cost, linear scaling):
    /// b runs 1–11; a has done 1 + 10·0.5 = 6 s by 11, regrows and ends at 105: JCTs 105
    /// and 10, mean 57.5 s.
    @Test func elasticBeatsFIFOOnMeanJCT() {
        let jobs = [elastic("a", 4, min: 1, max: 4, at: 0, for: 100), job("b", 2, at: 1, for: 10)]
        func meanJCT(_ model: RigidJobsModel) -> Double {
            model.outcomes.map { ($0.end?.seconds ?? .infinity) - $0.spec.submit.seconds }.reduce(0, +) / 2
        }
        let fifo = run(jobs, cluster: Self.node(4), policy: FIFOScheduler())
        let resized = run(jobs, cluster: Self.node(4), policy: elasticPolicy(serialFraction: 0))
        #expect(meanJCT(fifo) == 104.5)
        #expect(meanJCT(resized) == 57.5)
        #expect(resized.outcomes.map { [$0.start?.seconds, $0.end?.seconds] } == [[0, 105], [1, 11]])
    }

    /// Waiting elastic jobs start at the largest size up to `gpus` that fits, and grow
    /// into what is left: c (min 1) takes the 2 GPUs a and b leave, then grows to 6 when
    /// a ends (its gain beats no restart cost).
    @Test func waitingJobsStartSmallAndGrowIntoIdle() {
        let jobs = [
            job("a", 4, at: 0, for: 50), job("b", 2, at: 0, for: 500),
            elastic("c", 4, min: 1, max: 6, at: 0, for: 100),
        ]
        let model = run(jobs, cluster: Self.node(8), policy: elasticPolicy(serialFraction: 0))
        // c: 2 GPUs (half speed) 0–50 does 25 s; 6 GPUs (1.5×) from 50 does 75 s in 50 s.
        #expect(model.outcomes[2].end?.seconds == 100)
        #expect(model.outcomes[2].preemptions == 1)
    }

    /// Only jobs on GPUs a waiting job can use are shrunk for it: w (2 A100s) shrinks e2
    /// (on the A100 node) and leaves e1 (on the H100 node) alone, although e1 has more
    /// GPUs above its minimum.
    @Test func shrinksOnlyJobsOnUsableGPUs() {
        let cluster = ClusterState(nodes: [
            SchedulerNode(name: "a", gpuType: "A100", gpus: 4, cpuMilli: 1, memoryMiB: 1),
            SchedulerNode(name: "h", gpuType: "H100", gpus: 4, cpuMilli: 1, memoryMiB: 1),
        ])
        var e1 = elastic("e1", 4, min: 1, max: 4, at: 0, for: 100)
        e1.gpuType = "H100"
        var e2 = elastic("e2", 4, min: 2, max: 4, at: 0, for: 100)
        e2.gpuType = "A100"
        var w = job("w", 2, at: 10, for: 10)
        w.gpuType = "A100"
        let model = run([e1, e2, w], cluster: cluster, policy: elasticPolicy(serialFraction: 0))
        #expect(model.outcomes.map(\.preemptions) == [0, 2, 0])
        #expect(model.outcomes[2].start?.seconds == 10)
    }

    /// Random elastic and rigid jobs on 16 GPUs: every start is within its job's range,
    /// every job finishes, and the cluster never holds more than it has (checked by the
    /// cluster state under internal checks).
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func sizesStayWithinEachJobsRange(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("elastic")
        var jobs: [JobSpec] = []
        var submit = 0.0
        for n in 0..<60 {
            submit += 1 + Double(random.uniformInt(below: 60))
            let gpus = 1 + Int(random.uniformInt(below: 8))
            let duration = 30 + Double(random.uniformInt(below: 600))
            if random.uniform() < 0.6 {
                let low = 1 + Int(random.uniformInt(below: UInt32(gpus)))
                let high = gpus + Int(random.uniformInt(below: 9))
                jobs.append(elastic("e\(n)", gpus, min: low, max: high, at: submit, for: duration))
            } else {
                jobs.append(job("r\(n)", gpus, at: submit, for: duration))
            }
        }
        let log = StartLog()
        let policy = RecordingElastic(
            inner: ElasticScheduler(
                preemption: PreemptionSettings(minimumRuntime: .seconds(Double(seed) * 10), restartCost: .seconds(3))),
            log: log)
        let model = run(jobs, cluster: ClusterState(nodes: [
            SchedulerNode(name: "a", gpuType: "A100", gpus: 8, cpuMilli: 1, memoryMiB: 1),
            SchedulerNode(name: "b", gpuType: "A100", gpus: 8, cpuMilli: 1, memoryMiB: 1),
        ]), policy: policy)
        #expect(model.outcomes.allSatisfy { $0.state == .finished })
        #expect(!log.starts.isEmpty)
        for (index, size) in log.starts {
            #expect(jobs[index].sizeRange.contains(size), "job \(jobs[index].id) ran on \(size) GPUs")
        }
        // Some job was resized (the test exercises resizing, not just FIFO starts).
        #expect(model.preemptionCount > 0)
    }

    /// A trace of rigid jobs: `elastic` is FIFO, start for start.
    @Test(arguments: [UInt64(1), 2, 3])
    func rigidTraceGivesFIFOsResults(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("rigid")
        var submit = 0.0
        let jobs = (0..<80).map { n -> JobSpec in
            submit += Double(random.uniformInt(below: 40))
            return job("j\(n)", 1 + Int(random.uniformInt(below: 12)), at: submit, for: 10 + Double(random.uniformInt(below: 900)))
        }
        let cluster = ClusterState(nodes: (0..<3).map { SchedulerNode(name: "n\($0)", gpuType: "A100", gpus: 8, cpuMilli: 1, memoryMiB: 1) })
        let fifo = run(jobs, cluster: cluster, policy: FIFOScheduler())
        let resized = run(jobs, cluster: cluster, policy: ElasticScheduler(preemption: PreemptionSettings(restartCost: .seconds(30))))
        #expect(fifo.outcomes == resized.outcomes)
        #expect(resized.preemptionCount == 0)
        #expect(fifo.tenantGPUSeconds(until: .seconds(1e6)).map(\.seconds) == resized.tenantGPUSeconds(until: .seconds(1e6)).map(\.seconds))
    }
}

/// The starts a policy made, as (job, GPUs).
final class StartLog: @unchecked Sendable {
    var starts: [(Int, Int)] = []
}

/// ``ElasticScheduler`` that logs the size of every start it plans.
struct RecordingElastic: ResizingPolicy {
    var inner: ElasticScheduler
    let log: StartLog
    var preemption: PreemptionSettings { inner.preemption }
    var scaling: AmdahlScaling { inner.scaling }

    func prepared(for jobs: [JobSpec]) -> any SchedulingPolicy {
        var copy = self
        if let prepared = inner.prepared(for: jobs) as? ElasticScheduler { copy.inner = prepared }
        return copy
    }

    func plan(queue: ArraySlice<PendingJob>, cluster: ClusterState, context: SchedulingContext) -> SchedulingPlan {
        let plan = inner.plan(queue: queue, cluster: cluster, context: context)
        log.starts += plan.start.map { ($0.job, $0.placement.gpuCount) }
        return plan
    }

    func nextReview(context: SchedulingContext) -> SimTime? { inner.nextReview(context: context) }
}
