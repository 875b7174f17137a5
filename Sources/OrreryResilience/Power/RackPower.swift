/// Racks of a job's nodes, when the cluster models them: how many nodes share a rack and
/// an optional cap on the rack's IT power. Every rack of a job is in the same phase at the
/// same instant (the job runs in lockstep), so one rack's power stands for all of them.
public struct RackPower: Sendable, Equatable {
    /// Nodes per rack (2 DGX H100 per rack in Meta's Llama 3 cluster; 18 compute trays in
    /// a GB200 NVL72 rack).
    public var nodesPerRack: Int
    /// The most IT watts one rack may draw; nil for no rack cap.
    public var capWatts: Double?

    public init(nodesPerRack: Int, capWatts: Double? = nil) throws(ResilienceError) {
        guard nodesPerRack >= 1 else {
            throw .invalidParameter(name: "power.racks.nodes", value: "\(nodesPerRack)", expected: "at least 1")
        }
        if let capWatts, !(capWatts.isFinite && capWatts > 0) {
            throw .invalidParameter(name: "power.racks.cap", value: "\(capWatts)", expected: "> 0 W")
        }
        self.nodesPerRack = nodesPerRack
        self.capWatts = capWatts
    }
}
