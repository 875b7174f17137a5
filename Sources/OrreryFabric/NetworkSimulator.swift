import OrreryKernel

/// Drives a ``FlowNetwork`` from the kernel's event loop.
///
/// - Batching: every change at one simulated instant (transfers starting, completions,
///   capacity changes) schedules at most one zero-delay solve event, so the network is
///   solved once per instant however many changes it saw.
/// - One event: the simulator keeps exactly one pending kernel event, at the network's
///   earliest completion, and moves it (cancel + schedule) only when a solve changes it.
/// - Latency: a transfer's bytes start flowing after the sum of its route's link
///   latencies; its bandwidth share is taken only from then on. This models the
///   first byte's propagation delay without holding bandwidth during it, and a transfer
///   completes at (total latency + time to push its bytes at the shares it gets).
///
/// Transfers can be cancelled, re-routed (around a failed link, say) and queried while
/// they run, through the ``TransferID`` that ``transfer(route:bytes:rateCap:weight:onComplete:)``
/// returns (NetworkSimulator+Transfers.swift).
public final class NetworkSimulator {
    let simulation: Simulation
    let network = FlowNetwork()
    /// Transfers not yet complete nor cancelled, and the transfer of each running flow.
    var transfers: [TransferID: Transfer] = [:]
    var transferOfFlow: [FlowID: TransferID] = [:]
    private var nextTransfer: UInt64 = 0
    private var solvePending = false
    private var completionEvent: EventHandle?
    private var completionTime: SimTime?

    public internal(set) var statistics = NetworkSimulatorStatistics()

    private static let solveTag = 0
    private static let completionTag = 1

    public init(simulation: Simulation) {
        self.simulation = simulation
    }

    /// Adds a link (bytes/s, finite, ≥ 0; latency ≥ 0).
    public func addLink(capacityBytesPerSecond: Double, latency: SimTime = .zero) throws(FlowError) -> LinkID {
        try network.addLink(capacityBytesPerSecond: capacityBytesPerSecond, latency: latency)
    }

    /// Changes a link's capacity now (0 stalls its flows until capacity returns).
    public func setCapacity(_ link: LinkID, bytesPerSecond: Double) throws(FlowError) {
        try network.setCapacity(link, bytesPerSecond: bytesPerSecond)
        scheduleSolve()
    }

    /// Starts a transfer now: after the route's latency its bytes flow, sharing
    /// bandwidth by weighted max-min fairness; `onComplete` runs at the simulated time
    /// its last byte arrives (never, if it is cancelled). Throws at once for a bad
    /// route, byte count, cap or weight.
    @discardableResult
    public func transfer(
        route: [LinkID], bytes: Double, rateCap: Double? = nil, weight: Double = 1,
        onComplete: @escaping (SimTime) -> Void
    ) throws(FlowError) -> TransferID {
        try network.validateFlow(route: route, bytes: bytes, rateCap: rateCap, weight: weight)
        let latency = try network.latency(of: route)
        let id = TransferID(serial: nextTransfer)
        nextTransfer += 1
        let request = Transfer.Request(route: route, bytes: bytes, rateCap: rateCap, weight: weight)
        if latency == .zero {
            transfers[id] = Transfer(phase: .flowing(startFlow(id, request)), onComplete: onComplete)
        } else {
            let start = simulation.schedule(after: latency) { [self] in
                guard case .waiting(_, let request)? = transfers[id]?.phase else { return }
                transfers[id]?.phase = .flowing(startFlow(id, request))
            }
            transfers[id] = Transfer(phase: .waiting(start, request), onComplete: onComplete)
        }
        return id
    }

    /// Starts a validated transfer's flow now.
    private func startFlow(_ id: TransferID, _ request: Transfer.Request) -> FlowID {
        do {
            let flow = try network.startFlow(
                route: request.route, bytes: request.bytes, rateCap: request.rateCap, weight: request.weight)
            transferOfFlow[flow] = id
            statistics.transfersStarted += 1
            scheduleSolve()
            return flow
        } catch {
            fatalError("NetworkSimulator: a validated transfer failed to start: \(error)")
        }
    }

    /// Transfers started and not yet complete (excluding those still in their latency).
    public var activeTransfers: Int { network.flowCount }

    /// The solver's own counters (components, flows re-solved).
    public var networkStatistics: FlowNetworkStatistics { network.statistics }

    /// Checks the network's invariants; for tests.
    public func checkInvariants() throws(FlowError) { try network.checkInvariants() }

    func scheduleSolve() {
        guard !solvePending else { return }
        solvePending = true
        simulation.schedule(at: simulation.now, handler: self, tag: Self.solveTag)
    }

    private func solve(at now: SimTime) {
        solvePending = false
        do { try network.solve(at: now) } catch { fatalError("NetworkSimulator: \(error)") }
        statistics.solves += 1
        #if ORRERY_INTERNAL_CHECKS
        checkInvariantsNow(after: statistics.solves)
        #endif
        let next = network.nextCompletion
        guard next != completionTime else { return }
        if let completionEvent { simulation.cancel(completionEvent) }
        completionTime = next
        completionEvent = next.map { simulation.schedule(at: $0, handler: self, tag: Self.completionTag) }
        if next != nil { statistics.completionEventsScheduled += 1 }
    }

    private func complete(at now: SimTime) {
        completionEvent = nil
        completionTime = nil
        let done: [FlowID]
        do { done = try network.popCompleted(at: now) } catch { fatalError("NetworkSimulator: \(error)") }
        // Re-solve (the finished flows freed bandwidth) after the callbacks, so transfers
        // they start at this instant join the same solve.
        scheduleSolve()
        // Every transfer done at this instant is complete before any callback runs, so a
        // callback cannot cancel or re-route one of them.
        let finished = done.compactMap { flow in transferOfFlow.removeValue(forKey: flow).flatMap { transfers.removeValue(forKey: $0) } }
        statistics.transfersCompleted += UInt64(finished.count)
        for transfer in finished { transfer.onComplete(now) }
    }
}

#if ORRERY_INTERNAL_CHECKS
extension NetworkSimulator {
    /// Debug builds check the model's invariants (I1–I5, docs/fabric.md) after solves
    /// 1, 2, 4, … and then every 1,024th: each check is O(network), so this costs a
    /// fraction of the solving however long the run.
    fileprivate func checkInvariantsNow(after solves: UInt64) {
        guard solves.nonzeroBitCount == 1 || solves.isMultiple(of: 1024) else { return }
        do { try network.checkInvariants() } catch {
            preconditionFailure("NetworkSimulator: solve \(solves) broke the flow model's invariants: \(error)")
        }
    }
}
#endif

extension NetworkSimulator: EventHandler {
    public func handleEvent(tag: Int, at time: SimTime) {
        if tag == Self.solveTag { solve(at: time) } else { complete(at: time) }
    }
}
