// CFlow at scale (docs/performance.md, "Fabric"): a 16,384-GPU rail-optimised fat tree
// (DGX H100 SuperPOD preset, 2,048 nodes) carrying 100,000 concurrent flows between
// random GPU pairs, routed by Topology.route. Reports the time of the first full solve,
// the average incremental change (one flow added, or one removed, then a solve), and
// the peak resident memory. Times are CPU time of the benchmark's thread.
//
//     swift run -c release fabric-scale-bench [--flows N] [--changes N] [--seed S]
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import OrreryFabric
import OrreryKernel

/// splitmix64: the same fixed-seed stream on every run.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

struct Options {
    var flows = 100_000
    var changes = 200
    var seed: UInt64 = 1

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst().flatMap({ UInt64($0) }) else { Self.usage() }
            switch flag {
            case "--flows": flows = Int(clamping: value)
            case "--changes": changes = Int(clamping: value)
            case "--seed": seed = value
            default: Self.usage()
            }
        }
        if flows < 1 || changes < 1 { Self.usage() }
    }

    static func usage() -> Never {
        print("usage: fabric-scale-bench [--flows N] [--changes N] [--seed S]")
        exit(2)
    }
}

/// CPU seconds of the calling thread: on a shared machine, less disturbed by other
/// processes than wall time.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Peak resident set size in MiB (Linux reports ru_maxrss in KiB, macOS in bytes).
func peakRSSMiB() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / 1_048_576
    #endif
}

func run(_ options: Options) throws {
    let topology = try TopologyPreset.dgxH100SuperPOD.topology(nodes: 2048)
    let network = FlowNetwork()
    try topology.install(into: network)
    var rng = SplitMix64(state: options.seed)
    var serial: UInt64 = 0
    func randomRoute() throws -> [LinkID] {
        let source = rng.below(topology.gpuCount)
        var destination = rng.below(topology.gpuCount - 1)
        if destination >= source { destination += 1 }
        serial += 1
        return try topology.route(fromRank: source, toRank: destination, flow: serial)
    }
    // Flows large enough that none completes during the measurement.
    let bytes = 1e15
    var live: [FlowID] = []
    live.reserveCapacity(options.flows + 1)
    for _ in 0..<options.flows { live.append(try network.startFlow(route: try randomRoute(), bytes: bytes)) }
    let fullStart = threadCPUSeconds()
    try network.solve(at: .zero)
    let full = threadCPUSeconds() - fullStart
    let afterFull = network.statistics

    var now = SimTime.zero
    var addTime = 0.0, removeTime = 0.0
    for _ in 0..<options.changes {
        now += .microsecond
        let route = try randomRoute()
        let addStart = threadCPUSeconds()
        live.append(try network.startFlow(route: route, bytes: bytes))
        try network.solve(at: now)
        addTime += threadCPUSeconds() - addStart

        now += .microsecond
        let index = rng.below(live.count)
        let victim = live[index]
        live[index] = live[live.count - 1]
        live.removeLast()
        let removeStart = threadCPUSeconds()
        try network.removeFlow(victim)
        try network.solve(at: now)
        removeTime += threadCPUSeconds() - removeStart
    }
    let stats = network.statistics
    let changes = Double(2 * options.changes)
    print("fabric-scale-bench: DGX H100 SuperPOD, \(topology.gpuCount) GPUs, \(topology.links.count) links, "
          + "\(options.flows) flows, seed \(options.seed)")
    print(String(format: "  full solve:           %.1f ms CPU (%llu flow rates)", full * 1e3, afterFull.flowsResolved))
    print(String(format: "  add one flow + solve: %.1f µs CPU (mean of %d)", addTime / Double(options.changes) * 1e6, options.changes))
    print(String(format: "  remove one + solve:   %.1f µs CPU (mean of %d)", removeTime / Double(options.changes) * 1e6, options.changes))
    print(String(format: "  per change: %.1f flow rates recomputed, %.1f settled, %.1f links made active; %llu local repairs, %llu given up",
                 Double(stats.flowsResolved - afterFull.flowsResolved) / changes,
                 Double(stats.flowsSettled - afterFull.flowsSettled) / changes,
                 Double(stats.repairLinks - afterFull.repairLinks) / changes,
                 stats.localRepairs - afterFull.localRepairs, stats.repairFallbacks - afterFull.repairFallbacks))
    print(String(format: "  peak RSS: %.0f MiB", peakRSSMiB()))
}

do { try run(Options(CommandLine.arguments)) } catch {
    print("fabric-scale-bench: \(error)")
    exit(1)
}
