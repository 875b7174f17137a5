// event-loop-bench: schedule+pop throughput of Orrery's event queue against a minimal
// C 4-ary heap, in the classic "hold" model (one op = pop the earliest event, then
// schedule a new one at popped time + random delay, so the queue size stays constant).
//
//     swift run -c release event-loop-bench [--check] [--reps N] [--scale X]
//         [--sizes 1000,100000] [--only c,queue,sim] [--threshold R]
//
// --check exits 1 if EventQueue or Simulation falls below 0.5× the C reference at any
// size (the target). See docs/performance.md.

import Foundation

// MARK: - Options

struct Options {
    var check = false
    var repetitions = 7
    var scale = 1.0
    var sizes = [1_000, 100_000, 1_000_000]
    var only: Set<String>? = nil
    var threshold = 0.5
}

func usage() -> Never {
    print(
        """
        usage: event-loop-bench [--check] [--reps N] [--scale X]
                                [--sizes N,N,...] [--only c,queue,sim] [--threshold R]
          --check      exit 1 if EventQueue or Simulation < threshold × C at any size
          --reps N     timed repetitions per contender and size (default 7)
          --scale X    multiply the timed op counts by X (default 1)
          --threshold  the ratio --check requires (default 0.5)
        """)
    exit(2)
}

func parseOptions() -> Options {
    var options = Options()
    var args = CommandLine.arguments.dropFirst().makeIterator()
    while let arg = args.next() {
        switch arg {
        case "--check": options.check = true
        case "--reps":
            guard let v = args.next().flatMap({ Int($0) }), v > 0 else { usage() }
            options.repetitions = v
        case "--scale":
            guard let v = args.next().flatMap({ Double($0) }), v > 0 else { usage() }
            options.scale = v
        case "--sizes":
            guard let v = args.next() else { usage() }
            let sizes = v.split(separator: ",").compactMap { Int($0) }
            guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else { usage() }
            options.sizes = sizes
        case "--only":
            guard let v = args.next() else { usage() }
            let keys = Set(v.split(separator: ",").map(String.init))
            let known: Set = ["c", "queue", "sim"]
            guard keys.isSubset(of: known), !keys.isEmpty else { usage() }
            options.only = keys
        case "--threshold":
            guard let v = args.next().flatMap({ Double($0) }), v > 0 else { usage() }
            options.threshold = v
        case "-h", "--help": usage()
        default:
            print("unknown argument: \(arg)")
            usage()
        }
    }
    return options
}

// MARK: - Workloads

let seed: UInt64 = 0x0e1e_57a1_2024_0001

/// Timed ops per repetition at each size: enough for stable numbers (0.1–0.5 s per
/// contender and repetition on the reference machine).
func timedOps(size: Int, scale: Double) -> Int {
    let ops: Int
    switch size {
    case ..<10_000: ops = 1_000_000
    case ..<500_000: ops = 500_000
    default: ops = 300_000
    }
    return Swift.max(1, Int(Double(ops) * scale))
}

/// Untimed ops after the fill, before anything is timed: one turnover of the queue (at
/// least 200k ops), so that the pending times have reached their steady-state spread.
func warmOps(size: Int) -> Int { Swift.max(size, 200_000) }

struct Contender {
    var key: String
    var name: String
    /// Table column header and JSON field prefix.
    var column: String
    var json: String
    var type: any HoldContender.Type
}

let allContenders = [
    Contender(key: "c", name: "C 4-ary heap", column: "C", json: "c", type: CReference.self),
    Contender(
        key: "queue", name: "EventQueue (.target)", column: "EventQueue", json: "event_queue",
        type: QueueContender.self),
    Contender(
        key: "sim", name: "Simulation loop", column: "Simulation", json: "simulation",
        type: SimulationContender.self),
]

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

// MARK: - Formatting

func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

/// Prints and flushes, so progress shows through a pipe.
func say(_ s: String) {
    print(s)
    fflush(nil)
}

func millions(_ x: Double) -> String { fixed(x / 1e6, 2) + "M" }

/// Right-aligns `s` in `width` columns.
func pad(_ s: String, _ width: Int) -> String {
    String(repeating: " ", count: Swift.max(0, width - s.count)) + s
}

// MARK: - Main

let options = parseOptions()
let contenders = allContenders.filter { c in
    options.only.map { $0.contains(c.key) } ?? true
}
if options.check, !["c", "queue", "sim"].allSatisfy({ k in contenders.contains { $0.key == k } })
{
    print("--check needs the contenders c, queue and sim")
    exit(2)
}

print("event-loop-bench: hold model, delays uniform in [0, \(2 * meanDelay)) ns")
print(
    "repetitions: \(options.repetitions) (median reported) after a discarded one; "
        + "contenders interleaved within each repetition")

struct Row {
    var size: Int
    var ops: Int
    var median: [String: Double] = [:]
    var medianWall: [String: Double] = [:]
    /// Median over repetitions of (contender rate / C rate in the same repetition):
    /// paired, so slow drifts in machine speed (steal time, neighbours) cancel out.
    var pairedRatio: [String: Double] = [:]
    var spread: [String: (min: Double, max: Double)] = [:]
    var checksum: Checksum?
    var checksumsAgree = true
}

var rows: [Row] = []
let overallStart = monotonicSeconds()

