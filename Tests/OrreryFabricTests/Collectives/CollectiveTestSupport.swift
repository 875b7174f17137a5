import OrreryFabric
import OrreryHardware
import OrreryKernel

/// A fresh simulation with a topology installed and a collective executor over it.
final class CollectiveBench {
    let simulation = Simulation(seed: 1)
    let network: NetworkSimulator
    let topology: Topology
    let collectives: FabricCollectives

    init(_ preset: TopologyPreset, nodes: Int) throws {
        topology = try preset.topology(nodes: nodes)
        network = NetworkSimulator(simulation: simulation)
        try topology.install(into: network)
        collectives = FabricCollectives(simulation: simulation, network: network, topology: topology)
    }

    /// Runs `collectives` started together at time 0; their completion times in order.
    func run(_ started: [Collective]) throws -> [SimTime] {
        var finished = [SimTime?](repeating: nil, count: started.count)
        for (index, collective) in started.enumerated() {
            try collectives.start(collective) { finished[index] = $0 }
        }
        simulation.run()
        return finished.map { $0 ?? .max }
    }

    /// Runs one collective alone; its completion time.
    func time(_ collective: Collective) throws -> SimTime { try run([collective])[0] }

    /// The ranks of `gpus` GPUs on `nodes` nodes (0 …), packed node by node.
    func packed(nodes: Int, gpus: Int) -> [Int] {
        (0..<nodes).flatMap { node in (0..<gpus).map { node * topology.gpusPerNode + $0 } }
    }
}

/// Bus bandwidth in GB/s (nccl-tests' definition) of a collective that took `time`.
func busBandwidthGBps(_ collective: Collective, _ time: SimTime) -> Double {
    collective.bytes / time.seconds * collective.kind.busBandwidthFactor(ranks: collective.ranks.count) / 1e9
}

/// Whether two times agree within `nanoseconds`.
func within(_ a: SimTime, _ b: SimTime, nanoseconds: Int64) -> Bool {
    abs(a.nanoseconds - b.nanoseconds) <= nanoseconds
}

/// `microseconds` µs + `milliseconds` ms as a time.
func time(milliseconds: Double = 0, microseconds: Double = 0) -> SimTime {
    SimTime(nanoseconds: Int64((milliseconds * 1e6 + microseconds * 1e3).rounded()))
}
