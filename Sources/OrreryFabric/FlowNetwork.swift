internal import CFlow
import OrreryKernel

/// A flow-level network model: links with a capacity and a latency, flows that share
/// them under weighted max-min fairness. A thin owner of the C model in `CFlow`
/// (docs/fabric.md has the algorithm); no C type appears in this API.
///
/// Changes (new, removed or re-routed flows, capacity changes) take effect at the next
/// ``solve(at:)``, which re-solves only the parts of the network they touch. Times
/// given to ``solve(at:)`` and ``popCompleted(at:)`` must not decrease.
///
/// Not thread-safe: one simulation drives one network.
public final class FlowNetwork {
    let model: OpaquePointer

    public init() {
        guard let model = cflow_create() else { fatalError("CFlow: out of memory creating a model") }
        self.model = model
    }

    deinit { cflow_destroy(model) }

    /// Converts a CFlow status into a thrown ``FlowError`` carrying the model's message.
    func check(_ status: Int32) throws(FlowError) {
        guard status < 0 else { return }
        let kind: FlowError.Kind =
            switch status {
            case CFLOW_EUNKNOWN_LINK.rawValue: .unknownLink
            case CFLOW_EUNKNOWN_FLOW.rawValue: .unknownFlow
            case CFLOW_EEMPTY_ROUTE.rawValue: .emptyRoute
            case CFLOW_ENOMEM.rawValue: .outOfMemory
            case CFLOW_ETIME.rawValue: .timeWentBack
            case CFLOW_EINVARIANT.rawValue: .invariantViolated
            default: .invalidValue
            }
        throw FlowError(kind: kind, message: String(cString: cflow_last_error(model)))
    }

    /// Adds a link.
    /// - Parameters:
    ///   - capacityBytesPerSecond: finite and ≥ 0 (0 models a failed link).
    ///   - latency: ≥ 0; the model only stores it (``NetworkSimulator`` delays a
    ///     transfer's start by its route's total latency).
    public func addLink(capacityBytesPerSecond: Double, latency: SimTime = .zero) throws(FlowError) -> LinkID {
        var link: Int32 = 0
        try check(cflow_add_link(model, capacityBytesPerSecond, latency.nanoseconds, &link))
        return LinkID(index: link)
    }

    /// Changes a link's capacity (bytes/s, finite, ≥ 0). At 0 its flows stall (rate 0,
    /// no completion) until capacity returns. Takes effect at the next solve.
    public func setCapacity(_ link: LinkID, bytesPerSecond: Double) throws(FlowError) {
        try check(cflow_set_link_capacity(model, link.index, bytesPerSecond))
    }

    /// A link's capacity in bytes/s.
    public func capacity(of link: LinkID) throws(FlowError) -> Double {
        var capacity = 0.0
        guard cflow_link_capacity(model, link.index, &capacity) == 0 else {
            throw FlowError(kind: .unknownLink, message: "unknown link \(link.index)")
        }
        return capacity
    }

    /// The sum of the latencies of a route's links (saturating). Throws for an empty
    /// route or an unknown link.
    public func latency(of route: [LinkID]) throws(FlowError) -> SimTime {
        var total: Int64 = 0
        let indices = route.map(\.index)
        try check(cflow_route_latency(model, indices, Int32(clamping: indices.count), &total))
        return SimTime(nanoseconds: total)
    }

    public var linkCount: Int { Int(cflow_link_count(model)) }
    public var flowCount: Int { Int(cflow_flow_count(model)) }

    /// The network's clock: the latest time given to ``solve(at:)`` or ``popCompleted(at:)``.
    public var clock: SimTime { SimTime(nanoseconds: cflow_clock(model)) }
}
