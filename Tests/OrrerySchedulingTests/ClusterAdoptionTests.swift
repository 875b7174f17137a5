import Testing
import OrreryKernel
@testable import OrreryScheduling

/// A pass's view taken on as the cluster (``ClusterState/adopt(_:released:allocated:)``)
/// must be the state the model reaches by releasing the pass's victims and then
/// allocating its starts, in everything a placement can read; where the order of the
/// changes decides which kinds a node counts, the view must be refused.
@Suite struct ClusterAdoptionTests {
    /// Every kind the test's placements have: shares of 100–900 milli-GPUs, whole GPUs.
    static let kinds = Array(stride(from: 100, through: 900, by: 100)) + (1...4).map { 1000 * $0 }

    /// What a placement may read of `cluster`, node by node, and its counts.
    static func readable(_ cluster: ClusterState) -> [String] {
        cluster.nodes.indices.map { node in
            let slots = cluster.nodes[node].kinds
            return "\(Array(cluster.freeMilli(of: node))) \(cluster.nodes[node].freeCount) \(slots.distinct) \(slots.others) "
                + "\(kinds.filter { slots.contains($0) })"
        } + ["\(cluster.changes) \(cluster.allocatedGPUs) \(cluster.allocatedMilliGPUs) \(cluster.usedGPUs)"]
    }

    /// Draws below `n` from stream `name` of `seed`.
    static func picker(seed: UInt64, _ name: String) -> (Int) -> Int {
        let random = RandomStreams(masterSeed: seed).stream(name)
        return { Int(random.uniformInt(below: UInt32($0))) }
    }

    /// `count` nodes of four A100s.
    static func a100s(_ count: Int) -> ClusterState {
        ClusterState(nodes: (0..<count).map { SchedulerNode(name: "n\($0)", gpuType: "A100", gpus: 4, cpuMilli: 1, memoryMiB: 1) })
    }

    /// A placement `view` (three nodes of four GPUs) can take, if the draw finds one: a
    /// share of one GPU, or whole free GPUs of a node.
    static func newPlacement(_ pick: (Int) -> Int, in view: ClusterState) -> Placement? {
        let node = pick(3)
        if pick(2) == 0 {
            let milli = kinds[pick(9)]
            let gpu = pick(4)
            guard view.freeMilli(of: node, gpu: gpu) >= milli else { return nil }
            return Placement(shares: [.init(node: node, gpus: [gpu])], gpuMilli: milli)
        }
        let gpus = 1 + pick(2)
        let free = view.freeGPUs(of: node, count: gpus)
        return free.count == gpus ? Placement(shares: [.init(node: node, gpus: free)]) : nil
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func adoptingAViewIsApplyingVictimsThenStarts(seed: UInt64) {
        let pick = Self.picker(seed: seed, "adoption")
        var cluster = Self.a100s(3)
        var held: [Placement] = []
        var adopted = 0, refused = 0
        for _ in 0..<400 {
            // The pass: victims leave; kept runs are released and taken back; starts.
            held = Self.shuffled(held, pick)
            let victims = Array(held.prefix(pick(min(3, held.count) + 1)))
            let kept = Array(held.dropFirst(victims.count).prefix(pick(3)))
            var view = cluster
            for placement in Self.shuffled(victims + kept, pick) { view.release(placement) }
            for placement in kept { view.allocate(placement) }
            var starts: [Placement] = []
            for _ in 0..<(1 + pick(4)) {
                guard let placement = Self.newPlacement(pick, in: view) else { continue }
                view.allocate(placement)
                starts.append(placement)
            }
            var applied = cluster
            for placement in victims { applied.release(placement) }
            for placement in starts { applied.allocate(placement) }
            var candidate = cluster
            if candidate.adopt(view, released: victims.count, allocated: starts.count) {
                adopted += 1
                #expect(Self.readable(candidate) == Self.readable(applied), "seed \(seed)")
            } else {
                refused += 1
                #expect(Self.readable(candidate) == Self.readable(cluster), "seed \(seed)")
            }
            cluster = applied
            held = Array(held.dropFirst(victims.count)) + starts
        }
        // Both ways were taken: nodes held more kinds than their slots at times.
        #expect(adopted > 50 && refused > 0, "seed \(seed): \(adopted) adopted, \(refused) refused")
    }

    /// `list` in an order drawn with `pick` (Fisher–Yates).
    static func shuffled(_ list: [Placement], _ pick: (Int) -> Int) -> [Placement] {
        var list = list
        for i in list.indices.reversed() { list.swapAt(i, pick(i + 1)) }
        return list
    }

    /// Holds a share of one GPU of a drawn kind on one of two nodes of `cluster` if it
    /// fits, and notes it in `held`.
    static func holdRandomShare(_ pick: (Int) -> Int, on cluster: inout ClusterState, held: inout [Placement]) {
        let node = pick(2), gpu = pick(4), milli = kinds[pick(kinds.count)]
        guard milli < ResourceRequest.wholeGPU, cluster.freeMilli(of: node, gpu: gpu) >= milli else { return }
        let share = Placement(shares: [.init(node: node, gpus: [gpu])], gpuMilli: milli)
        cluster.allocate(share)
        held.append(share)
    }

    /// Releases reach the same state in any order, also where nodes count jobs without
    /// their kind (``KindSlots``): the round lets its running jobs go in the order it
    /// finds them.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func releasesCommuteInAnyState(seed: UInt64) {
        let pick = Self.picker(seed: seed, "release-order")
        var cluster = Self.a100s(2)
        var held: [Placement] = []
        var compared = 0, overflowing = 0
        for _ in 0..<600 {
            Self.holdRandomShare(pick, on: &cluster, held: &held)
            guard held.count > 4, pick(4) == 0 else { continue }
            let leaving = Array(held.suffix(1 + pick(held.count - 1)))
            var forward = cluster, backward = cluster
            for placement in leaving { forward.release(placement) }
            for placement in leaving.reversed() { backward.release(placement) }
            compared += 1
            if cluster.nodes.contains(where: { $0.kinds.others > 0 }) { overflowing += 1 }
            #expect(Self.readable(forward) == Self.readable(backward), "seed \(seed)")
            cluster = forward
            held.removeLast(leaving.count)
        }
        #expect(compared > 10 && overflowing > 0, "seed \(seed): \(compared) comparisons, \(overflowing) with jobs counted without their kind")
    }

