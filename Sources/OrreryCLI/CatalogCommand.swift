import ArgumentParser
import OrreryHardware
import OrreryScenario

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "List the built-in hardware catalogue.")

    enum Section: String, ExpressibleByArgument, CaseIterable {
        case gpus, nodes, all
    }

    @Argument(help: "What to list: gpus, nodes or all.")
    var section: Section = .all

    func run() throws {
        let catalogue = HardwareCatalogue.builtIn
        if section != .nodes { print(Self.gpuTable(catalogue.gpus)) }
        if section == .all { print() }
        if section != .gpus { print(Self.nodeTable(catalogue.nodes)) }
    }

    static func gpuTable(_ gpus: [GPUSpec]) -> String {
        let header = ["GPU", "BF16", "FP8", "HBM", "HBM bandwidth", "scale-up/dir", "TDP", "idle"]
        let rows = gpus.map { gpu in
            [
                gpu.name,
                gpu.peakFLOPS(.bf16).map { Quantity.format($0, as: .flopsRate) } ?? "—",
                gpu.peakFLOPS(.fp8).map { Quantity.format($0, as: .flopsRate) } ?? "—",
                Quantity.format(Double(gpu.hbmCapacityBytes), as: .bytes),
                Quantity.format(gpu.hbmBandwidthBytesPerSecond, as: .bandwidth),
                Quantity.format(gpu.scaleUpBandwidthBytesPerSecond, as: .bandwidth),
                Quantity.format(gpu.tdpWatts, as: .power),
                Quantity.format(gpu.idlePowerWatts, as: .power),
            ]
        }
        return table([header] + rows)
    }

    static func nodeTable(_ nodes: [NodeSpec]) -> String {
        let header = ["node", "GPUs", "CPU cores", "host memory", "NICs", "NIC bandwidth", "NVSwitches", "max power"]
        let rows = nodes.map { node in
            [
                node.name, "\(node.gpusPerNode) × \(node.gpu.name)", "\(node.cpuCores)",
                Quantity.format(Double(node.hostMemoryBytes), as: .bytes), "\(node.nicCount)",
                Quantity.format(node.nicBandwidthBitsPerSecond / 8, as: .bandwidth), "\(node.nvSwitchCount)",
                Quantity.format(node.maxPowerWatts, as: .power),
            ]
        }
        return table([header] + rows)
    }

    static func table(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