for size in options.sizes {
    let ops = timedOps(size: size, scale: options.scale)
    let warm = warmOps(size: size)
    var row = Row(size: size, ops: ops)
    // Each contender keeps its own queue for the whole size: fill, reach steady state,
    // one discarded repetition (caches, branch predictors, allocator), then the timed
    // repetitions, interleaved and rotated so no contender always runs first.
    let setupStart = monotonicSeconds()
    let instances = contenders.map { $0.type.init(size: size, seed: seed) }
    for q in instances { q.hold(ops: warm) }
    for q in instances { _ = q.measure(ops: ops) }
    let setupSeconds = monotonicSeconds() - setupStart
    var samples = [[Sample]](repeating: [], count: instances.count)
    for rep in 0..<options.repetitions {
        for k in 0..<instances.count {
            let i = (k + rep) % instances.count
            samples[i].append(instances[i].measure(ops: ops))
        }
    }
    let checksums = instances.map { $0.checksum }
    row.checksum = checksums.first
    row.checksumsAgree = checksums.allSatisfy { $0 == checksums[0] }
    for (q, c) in zip(instances, contenders) {
        precondition(q.pending == size, "\(c.name) has \(q.pending) events pending, not \(size)")
    }
    for (i, c) in contenders.enumerated() {
        let rates = samples[i].map { $0.opsPerSecond }
        row.median[c.key] = median(rates)
        row.medianWall[c.key] = median(samples[i].map { $0.opsPerWallSecond })
        row.spread[c.key] = (rates.min()!, rates.max()!)
    }
    if let ci = contenders.firstIndex(where: { $0.key == "c" }) {
        for (i, c) in contenders.enumerated() where c.key != "c" {
            let ratios = zip(samples[i], samples[ci]).map { $0.opsPerSecond / $1.opsPerSecond }
            row.pairedRatio[c.key] = median(ratios)
        }
    }
    rows.append(row)
    let spreads = contenders.map { c -> String in
        let s = row.spread[c.key]!
        return "\(c.key) \(millions(s.min))–\(millions(s.max))"
    }
    say(
        "size \(size): fill + \(warm) warm ops + 1 discarded rep in \(fixed(setupSeconds, 1)) s; "
            + "\(options.repetitions) × \(ops) timed ops; range \(spreads.joined(separator: ", "))")
    let total = UInt64(warm + ops * (options.repetitions + 1))
    say(
        "  after \(total) ops each: \(row.checksum!) "
            + (row.checksumsAgree ? "(identical for all contenders)" : "MISMATCH: \(checksums)"))
}

// The table.
func cell(_ row: Row, _ key: String) -> String {
    row.median[key].map(millions) ?? "-"
}
func ratio(_ row: Row, _ key: String) -> Double? { row.pairedRatio[key] }
func ratioCell(_ r: Double?) -> String { r.map { fixed($0, 2) + "x" } ?? "-" }

print("")
print(
    "ops/s = hold ops per CPU-second of the benchmark thread, median; one op = pop + schedule"
        + " (Simulation: pop + execute handler + schedule)")
print("/C = median over repetitions of (rate / C rate in the same repetition)")
func width(_ c: Contender) -> Int { c.column.count + 6 }
var header = [pad("size", 9)]
for c in contenders {
    header.append(pad(c.column + " ops/s", width(c)))
    if c.key != "c" { header.append(pad("/C", 6)) }
}
print(header.joined(separator: "  "))
for row in rows {
    var cells = [pad("\(row.size)", 9)]
    for c in contenders {
        cells.append(pad(cell(row, c.key), width(c)))
        if c.key != "c" { cells.append(pad(ratioCell(ratio(row, c.key)), 6)) }
    }
    print(cells.joined(separator: "  "))
}
print("")

// Machine-readable lines: one JSON object per size.
func json(_ x: Double?) -> String { x.map { fixed($0, 4) } ?? "null" }
func jsonRate(_ x: Double?) -> String { x.map { fixed($0, 0) } ?? "null" }
for row in rows {
    var fields = [
        "\"bench\":\"event-loop-hold\"",
        "\"size\":\(row.size)",
        "\"timed_ops\":\(row.ops)",
        "\"reps\":\(options.repetitions)",
    ]
    for c in contenders {
        fields.append("\"\(c.json)_ops_per_s\":\(jsonRate(row.median[c.key]))")
        if c.key != "c" { fields.append("\"\(c.json)_over_c\":\(json(ratio(row, c.key)))") }
    }
    for c in contenders {
        fields.append("\"\(c.json)_ops_per_wall_s\":\(jsonRate(row.medianWall[c.key]))")
    }
    fields += [
        "\"time_sum\":\"\(hex(row.checksum!.timeSum))\"",
        "\"pop_order_hash\":\"\(hex(row.checksum!.tagHash))\"",
        "\"checksums_agree\":\(row.checksumsAgree)",
    ]
    print("JSON {" + fields.joined(separator: ",") + "}")
}
print("total wall time: \(fixed(monotonicSeconds() - overallStart, 1)) s")

// Verdict.
var failures: [String] = []
for row in rows {
    if !row.checksumsAgree { failures.append("size \(row.size): contenders did different work") }
    guard row.median["c"] != nil else { continue }
    for (key, label) in [("queue", "EventQueue"), ("sim", "Simulation")] {
        if let r = ratio(row, key), r < options.threshold {
            failures.append(
                "size \(row.size): \(label) at \(fixed(r, 2))x of the C reference "
                    + "(target ≥ \(fixed(options.threshold, 2))x)")
        }
    }
}
if rows.contains(where: { !$0.checksumsAgree }) {
    FileHandle.standardError.write(Data("event-loop-bench: checksums differ, results invalid\n".utf8))
    exit(3)
}
if failures.isEmpty, contenders.contains(where: { $0.key == "c" }) {
    print("all ratios ≥ \(fixed(options.threshold, 2))x of the C reference; work identical")
} else if !failures.isEmpty {
    for f in failures { print("BELOW TARGET: \(f)") }
    if options.check {
        FileHandle.standardError.write(
            Data("event-loop-bench --check failed: \(failures.count) problem(s)\n".utf8))
        exit(1)
    }
}