    /// A cluster that stops counting the kinds of job on nodes counts none from then on,
    /// and holds and releases placements exactly as one that counts them.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func aClusterNotCountingKindsHoldsTheSame(seed: UInt64) {
        let pick = Self.picker(seed: seed, "kinds-off")
        var counting = Self.a100s(3)
        var held: [Placement] = []
        for _ in 0..<20 { if let placement = Self.newPlacement(pick, in: counting) { counting.allocate(placement); held.append(placement) } }
        var silent = counting
        silent.stopCountingJobKinds()
        #expect(!silent.countsJobKinds && silent.nodes.allSatisfy { $0.kinds.isEmpty && $0.kinds.others == 0 })
        for step in 0..<400 {
            if pick(3) == 0, !held.isEmpty {
                let placement = held.remove(at: pick(held.count))
                counting.release(placement)
                silent.release(placement)
            } else if let placement = Self.newPlacement(pick, in: counting) {
                counting.allocate(placement)
                silent.allocate(placement)
                held.append(placement)
            }
            #expect(silent.nodes.allSatisfy { $0.kinds.isEmpty && $0.kinds.others == 0 }, "seed \(seed) step \(step)")
            #expect(Self.withoutKinds(silent) == Self.withoutKinds(counting), "seed \(seed) step \(step)")
        }
    }

    /// Everything of `cluster` but the kinds of job on its nodes.
    static func withoutKinds(_ cluster: ClusterState) -> [String] {
        cluster.nodes.indices.map { node in
            "\(cluster.freeMilli(of: node))/\(cluster.nodes[node].freeCount)/\(cluster.fullestNode(type: 0, free: 1) ?? -1)"
        } + ["\(cluster.allocatedGPUs) \(cluster.allocatedMilliGPUs) \(cluster.usedGPUs) \(cluster.changes)"]
    }

    /// A preemption trial made on the state itself and abandoned
    /// (``ClusterState/releaseForTrial(_:saving:)``, ``ClusterState/undoReleases(_:restoring:)``)
    /// leaves everything a placement reads as it was, also where nodes count jobs without
    /// their kind: taking the placements back alone may let a kind take another's slot.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func anAbandonedTrialLeavesNothingBehind(seed: UInt64) {
        let pick = Self.picker(seed: seed, "trial")
        var cluster = Self.a100s(2)
        var held: [Placement] = []
        var trials = 0, overflowing = 0
        for _ in 0..<600 {
            Self.holdRandomShare(pick, on: &cluster, held: &held)
            guard held.count > 4, pick(3) == 0 else { continue }
            var victims = Self.shuffled(held, pick)
            victims.removeLast(pick(victims.count))
            let before = Self.readable(cluster)
            var saved: [ClusterState.SavedKinds] = []
            for placement in victims { cluster.releaseForTrial(placement, saving: &saved) }
            cluster.undoReleases(victims, restoring: saved)
            trials += 1
            if cluster.nodes.contains(where: { $0.kinds.others > 0 }) { overflowing += 1 }
            #expect(Self.readable(cluster) == before, "seed \(seed)")
            if pick(2) == 0 {
                cluster.release(held.removeFirst())
            }
        }
        #expect(trials > 10 && overflowing > 0, "seed \(seed): \(trials) trials, \(overflowing) with jobs counted without their kind")
    }
}
