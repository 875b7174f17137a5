// The 54-day Llama 3 failure scenario (16,384 H100, Llama 3 Table 5 preset), replicated.
//
//     swift run -c release resilience-bench [replications, default 10] [--all]
//
// Prints wall time per replication and the mean ± 95% interval of the headline metrics.
import Foundation
import OrreryKernel
import OrreryResilience

let replications = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 10
let printAll = CommandLine.arguments.contains("--all")
let clock = ContinuousClock()
let setupStart = clock.now
let configuration = try TrainingRunConfiguration.llama3_405B_54Days()
let setup = clock.now - setupStart
/// CPU seconds of this thread (the machine is shared, so wall time includes others' work).
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}
let cpuStart = threadCPUSeconds()
let start = clock.now
let (results, summary) = try TrainingRunReplications.run(configuration, seed: 42, replications: replications)
let elapsed = clock.now - start
let cpu = threadCPUSeconds() - cpuStart
let events = results.reduce(UInt64(0)) { $0 + $1.events }
print("configuration (topology + inventory): \(setup)")
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("\(replications) replications of 54 days: \(String(format: "%.3f", seconds)) s wall "
      + "(\(String(format: "%.1f", 1000 * seconds / Double(replications))) ms per run), "
      + "\(String(format: "%.3f", cpu)) s CPU (\(String(format: "%.1f", 1000 * cpu / Double(replications))) ms per run), "
      + "\(events) kernel events")
for metric in summary where printAll || ["resilience.interruptions", "resilience.ettr", "resilience.goodput.fraction",
                              "resilience.lost-gpu-hours", "resilience.checkpoint.interval", "power.energy.facility",
                              "power.peak", "power.swing.max", "power.co2", "cost.total"].contains(metric.name) {
    let name = metric.name.padding(toLength: 44, withPad: " ", startingAt: 0)
    print(name + String(format: "%18.4f ± %-14.4f ", metric.mean, metric.halfWidth ?? 0) + metric.unit)
}

// `--series`: the facility power around the first interruption of one run, as a figure.
if CommandLine.arguments.contains("--series") {
    let run = try TrainingRun(configuration: try TrainingRunConfiguration.llama3_405B_54Days(recordPowerSeries: true), seed: 42)
    let series = run.run().powerSeries
    let idle = series.dropFirst().map(\.facilityWatts).min() ?? 0
    // The first sample at idle power that lasts longer than a checkpoint stall starts recovery.
    if let drop = series.indices.dropFirst().first(where: {
        series[$0].facilityWatts == idle && $0 + 1 < series.count && series[$0 + 1].seconds - series[$0].seconds > 60
    }) {
        print("\nfacility power around the first interruption (t in minutes from it):")
        for sample in series[max(1, drop - 4)...min(series.count - 1, drop + 4)] {
            let minutes = (sample.seconds - series[drop].seconds) / 60
            let bar = String(repeating: "#", count: Int(sample.facilityWatts / 5e5))
            print(String(format: "%8.2f min %7.2f MW ", minutes, sample.facilityWatts / 1e6) + bar)
        }
    }
}
