import Foundation
import OrreryKernel

/// The human and machine forms of a run's outcome, printed by `orrery run`.
extension ScenarioExecution.Outcome {
    var text: String {
        var lines = ["orrery \(OrreryVersion.current) · \(scenario.name) · seed \(seed)"]
        let events = statistics.eventsExecuted
        let rate = statistics.wallSeconds > 0 ? Double(events) / statistics.wallSeconds : 0
        let why: String = switch (status, statistics.stopReason) {
            case (.interrupted, _): "interrupted"
            case (_, .horizon): "reached the horizon"
            case (_, .queueEmpty): "all work done"
            default: "stopped"
        }
        lines.append(
            "  simulated \(statistics.endTime) (\(why)) in "
                + String(format: "%.3f s wall, %d events, %.2fM events/s", statistics.wallSeconds, events, rate / 1e6))
        let width = metrics.map(\.name.count).max() ?? 0
        for metric in metrics {
            let padded = metric.name.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("  \(padded)  \(Self.format(metric.value)) \(metric.unit)")
        }
        if let output { lines.append("  results: \(output)") }
        return lines.joined(separator: "\n")
    }

    /// Six significant digits: enough to compare runs by eye, stable across platforms.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.6g", value)
    }

    var json: String {
        struct Document: Encodable {
            struct Value: Encodable { var value: Double; var unit: String }
            var orrery: String
            var scenario: String
            var scenario_path: String
            var scenario_sha256: String
            var seed: UInt64
            var status: String
            var stop_reason: String
            var simulated_end_ns: Int64
            var events_executed: UInt64
            var events_cancelled: UInt64
            var wall_seconds: Double
            var output: String?
            var metrics: [String: Value]
        }
        let document = Document(
            orrery: OrreryVersion.current, scenario: scenario.name, scenario_path: scenario.path,
            scenario_sha256: scenario.contentHash, seed: seed, status: status.rawValue,
            stop_reason: statistics.stopReason.rawValue, simulated_end_ns: statistics.endTime.nanoseconds,
            events_executed: statistics.eventsExecuted, events_cancelled: statistics.eventsCancelled,
            wall_seconds: statistics.wallSeconds, output: output,
            metrics: Dictionary(metrics.map { ($0.name, Document.Value(value: $0.value, unit: $0.unit)) }) { _, last in last })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
