import OrreryFabric
import OrreryHardware
import OrreryKernel
import OrreryStorage

extension TrainingRunConfiguration {
    /// The validation scenario: Llama 3 405B on 16,384 H100s (2,048 DGX H100-class nodes,
    /// two per top-of-rack leaf) for 54 days with the `llama3-h100-2024` failure preset and
    /// automated recovery: detection lognormal (median 2 min), teardown 1 min,
    /// re-initialisation lognormal (median 5 min), 64 warm spares, asynchronous
    /// checkpoints of 14 B/parameter to a 2 TB/s parallel file system at the Daly interval.
    public static func llama3_405B_54Days(recordPowerSeries: Bool = false) throws(ResilienceError) -> TrainingRunConfiguration {
        guard let node = HardwareCatalogue.builtIn.node(named: "DGX-H100") else {
            throw .invalidParameter(name: "node", value: "DGX-H100", expected: "a built-in catalogue node")
        }
        let profile = TrainingRunProfile.llama3_405B
        let topology: Topology
        do {
            topology = try Topology(nodes: profile.nodeCount, node: node, scaleOut: .leafSpine(portsPerLeaf: 16))
        } catch {
            throw .invalidParameter(name: "topology", value: "\(error)", expected: "a buildable leaf-spine topology")
        }
        return try TrainingRunConfiguration(
            profile: profile, inventory: FailureInventory(profile: profile, topology: topology),
            failures: .llama3H100_2024, recovery: RecoveryPolicy(), checkpoint: CheckpointPolicy(),
            storage: .llama3Tectonic, power: PowerModel(node: node), cost: CostModel(),
            horizon: SimTime.day.scaled(by: 54), recordPowerSeries: recordPowerSeries)
    }
}
