internal import CFlow
import OrreryKernel

extension FlowNetwork {
    /// Checks a flow's parameters as ``startFlow(route:bytes:rateCap:weight:)`` would,
    /// without starting it (so a delayed start cannot fail later).
    public func validateFlow(route: [LinkID], bytes: Double, rateCap: Double? = nil, weight: Double = 1)
        throws(FlowError)
    {
        let indices = route.map(\.index)
        try check(
            cflow_validate_flow(
                model, indices, Int32(clamping: indices.count), bytes, try capArgument(rateCap), weight))
    }

    /// Starts a flow at the network's ``clock``; its rate is 0 until the next solve.
    /// - Parameters:
    ///   - route: the links it crosses, in order; non-empty, no link twice.
    ///   - bytes: finite and ≥ 0; a zero-byte flow completes at once.
    ///   - rateCap: bytes/s, positive; `nil` for none (the flow's own limit, e.g. a NIC
    ///     or a sender's pacing).
    ///   - weight: its share relative to other flows on a bottleneck; finite, > 0.
    public func startFlow(route: [LinkID], bytes: Double, rateCap: Double? = nil, weight: Double = 1)
        throws(FlowError) -> FlowID
    {
        let indices = route.map(\.index)
        var flow: Int64 = 0
        try check(
            cflow_add_flow(
                model, indices, Int32(clamping: indices.count), bytes, try capArgument(rateCap), weight,
                cflow_clock(model), &flow))
        return FlowID(raw: flow)
    }

    /// Removes a flow; its undelivered bytes are dropped. Takes effect at the next solve.
    public func removeFlow(_ flow: FlowID) throws(FlowError) {
        try check(cflow_remove_flow(model, flow.raw))
    }

    /// Moves a flow to a new route; it keeps its bytes (and its rate until the next solve).
    public func reroute(_ flow: FlowID, route: [LinkID]) throws(FlowError) {
        let indices = route.map(\.index)
        try check(cflow_reroute_flow(model, flow.raw, indices, Int32(clamping: indices.count)))
    }

    /// The C model reads any cap ≤ 0 as "none", so a non-positive cap must be refused here.
    private func capArgument(_ rateCap: Double?) throws(FlowError) -> Double {
        guard let rateCap else { return CFLOW_NO_CAP }
        guard rateCap > 0 else {
            throw FlowError(kind: .invalidValue, message: "flow rate cap must be > 0 bytes/s, got \(rateCap)")
        }
        return rateCap
    }
}
