import ArgumentParser
import OrreryFabric
import OrreryHardware
import OrreryScenario

struct FabricCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fabric", abstract: "Inspect cluster fabrics.", subcommands: [Inspect.self])

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "Print a fabric's summary: GPUs, switches per tier, links, bisection bandwidth, oversubscription.",
            discussion: """
                Either a scenario file with a cluster.fabric section, or --preset and --nodes.
                Presets: \(TopologyPreset.allCases.map(\.rawValue).joined(separator: ", ")). See docs/fabric.md.
                """)

        @Argument(help: "A scenario file whose cluster.fabric to build.", completion: .file(extensions: ["yaml", "yml"]))
        var scenario: String?

        @Option(help: "A fabric preset.")
        var preset: String?

        @Option(parsing: .unconditional, help: "Number of nodes.")
        var nodes: Int?

        @Option(help: "Replace the preset's node type with this catalogue node.")
        var nodeType: String?

        @Option(help: "Leaf oversubscription ratio (downlink : uplink bandwidth), e.g. 2 for 2:1.")
        var oversubscription: Double = 1

        func validate() throws {
            if scenario != nil {
                guard preset == nil, nodes == nil, nodeType == nil, oversubscription == 1 else {
                    throw ValidationError("give either a scenario file or --preset and --nodes, not both")
                }
                return
            }
            guard preset != nil, let nodes else { throw ValidationError("give a scenario file, or --preset and --nodes") }
            guard (1...1_000_000).contains(nodes) else { throw ValidationError("--nodes must be from 1 to 1,000,000") }
            guard oversubscription.isFinite, oversubscription >= 1 else {
                throw ValidationError("--oversubscription must be a finite ratio ≥ 1")
            }
        }

        func run() throws {
            if let scenario { try inspect(scenarioAt: scenario) } else { try inspectPreset() }
        }

        private func inspect(scenarioAt path: String) throws {
            let loaded: Scenario
            do { loaded = try Scenario.load(path: path) } catch {
                printError(error.description)
                throw ExitStatus.invalidInput
            }
            guard let topology = loaded.topology else {
                printError("\(path): the scenario has no cluster.fabric section")
                throw ExitStatus.invalidInput
            }
            print("\(loaded.name): \(topology.nodeCount) × \(topology.nodeSpec.name)")
            print(topology.summary.text)
        }

        private func inspectPreset() throws {
            guard let preset, let nodes else { throw ExitStatus.invalidInput }
            let catalogue = HardwareCatalogue.builtIn
            var node: NodeSpec?
            if let nodeType {
                guard let found = catalogue.node(named: nodeType) else {
                    printError("unknown node type '\(nodeType)' (catalogue: \(catalogue.nodeNames.joined(separator: ", ")))")
                    throw ExitStatus.invalidInput
                }
                node = found
            }
            do {
                let design = try TopologyPreset.named(preset)
                let topology = try design.topology(nodes: nodes, node: node, oversubscription: oversubscription)
                print("\(design.rawValue), \(nodes) × \(node?.name ?? design.nodeName)")
                print(topology.summary.text)
            } catch {
                printError("\(error)")
                throw ExitStatus.invalidInput
            }
        }
    }
}
