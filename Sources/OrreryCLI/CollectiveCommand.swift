import ArgumentParser
import Foundation
import OrreryFabric
import OrreryHardware
import OrreryKernel

/// `orrery collective`: an nccl-tests-style sweep of one collective over message sizes,
/// simulated on a fabric preset, so planners can compare fabrics and algorithms.
struct CollectiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collective",
        abstract: "Simulate a collective over a range of sizes and print an nccl-tests-style table.",
        discussion: """
            Each size runs alone on an idle fabric. busbw = algbw × factor, as nccl-tests \
            defines it (all-reduce 2(n−1)/n; reduce-scatter, all-gather, all-to-all \
            (n−1)/n; broadcast, send-recv 1). Presets: \(TopologyPreset.allCases.map(\.rawValue).joined(separator: ", ")). \
            See docs/fabric.md, "Collectives".
            """)

    @Option(help: "A fabric preset.")
    var preset: String

    @Option(parsing: .unconditional, help: "Number of nodes.")
    var nodes: Int

    @Option(help: "Replace the preset's node type with this catalogue node.")
    var nodeType: String?

    @Option(help: "The collective: \(CollectiveKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: String = CollectiveKind.allReduce.rawValue

    @Option(help: "The algorithm: \(CollectiveAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")).")
    var algorithm: String = CollectiveAlgorithm.automatic.rawValue

    @Option(parsing: .unconditional, help: "GPUs in the group (default: every GPU, or one per node with --placement one-per-node).")
    var gpus: Int?

    @Option(help: "Which GPUs form the group: packed (fill nodes in order) or one-per-node (GPU 0 of each node).")
    var placement: String = "packed"

    @Option(help: "Smallest size in bytes; units K, M, G (powers of 1024) are accepted.")
    var minBytes: String = "8"

    @Option(help: "Largest size in bytes; units K, M, G.")
    var maxBytes: String = "8G"

    @Option(help: "Multiply the size by this much per row (> 1).")
    var stepFactor: Double = 2

    func validate() throws {
        guard (1...100_000).contains(nodes) else { throw ValidationError("--nodes must be from 1 to 100,000") }
        _ = try design()
        _ = try node()
        _ = try collectiveKind()
        _ = try collectiveAlgorithm()
        let (low, high) = (try Self.bytes(minBytes, flag: "--min-bytes"), try Self.bytes(maxBytes, flag: "--max-bytes"))
        guard low <= high else { throw ValidationError("--min-bytes (\(minBytes)) must not exceed --max-bytes (\(maxBytes))") }
        guard stepFactor.isFinite, stepFactor > 1 else { throw ValidationError("--step-factor must be a number > 1") }
        guard placement == "packed" || placement == "one-per-node" else {
            throw ValidationError("--placement must be packed or one-per-node, not '\(placement)'")
        }
        if let gpus, gpus < 2 { throw ValidationError("--gpus must be at least 2: a collective needs two GPUs") }
    }

    func run() throws {
        let spec = try node()
        let preset = try design()
        let topology: Topology
        do { topology = try preset.topology(nodes: nodes, node: spec) } catch { throw Self.invalid("\(error)") }
        let ranks = try group(topology)
        let kind = try collectiveKind(), algorithm = try collectiveAlgorithm()
        let simulation = Simulation(seed: 1)
        let network = NetworkSimulator(simulation: simulation)
        try topology.install(into: network)
        let collectives = FabricCollectives(simulation: simulation, network: network, topology: topology)
        // A group or algorithm that cannot run fails before the table starts.
        do {
            _ = try collectives.plan(Collective(kind: kind, algorithm: algorithm, ranks: ranks, bytes: 0))
        } catch {
            throw Self.invalid("\(error)")
        }

        print("# \(preset.rawValue), \(nodes) × \(spec?.name ?? preset.nodeName), \(kind.rawValue), algorithm \(algorithm.rawValue), \(ranks.count) GPUs (\(placement))")
        print("#" + Self.row("size", "count", "time", "algbw", "busbw", "algorithm"))
        print("#" + Self.row("(B)", "(elements)", "(us)", "(GB/s)", "(GB/s)", ""))
        let factor = kind.busBandwidthFactor(ranks: ranks.count)
        var size = try Self.bytes(minBytes, flag: "--min-bytes")
        let last = try Self.bytes(maxBytes, flag: "--max-bytes")
        while size <= last {
            let collective = Collective(kind: kind, algorithm: algorithm, ranks: ranks, bytes: Double(size))
            let chosen: CollectiveAlgorithm
            let started = simulation.now
            var finished: SimTime?
            do {
                chosen = try collectives.plan(collective).algorithm
                try collectives.start(collective) { finished = $0 }
            } catch {
                throw Self.invalid("\(error)")
            }
            simulation.run()
            let seconds = ((finished ?? .max) - started).seconds
            // A size of 0 bytes may take no time: report 0 GB/s rather than 0/0.
            let algbw = seconds > 0 ? Double(size) / seconds / 1e9 : 0
            print(" " + Self.row(
                "\(size)", "\(size / 4)", String(format: "%.2f", seconds * 1e6), String(format: "%.2f", algbw),
                String(format: "%.2f", algbw * factor), chosen.rawValue))
            // Compared as a Double first: a huge --step-factor would overflow Int.
            let next = (Double(size) * stepFactor).rounded(.down)
            guard next <= Double(last) else { break }
            size = max(Int(next), size + 1)
        }
    }

    /// A flag combination found wrong only once the fabric is built: the message, and
    /// the usage-error status that bad flags get.
    private static func invalid(_ message: String) -> ExitCode {
        printError(message)
        return ExitCode.validationFailure
    }

    private static func row(_ columns: String...) -> String {
        let widths = [14, 14, 12, 10, 10, 14]
        return zip(columns, widths).map { String(repeating: " ", count: max(0, $1 - $0.count)) + $0 }.joined()
    }

    // MARK: Flags

    private func design() throws -> TopologyPreset {
        do { return try TopologyPreset.named(preset) } catch { throw ValidationError("\(error)") }
    }

    private func node() throws -> NodeSpec? {
        guard let nodeType else { return nil }
        let catalogue = HardwareCatalogue.builtIn
        guard let found = catalogue.node(named: nodeType) else {
            throw ValidationError("unknown node type '\(nodeType)' (catalogue: \(catalogue.nodeNames.joined(separator: ", ")))")
        }
        return found
    }

    private func collectiveKind() throws -> CollectiveKind {
        guard let kind = CollectiveKind(rawValue: kind.lowercased()) else {
            throw ValidationError("unknown --kind '\(kind)' (expected one of \(CollectiveKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return kind
    }

    private func collectiveAlgorithm() throws -> CollectiveAlgorithm {
        guard let algorithm = CollectiveAlgorithm(rawValue: algorithm.lowercased()) else {
            throw ValidationError(
                "unknown --algorithm '\(algorithm)' (expected one of \(CollectiveAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return algorithm
    }

    /// The group's ranks: the first `gpus` GPUs in rank order, or GPU 0 of the first
    /// `gpus` nodes.
    private func group(_ topology: Topology) throws -> [Int] {
        if placement == "one-per-node" {
            let count = gpus ?? nodes
            guard count <= nodes else {
                throw Self.invalid("--gpus \(count) with --placement one-per-node needs at least \(count) nodes; --nodes is \(nodes)")
            }
            guard count >= 2 else {
                throw Self.invalid("--placement one-per-node with \(count) GPU\(count == 1 ? "" : "s") is no collective: it needs at least two nodes")
            }
            return (0..<count).map { $0 * topology.gpusPerNode }
        }
        let count = gpus ?? topology.gpuCount
        guard count <= topology.gpuCount else {
            throw Self.invalid("--gpus \(count) exceeds the \(topology.gpuCount) GPUs of \(nodes) nodes")
        }
        guard count >= 2 else { throw Self.invalid("--gpus \(count) is no collective: a group needs at least two GPUs") }
        return Array(0..<count)
    }

    /// Parses a byte count: digits with an optional K, M or G (powers of 1024), as
    /// nccl-tests accepts them.
    static func bytes(_ text: String, flag: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var digits = Substring(trimmed)
        var scale = 1
        if let last = trimmed.last?.uppercased().first, let unit = units[last] {
            scale = unit
            digits = digits.dropLast()
        }
        guard let value = Int(digits), value >= 0, value <= Int.max / scale / 4 else {
            throw ValidationError("\(flag) '\(text)' is not a byte count (expected e.g. 8, 1K, 1M, 1G)")
        }
        return value * scale
    }
}
