import OrreryKernel

/// A transfer of a ``NetworkSimulator``: waiting out its route's latency, or flowing.
struct Transfer {
    struct Request {
        var route: [LinkID]
        let bytes: Double
        let rateCap: Double?
        let weight: Double
    }

    enum Phase {
        /// Its bytes start flowing when the event fires.
        case waiting(EventHandle, Request)
        case flowing(FlowID)
    }

    var phase: Phase
    let onComplete: (SimTime) -> Void
}

extension NetworkSimulator {
    /// Stops a transfer now: its undelivered bytes are dropped, the bandwidth it held is
    /// shared out at this instant's solve, and its completion callback never runs.
    public func cancel(_ transfer: TransferID) throws(FlowError) {
        let phase = try self.phase(of: transfer)
        transfers[transfer] = nil
        switch phase {
        case .waiting(let start, _):
            simulation.cancel(start)
        case .flowing(let flow):
            transferOfFlow[flow] = nil
            try network.removeFlow(flow)
            scheduleSolve()
        }
        statistics.transfersCancelled += 1
    }

    /// Moves a transfer to a new route (around a failed link, say) now; it keeps the
    /// bytes it has left. A transfer still waiting out its latency keeps its start
    /// time and flows on the new route; a flowing one pays no latency again (the fluid
    /// model's bytes are already in flight).
    public func reroute(_ transfer: TransferID, route: [LinkID]) throws(FlowError) {
        switch try phase(of: transfer) {
        case .waiting(let start, var request):
            try network.validateFlow(route: route, bytes: request.bytes, rateCap: request.rateCap, weight: request.weight)
            request.route = route
            transfers[transfer]?.phase = .waiting(start, request)
        case .flowing(let flow):
            try network.reroute(flow, route: route)
            scheduleSolve()
        }
    }

    /// A transfer's rate in bytes/s as of the last solve (changes made at this instant
    /// take effect at its solve event): 0 while it waits out its latency.
    public func rate(of transfer: TransferID) throws(FlowError) -> Double {
        switch try phase(of: transfer) {
        case .waiting: 0
        case .flowing(let flow): try network.rate(of: flow)
        }
    }

    /// The bytes a transfer has yet to deliver, now.
    public func remainingBytes(of transfer: TransferID) throws(FlowError) -> Double {
        switch try phase(of: transfer) {
        case .waiting(_, let request): request.bytes
        case .flowing(let flow): try network.remainingBytes(of: flow, at: simulation.now)
        }
    }

    /// Whether a transfer is still running (neither complete nor cancelled).
    public func isRunning(_ transfer: TransferID) -> Bool { transfers[transfer] != nil }

    private func phase(of transfer: TransferID) throws(FlowError) -> Transfer.Phase {
        guard let found = transfers[transfer] else {
            throw FlowError(kind: .unknownFlow, message: "\(transfer) is complete, cancelled or unknown")
        }
        return found.phase
    }
}
