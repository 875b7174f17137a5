import Foundation
import OrreryResults

/// Spreads planned runs over parallel `orrery` processes: the runs 0..<count split into
/// contiguous shares, each made by a child process into its own results file; the files
/// are then appended, in share order, into the one results file. Every run's rows are
/// exactly those of the sequential run (each is seeded from its scenario, seed and run
/// index alone). Used by `orrery run --replications N --processes P` and `orrery sweep
/// --processes P`.
///
/// Ctrl-C is passed on to the children, which finish their current run as
/// `interrupted`; the runs they finished and the interrupted ones are gathered all the
/// same, so the file is consistent and keeps what was done.
struct ParallelRuns {
    let count: Int
    let processes: Int
    let output: String
    /// The child's arguments for the runs `share`, writing its results to `part`.
    let arguments: (_ share: Range<Int>, _ part: String) -> [String]

    enum Ending { case completed, interrupted }

    func run() throws -> Ending {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("orrery-parallel-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        InterruptSignal.install()
        var children: [(process: Process, part: String)] = []
        for (index, share) in Self.shares(count: count, processes: processes).enumerated() {
            let part = directory.appendingPathComponent("part-\(index).sqlite").path
            let child = Process()
            child.executableURL = Self.executable
            child.arguments = arguments(share, part)
            child.standardOutput = FileHandle.nullDevice
            try child.run()
            children.append((child, part))
        }
        Self.wait(for: children.map(\.process))
        var failed = false, interrupted = InterruptSignal.pending != nil
        for (child, _) in children {
            if child.terminationStatus == ExitStatus.interrupted.rawValue { interrupted = true }
            else if child.terminationStatus != 0 { failed = true }
        }
        if failed {
            printError("a child process failed (its errors are above)")
            throw ExitStatus.failure
        }
        let store = try ResultsStore.create(at: output, replacing: true)
        for (_, part) in children where FileManager.default.fileExists(atPath: part) { try store.appendRuns(from: part) }
        return interrupted ? .interrupted : .completed
    }

    /// Waits for every child, passing a Ctrl-C (SIGINT/SIGTERM) on to those still running,
    /// once: each then stops after recording its current run as interrupted.
    private static func wait(for children: [Process]) {
        var forwarded = false
        while children.contains(where: \.isRunning) {
            if !forwarded, let signal = InterruptSignal.pending {
                forwarded = true
                for child in children where child.isRunning { kill(child.processIdentifier, signal) }
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Contiguous run ranges, as even as possible, the longer ones first.
    static func shares(count: Int, processes: Int) -> [Range<Int>] {
        let base = count / processes, extra = count % processes
        var start = 0
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
