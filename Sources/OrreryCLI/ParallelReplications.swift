import Foundation
import OrreryKernel
import OrreryResults

/// `orrery run --replications N --processes P`: the run indices 0..<N split into P
/// contiguous shares, each run by a child `orrery run … --first-replication k` into its
/// own results file; the files are then appended, in run-index order, into the one
/// results file, and the summary is aggregated from it. Every replication's rows are
/// exactly those of the sequential run (each is seeded from (seed, run index) alone).
struct ParallelReplications {
    let runs: ReplicatedRuns

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("orrery-replications-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let shares = Self.shares(count: runs.count, first: runs.first, processes: runs.processes)
        var children: [(process: Process, part: String)] = []
        for (index, share) in shares.enumerated() {
            let part = directory.appendingPathComponent("part-\(index).sqlite").path
            let child = Process()
            child.executableURL = Self.executable
            child.arguments = [
                "run", runs.scenarioPath, "--seed", String(runs.seed), "--replications", String(share.count),
                "--first-replication", String(share.lowerBound), "--out", part, "--quiet",
            ]
            child.standardOutput = FileHandle.nullDevice
            try child.run()
            children.append((child, part))
        }
        var failed = false, interrupted = false
        for (child, _) in children {
            child.waitUntilExit()
            if child.terminationStatus == ExitStatus.interrupted.rawValue { interrupted = true }
            else if child.terminationStatus != 0 { failed = true }
        }
        if interrupted {
            print("interrupted: the replications' partial results are discarded")
            throw ExitStatus.interrupted
        }
        if failed {
            printError("a replication process failed (its errors are above)")
            throw ExitStatus.failure
        }

        let store = try ResultsStore.create(at: runs.output, replacing: true)
        for (_, part) in children { try store.appendRuns(from: part) }
        var aggregator = ReplicationAggregator()
        let reader = try ResultsReader(path: runs.output)
        for run in try reader.runs() { aggregator.add(try reader.metrics(run: run.runID)) }
        let elapsed = clock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("orrery \(OrreryVersion.current) · \(runs.scenario.name) · seed \(runs.seed) · \(runs.count) replications "
              + "in \(runs.processes) processes in " + String(format: "%.3f s wall", wall))
        print(ReplicatedRuns.table(aggregator.summary()))
        print("results: \(runs.output) (run_index \(runs.first)–\(runs.first + runs.count - 1))")
    }

    /// Contiguous run-index ranges, as even as possible, the longer ones first.
    static func shares(count: Int, first: Int, processes: Int) -> [Range<Int>] {
        let base = count / processes, extra = count % processes
        var start = first
        return (0..<processes).map { index in
            let size = base + (index < extra ? 1 : 0)
            defer { start += size }
            return start..<(start + size)
        }
    }

    /// This executable, for the child processes.
    private static var executable: URL {
        if let path = Bundle.main.executablePath { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    }
}
