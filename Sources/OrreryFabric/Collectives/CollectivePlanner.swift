import OrreryKernel

/// Expands a collective on a validated group into phases of flows.
///
/// Pipelined algorithms are one phase whose flows each carry everything that crosses
/// their link, so a group of n ranks makes O(n) flows however many steps the algorithm
/// has; the steps appear only in the phase's latency. Flows of zero bytes are left out.
struct CollectivePlanner {
    let group: CollectiveGroup
    let rates: CollectiveLinkRates
    let costModel: CollectiveCostModel

    var calibration: CollectiveCalibration { costModel.calibration }

    func plan(_ collective: Collective) throws(CollectiveError) -> CollectivePlan {
        let kind = collective.kind
        guard collective.algorithm.implements(kind) else {
            throw .unsupported(kind: kind, algorithm: collective.algorithm)
        }
        guard collective.bytes.isFinite, collective.bytes >= 0 else { throw .invalidSize(collective.bytes) }
        if kind == .sendRecv, group.count != 2 {
            throw .invalidGroup("send/recv needs exactly two ranks, sender first; got \(group.count)")
        }
        if collective.algorithm == .nvls { try NVLS.check(rates: rates, domains: group.domainCount) }
        let algorithm = try resolve(collective)
        var plan = CollectivePlan(kind: kind, algorithm: algorithm, phases: [])
        guard group.count > 1 else { return plan }
        let s = collective.bytes
        switch algorithm {
        case .ring, .automatic: plan.phases = [ring(kind, bytes: s)]
        case .tree: plan.phases = [try tree(bytes: s)]
        case .hierarchical: plan.phases = try hierarchical(kind, bytes: s)
        case .direct: plan.phases = [kind == .sendRecv ? sendRecv(bytes: s) : allToAll(bytes: s)]
        case .nvls: plan.phases = [nvls(bytes: s)]
        }
        #if ORRERY_INTERNAL_CHECKS
        checkInvariants(plan)
        #endif
        return plan
    }

    private func resolve(_ collective: Collective) throws(CollectiveError) -> CollectiveAlgorithm {
        guard collective.algorithm == .automatic else { return collective.algorithm }
        guard group.isRegular else {
            return [.allToAll, .sendRecv].contains(collective.kind) ? .direct : .ring
        }
        let shape = try group.regularShape(rates: rates, for: "choosing an algorithm")
        return costModel.resolvedAlgorithm(collective.kind, algorithm: .automatic, bytes: collective.bytes, shape: shape)
    }

    // MARK: Flows

    /// The tier of a flow between ranks of domains `a` and `b` (indices in the group).
    private func tier(betweenDomains a: Int, _ b: Int) -> CollectiveLinkTier { a == b ? .scaleUp : .scaleOut }

    private func append(
        _ flows: inout [CollectiveFlow], from source: Int, to destination: Int, payload: Double,
        tier: CollectiveLinkTier, factor: Double = 1, efficiency: Double? = nil
    ) {
        guard payload > 0 else { return }
        let bytes = payload / ((efficiency ?? rates.efficiency(tier)) * factor)
        flows.append(CollectiveFlow(source: source, destination: destination, bytes: bytes, tier: tier))
    }

    // MARK: Ring

    /// One pipelined phase. On a regular group NCCL runs one ring per position in a
    /// domain (channel `c` leaves each domain through the NIC of its `c`-th rank, which
    /// relays over NVLink as NCCL's PXN does), so every domain's NVLink cycle carries the
    /// per-link bytes and every rank's NIC carries 1/m of them to the same position of the
    /// next domain. An irregular group is one ring in group order. Broadcast leaves out
    /// the flows into the root.
    private func ring(_ kind: CollectiveKind, bytes s: Double) -> CollectivePhase {
        let n = group.count, d = group.domainCount
        let perLink = RingSteps.perLinkBytes(kind: kind, ranks: n, bytes: s)
        let root = kind == .broadcast ? group.ranks[0] : nil
        var flows: [CollectiveFlow] = []
        if group.isRegular {
            let m = group.ranksPerDomain
            flows.reserveCapacity(2 * n)
            if m > 1 {
                for domain in group.domains {
                    for j in 0..<m where domain[(j + 1) % m] != root {
                        append(&flows, from: domain[j], to: domain[(j + 1) % m], payload: perLink, tier: .scaleUp)
                    }
                }
            }
            if d > 1 {
                for i in 0..<d {
                    for c in 0..<m where group.domains[(i + 1) % d][c] != root {
                        append(&flows, from: group.domains[i][c], to: group.domains[(i + 1) % d][c],
                               payload: perLink / Double(m), tier: .scaleOut)
                    }
                }
            }
        } else {
            for k in 0..<n where group.ranks[(k + 1) % n] != root {
                let next = (k + 1) % n
                append(&flows, from: group.ranks[k], to: group.ranks[next], payload: perLink,
                       tier: tier(betweenDomains: group.domainOfMember[k], group.domainOfMember[next]))
            }
        }
        let latency = costModel.ringLatency(RingSteps(kind: kind, ranks: n, domains: d))
        return CollectivePhase(latency: latency, flows: flows)
    }

    // MARK: Tree

