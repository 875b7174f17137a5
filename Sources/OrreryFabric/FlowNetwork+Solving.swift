internal import CFlow
import OrreryKernel

extension FlowNetwork {
    /// Re-solves the rates of every part of the network changed since the last solve,
    /// settling the bytes of flows whose rate changes at `now`.
    /// - Returns: the number of regions re-solved (1 for a local repair, else one per
    ///   changed connected component; 0 if nothing changed).
    @discardableResult
    public func solve(at now: SimTime) throws(FlowError) -> Int {
        let solved = cflow_solve(model, now.nanoseconds)
        try check(solved)
        return Int(solved)
    }

    /// A flow's current rate in bytes/s (0 while stalled or before its first solve).
    public func rate(of flow: FlowID) throws(FlowError) -> Double {
        var rate = 0.0
        guard cflow_flow_rate(model, flow.raw, &rate) == 0 else {
            throw FlowError(kind: .unknownFlow, message: "unknown flow \(flow)")
        }
        return rate
    }

    /// A flow's bytes left at `time` (not before its last rate change), at its current rate.
    public func remainingBytes(of flow: FlowID, at time: SimTime) throws(FlowError) -> Double {
        var remaining = 0.0
        try check(cflow_flow_remaining(model, flow.raw, time.nanoseconds, &remaining))
        return remaining
    }

    /// The earliest time any flow completes at current rates; `nil` if none will.
    public var nextCompletion: SimTime? {
        let next = cflow_next_completion(model)
        return next == .max ? nil : SimTime(nanoseconds: next)
    }

    /// Removes and returns the flows complete at `now` (those whose completion time,
    /// rounded up to the next ns, is ≤ `now`). Their links are re-solved next solve.
    public func popCompleted(at now: SimTime) throws(FlowError) -> [FlowID] {
        var done: [FlowID] = []
        var buffer = [Int64](repeating: 0, count: 64)
        while true {
            let count = buffer.withUnsafeMutableBufferPointer { ids in
                cflow_pop_completed(model, now.nanoseconds, ids.baseAddress, Int32(ids.count))
            }
            try check(count)
            done.append(contentsOf: buffer.prefix(Int(count)).map(FlowID.init(raw:)))
            if count < buffer.count { return done }
        }
    }

    /// Checks the model's invariants (capacity, bottleneck, conservation, structure);
    /// throws ``FlowError/Kind/invariantViolated`` with the first violation. O(size).
    public func checkInvariants() throws(FlowError) {
        try check(cflow_check_invariants(model))
    }

    public var statistics: FlowNetworkStatistics {
        let stats = cflow_get_stats(model)
        return FlowNetworkStatistics(
            solves: stats.solves, componentsSolved: stats.components_solved,
            flowsResolved: stats.flows_resolved, flowsSettled: stats.flows_settled,
            localRepairs: stats.local_repairs, repairLinks: stats.repair_links,
            repairFallbacks: stats.repair_fallbacks)
    }
}
