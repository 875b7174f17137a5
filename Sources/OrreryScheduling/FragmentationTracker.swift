import OrreryKernel

/// Follows the cluster's fragmentation (``TargetWorkload``) through a run: each node's
/// F_n(M) is recomputed only when the node changes, and the total is integrated over
/// time for the summary metrics.
struct FragmentationTracker {
    let workload: TargetWorkload
    /// F_n(M) per node and their sum, in milli-GPUs.
    private var perNode: [Double]
    private(set) var total: Double = 0
    /// ∫ total dt (milli-GPU·ns), ∫ total/free dt over the time with free capacity
    /// (ns), that time (ns), and the largest total seen.
    private var fragmentedTime: Double = 0
    private var rateTime: Double = 0
    private var timeWithFree: Double = 0
    private var maximum: Double = 0
    private var lastChange: SimTime = .zero
    private var freeMilli: Int

    init(workload: TargetWorkload, cluster: ClusterState) {
        self.workload = workload
        perNode = cluster.nodes.indices.map { workload.fragmentation(of: $0, in: cluster) }
        total = perNode.reduce(0, +)
        maximum = total
        freeMilli = cluster.totalGPUs * ResourceRequest.wholeGPU - cluster.allocatedMilliGPUs
    }

    /// Recomputes the nodes in `changed` (repeats allowed) at `now`; true if the total moved.
    mutating func refresh(_ changed: [Int], cluster: ClusterState, now: SimTime) -> Bool {
        integrate(until: now)
        let old = total
        for node in Set(changed).sorted() {
            let value = workload.fragmentation(of: node, in: cluster)
            total += value - perNode[node]
            perNode[node] = value
        }
        // The running sum can keep a rounding residue once every node is empty again.
        if abs(total) < 1e-9 { total = 0 }
        freeMilli = cluster.totalGPUs * ResourceRequest.wholeGPU - cluster.allocatedMilliGPUs
        maximum = Swift.max(maximum, total)
        return total != old
    }

    private mutating func integrate(until now: SimTime) {
        let span = Double((now - lastChange).nanoseconds)
        fragmentedTime += total * span
        if freeMilli > 0 {
            rateTime += total / Double(freeMilli) * span
            timeWithFree += span
        }
        lastChange = now
    }

    /// `gpu.fragmented.mean` and `.max` (GPUs) and `gpu.fragmentation.mean` (ratio) over
    /// [0, end].
    func metrics(end: SimTime) -> [Metric] {
        var copy = self
        copy.integrate(until: Swift.max(end, lastChange))
        let span = Double(Swift.max(end, lastChange).nanoseconds)
        let whole = Double(ResourceRequest.wholeGPU)
        return [
            Metric("gpu.fragmented.mean", span > 0 ? copy.fragmentedTime / span / whole : total / whole, unit: "GPUs"),
            Metric("gpu.fragmented.max", maximum / whole, unit: "GPUs"),
            Metric("gpu.fragmentation.mean", copy.timeWithFree > 0 ? copy.rateTime / copy.timeWithFree : 0, unit: "ratio"),
        ]
    }
}
