import OrreryKernel

/// Runs a trace of rigid jobs on a cluster under a scheduling policy.
///
/// Jobs arrive at their submit times and wait in arrival order; whenever jobs arrive or
/// finish, the policy decides which waiting jobs start. A job that could never fit (more
/// GPUs of its type than the cluster holds) is rejected on arrival instead of blocking
/// the queue forever.
public final class RigidJobsModel {
    public private(set) var cluster: ClusterState
    public private(set) var outcomes: [JobOutcome]
    private let policy: any SchedulingPolicy
    /// Unowned: the simulation's pending events keep this model alive, not the reverse,
    /// so dropping the simulation frees both without a cycle.
    private unowned let simulation: Simulation
    /// Waiting jobs in arrival order: `queue[queueHead...]`. Started jobs at the front
    /// (FIFO's usual case) are dropped by advancing the head, so a long queue costs
    /// nothing per pass; the storage is compacted when the dead prefix dominates.
    private var queue: [PendingJob] = []
    private var queueHead = 0
    private var placements: [Placement?]
    /// Jobs holding GPUs, by expected end (ties: index), for policies that plan ahead.
    private var running: [RunningJob] = []
    /// One scheduling pass per instant: arrivals and completions at the same time are
    /// all seen before any decision, so results do not depend on their event order.
    private var passScheduled = false
    /// Allocated GPU-nanoseconds so far, for the time-weighted allocation metric.
    private var allocatedGPUTime: Double = 0
    private var lastAllocationChange: SimTime = .zero
    private var lastPublishedAllocation = 0
    /// Tenant usage for policies that ask for it (``SchedulingPolicy/tenantUsageHalfLife``):
    /// finished jobs' decayed GPU-seconds per tenant, as of `asOf`.
    private let usageHalfLife: SimTime?
    private var finishedUsage: [String: (value: Double, asOf: SimTime)] = [:]

    public init(simulation: Simulation, cluster: ClusterState, jobs: [JobSpec], policy: any SchedulingPolicy) {
        self.simulation = simulation
        self.cluster = cluster
        self.policy = policy
        usageHalfLife = policy.tenantUsageHalfLife
        outcomes = jobs.map { JobOutcome(spec: $0, state: .queued, start: nil, end: nil, placement: "") }
        placements = Array(repeating: nil, count: jobs.count)
        for (index, job) in jobs.enumerated() {
            simulation.schedule(at: job.submit) { self.arrive(index) }
        }
    }

    private func arrive(_ index: Int) {
        let spec = outcomes[index].spec
        if spec.gpus > cluster.capacity(gpuType: spec.gpuType) {
            outcomes[index].state = .rejected
            simulation.publish(JobChanged(outcome: outcomes[index]))
            return
        }
        queue.append(PendingJob(index: index, spec: spec))
        requestPass()
    }

    private func finish(_ index: Int) {
        guard let placement = placements[index] else { return }
        accumulateAllocation()
        cluster.release(placement)
        placements[index] = nil
        if let position = running.firstIndex(where: { $0.index == index }) { running.remove(at: position) }  // near the front: it ends first
        outcomes[index].state = .finished
        outcomes[index].end = simulation.now
        if let halfLife = usageHalfLife, let start = outcomes[index].start {
            let spec = outcomes[index].spec
            let now = simulation.now
            let old = finishedUsage[spec.tenant].map { DecayedUsage.decay($0.value, over: now - $0.asOf, halfLife: halfLife) } ?? 0
            finishedUsage[spec.tenant] = (
                old + DecayedUsage.gpuSeconds(gpus: spec.gpus, from: start, to: now, at: now, halfLife: halfLife), now
            )
        }
        simulation.publish(JobChanged(outcome: outcomes[index]))
        requestPass()
    }

    private func requestPass() {
        guard !passScheduled else { return }
        passScheduled = true
        simulation.schedule(at: simulation.now) { self.schedulingPass() }
    }

    private func schedulingPass() {
        passScheduled = false
        var context = SchedulingContext(now: simulation.now, running: running)
        if let halfLife = usageHalfLife { context.tenantUsage = tenantUsage(at: simulation.now, halfLife: halfLife) }
        let decisions = policy.decide(queue: queue[queueHead...], cluster: cluster, context: context)
        if !decisions.isEmpty { accumulateAllocation() }
        for (index, placement) in decisions {
            cluster.allocate(placement)
            placements[index] = placement
            outcomes[index].state = .running
            outcomes[index].start = simulation.now
            outcomes[index].placement = placement.summary(in: cluster)
            simulation.publish(JobChanged(outcome: outcomes[index]))
            let spec = outcomes[index].spec
            RunningJob.insert(
                RunningJob(index: index, gpus: spec.gpus, gpuType: spec.gpuType, expectedEnd: simulation.now + spec.duration),
                into: &running)
            simulation.schedule(after: spec.duration) { self.finish(index) }
        }
        removeFromQueue(decisions.map(\.job))
        if cluster.allocatedGPUs != lastPublishedAllocation {
            lastPublishedAllocation = cluster.allocatedGPUs
            simulation.publish(GPUAllocationChanged(allocatedGPUs: cluster.allocatedGPUs, totalGPUs: cluster.totalGPUs))
        }
    }

    private func removeFromQueue(_ started: [Int]) {
        guard !started.isEmpty else { return }
        let isPrefix = started.count <= queue.count - queueHead
            && zip(started, queue[queueHead...]).allSatisfy { $0 == $1.index }
        if isPrefix {
            queueHead += started.count
        } else {
            let startedSet = Set(started)
            queue.removeSubrange(..<queueHead)
            queueHead = 0
            queue.removeAll { startedSet.contains($0.index) }
        }
        if queueHead > 1024 && queueHead * 2 > queue.count {
            queue.removeSubrange(..<queueHead)
            queueHead = 0
        }
    }

    /// Every tenant's usage at `now`: finished jobs' decayed usage plus running jobs'
    /// GPU-time so far, decayed the same way.
    private func tenantUsage(at now: SimTime, halfLife: SimTime) -> [String: Double] {
        var usage: [String: Double] = [:]
        for (tenant, entry) in finishedUsage {
            usage[tenant] = DecayedUsage.decay(entry.value, over: now - entry.asOf, halfLife: halfLife)
        }
        for job in running {
            guard let start = outcomes[job.index].start else { continue }
            usage[outcomes[job.index].spec.tenant, default: 0] +=
                DecayedUsage.gpuSeconds(gpus: job.gpus, from: start, to: now, at: now, halfLife: halfLife)
        }
        return usage
    }

    private func accumulateAllocation() {
        allocatedGPUTime += Double(cluster.allocatedGPUs) * Double((simulation.now - lastAllocationChange).nanoseconds)
        lastAllocationChange = simulation.now
    }

    /// GPU-seconds allocated from time zero to `end` (no earlier than the last change).
    public func allocatedGPUSeconds(until end: SimTime) -> Double {
        (allocatedGPUTime + Double(cluster.allocatedGPUs) * Double(Swift.max(.zero, end - lastAllocationChange).nanoseconds)) / 1e9
    }
}