    /// NCCL's double binary tree, pipelined as one phase: one channel per position in a
    /// domain, each a chain through the domain from its head (the rank at that position)
    /// with the heads joined across domains by two binary trees carrying half the data
    /// each. Reduction up and broadcast down run at once on different chunks.
    private func tree(bytes s: Double) throws(CollectiveError) -> CollectivePhase {
        let shape = try group.regularShape(rates: rates, for: "the tree algorithm")
        let m = shape.ranksPerDomain, d = shape.domains
        let factor = calibration.treeBandwidthFactor
        var flows: [CollectiveFlow] = []
        flows.reserveCapacity(2 * group.count + 4 * (d - 1) * m)
        if m > 1 {
            // Channel c's chain is r[c], r[c+1], …, r[c−1]: each edge between neighbours is
            // in m−1 of the m chains, each carrying S/m (S/2m per tree), up and down.
            let chain = Double(m - 1) / Double(m) * s
            for domain in group.domains {
                for j in 0..<m {
                    append(&flows, from: domain[(j + 1) % m], to: domain[j], payload: chain, tier: .scaleUp, factor: factor)
                    append(&flows, from: domain[j], to: domain[(j + 1) % m], payload: chain, tier: .scaleUp, factor: factor)
                }
            }
        }
        if d > 1 {
            let trees = DoubleBinaryTree(count: d)
            let half = s / Double(2 * m)
            for t in 0..<2 {
                for child in 0..<d {
                    guard let parent = trees.parent(of: child, inTree: t) else { continue }
                    for c in 0..<m {
                        let a = group.domains[child][c], b = group.domains[parent][c]
                        append(&flows, from: a, to: b, payload: half, tier: .scaleOut, factor: factor)
                        append(&flows, from: b, to: a, payload: half, tier: .scaleOut, factor: factor)
                    }
                }
            }
        }
        return CollectivePhase(latency: costModel.treeLatency(ranksPerDomain: m, domains: d), flows: flows)
    }

    // MARK: Hierarchical

    /// Rings inside every domain and rings across domains between same-position ranks,
    /// one phase per stage (``HierarchicalStages``).
    private func hierarchical(_ kind: CollectiveKind, bytes s: Double) throws(CollectiveError) -> [CollectivePhase] {
        let shape = try group.regularShape(rates: rates, for: "the hierarchical algorithm")
        let m = shape.ranksPerDomain, d = shape.domains
        let c = calibration
        return HierarchicalStages(kind: kind, ranksPerDomain: m, domains: d, bytes: s).stages.map { stage in
            var flows: [CollectiveFlow] = []
            flows.reserveCapacity(group.count)
            if stage.tier == .scaleUp {
                for domain in group.domains {
                    for j in 0..<m {
                        append(&flows, from: domain[j], to: domain[(j + 1) % m], payload: stage.perLinkBytes, tier: .scaleUp)
                    }
                }
            } else {
                for i in 0..<d {
                    for p in 0..<m {
                        append(&flows, from: group.domains[i][p], to: group.domains[(i + 1) % d][p],
                               payload: stage.perLinkBytes, tier: .scaleOut)
                    }
                }
            }
            let step = stage.tier == .scaleUp ? c.ringScaleUpStepLatency : c.ringScaleOutStepLatency
            return CollectivePhase(latency: c.ringBaseLatency + step.scaled(by: Int64(stage.steps)), flows: flows)
        }
    }

    // MARK: NVLS

    /// One phase in the single domain: every GPU's NVLink up and down links carry
    /// S (n + 1) / n (``NVLS``). The switch's traffic is drawn as flows from each rank to
    /// the next over the (non-blocking) switch, which loads every link exactly so.
    private func nvls(bytes s: Double) -> CollectivePhase {
        let ranks = group.ranks, n = ranks.count
        var flows: [CollectiveFlow] = []
        flows.reserveCapacity(n)
        for k in 0..<n {
            append(&flows, from: ranks[k], to: ranks[(k + 1) % n], payload: NVLS.perLinkBytes(ranks: n, bytes: s),
                   tier: .scaleUp, efficiency: rates.inSwitchReductionEfficiency)
        }
        return CollectivePhase(latency: calibration.nvlsLatency, flows: flows)
    }

    // MARK: Direct

    private func directLatency(_ tier: CollectiveLinkTier) -> SimTime {
        calibration.ringBaseLatency
            + (tier == .scaleUp ? calibration.ringScaleUpStepLatency : calibration.ringScaleOutStepLatency)
    }

    private func sendRecv(bytes s: Double) -> CollectivePhase {
        let t = tier(betweenDomains: group.domainOfMember[0], group.domainOfMember[1])
        var flows: [CollectiveFlow] = []
        append(&flows, from: group.ranks[0], to: group.ranks[1], payload: s, tier: t)
        return CollectivePhase(latency: directLatency(t), flows: flows)
    }

    /// Every rank sends S/n to every other rank. Inside a domain that is one flow per
    /// pair; towards another domain a rank sends all it has for that domain in one flow
    /// to the rank at its own position there (its rail), which forwards over NVLink —
    /// the forwarding is not modelled (it carries at most a NIC's rate on links many
    /// times faster). That keeps the flow count at n(m − 1) + n(d − 1).
    private func allToAll(bytes s: Double) -> CollectivePhase {
        let n = group.count, d = group.domainCount
        let share = s / Double(n)
        var flows: [CollectiveFlow] = []
        for domain in group.domains {
            for a in domain {
                for b in domain where b != a {
                    append(&flows, from: a, to: b, payload: share, tier: .scaleUp)
                }
            }
        }
        if d > 1 {
            for k in 0..<n {
                let own = group.domainOfMember[k], position = group.positionOfMember[k]
                for other in 0..<d where other != own {
                    let target = group.domains[other]
                    append(&flows, from: group.ranks[k], to: target[position % target.count],
                           payload: Double(target.count) * share, tier: .scaleOut)
                }
            }
        }
        return CollectivePhase(latency: directLatency(d > 1 ? .scaleOut : .scaleUp), flows: flows)
    }
}
