#if ORRERY_INTERNAL_CHECKS
extension CollectivePlanner {
    /// Checks what ``FabricCollectives`` relies on when it starts a plan's flows: every
    /// flow joins two distinct ranks of the group with a finite, positive byte count, and
    /// its tier says whether it stays inside a scale-up domain.
    func checkInvariants(_ plan: CollectivePlan) {
        var domainOfRank: [Int: Int] = [:]
        for (k, rank) in group.ranks.enumerated() { domainOfRank[rank] = group.domainOfMember[k] }
        precondition(plan.algorithm != .automatic, "a plan names the algorithm it used")
        for phase in plan.phases {
            precondition(phase.latency >= .zero, "negative phase latency \(phase.latency)")
            for flow in phase.flows {
                guard let a = domainOfRank[flow.source], let b = domainOfRank[flow.destination] else {
                    preconditionFailure("flow \(flow) leaves the group")
                }
                precondition(flow.source != flow.destination, "flow \(flow) goes nowhere")
                precondition(flow.bytes.isFinite && flow.bytes > 0, "flow \(flow) has no bytes to move")
                precondition((a == b) == (flow.tier == .scaleUp), "flow \(flow) has the wrong tier")
            }
        }
    }
}
#endif
