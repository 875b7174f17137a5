/// A link of a ``FlowNetwork``: an index handed out by ``FlowNetwork/addLink(capacityBytesPerSecond:latency:)``.
/// Links are never removed, so a link id stays valid for the network's lifetime.
public struct LinkID: Hashable, Sendable, CustomStringConvertible {
    /// The link's index in its network (0, 1, 2, … in order of creation).
    public let index: Int32

    init(index: Int32) { self.index = index }

    public var description: String { "link#\(index)" }
}

/// A flow of a ``FlowNetwork``. The id carries a generation, so it stays invalid after
/// its flow completes or is removed, even when the model reuses the flow's storage.
public struct FlowID: Hashable, Sendable, CustomStringConvertible {
    let raw: Int64

    init(raw: Int64) { self.raw = raw }

    public var description: String { "flow#\(raw & 0xffff_ffff).\(raw >> 32)" }
}

/// A transfer started by ``NetworkSimulator/transfer(route:bytes:rateCap:weight:onComplete:)``,
/// valid until it completes or is cancelled (ids are never reused).
public struct TransferID: Hashable, Sendable, CustomStringConvertible {
    let serial: UInt64

    public var description: String { "transfer#\(serial)" }
}
