import Foundation
import OrreryResults

/// Spreads planned runs over parallel `orrery` processes: the runs 0..<count split into
/// contiguous chunks, each made by a child process into its own results file, at most
/// `processes` children at a time (a child starts when one ends); the files are then
/// appended, in chunk order, into the one results file. Every run's rows are exactly
/// those of the sequential run (each is seeded from its scenario, seed and run index
/// alone). Used by `orrery run --replications N --processes P`, `orrery sweep
/// --processes P` and `orrery compare --processes P`.
///
/// With as many chunks as processes, each child makes one share. More chunks balance
/// runs of unequal cost (a comparison's policies: one may take ten times another's
/// time) at the price of a child's start and a scenario load per chunk.
///
/// Ctrl-C is passed on to the children, which finish their current run as
/// `interrupted`, and no further chunk starts; the runs they finished and the
/// interrupted ones are gathered all the same, so the file is consistent and keeps what
/// was done. So are a failed child's; once a child fails no further chunk starts.
struct ParallelRuns {
    let count: Int
    let processes: Int
    /// Chunks the runs are split into (at least `processes`; at most `count`).
    let chunks: Int
    let output: String
    /// The child's arguments for the runs `share`, writing its results to `part`.
    let arguments: (_ share: Range<Int>, _ part: String) -> [String]

    enum Ending { case completed, interrupted }

    init(count: Int, processes: Int, chunks: Int? = nil, output: String,
         arguments: @escaping (_ share: Range<Int>, _ part: String) -> [String]) {
        self.count = count
        self.processes = processes
        self.chunks = min(max(chunks ?? processes, processes), max(count, 1))
        self.output = output
        self.arguments = arguments
    }

    func run() throws -> Ending {
        let partFiles = try PartFiles(kind: "parallel")
        defer { partFiles.remove() }

        InterruptSignal.install()
        let parts = Self.shares(count: count, processes: chunks).enumerated().map { index, share in
            (share: share, path: partFiles.path(index))
        }
        let store = try ResultsStore.create(at: output, replacing: true)
        // Children of the chunks started so far, in chunk order; those before `gathered`
        // have ended and their parts are in the store: a part is appended as soon as it
        // and every part before it are done, while later children still run.
        var children: [Process] = []
        var gathered = 0
        var forwarded = false, failed = false, interrupted = false
        while true {
            if InterruptSignal.pending == nil, !failed {
                // Ended children not yet gathered (a chunk before them still runs) leave
                // their slot free.
                var running = children[gathered...].count(where: \.isRunning)
                while running < processes, children.count < parts.count {
                    children.append(try launch(parts[children.count]))
                    running += 1
                }
            } else if !forwarded, let signal = InterruptSignal.pending {
                forwarded = true
                for child in children[gathered...] where child.isRunning { kill(child.processIdentifier, signal) }
            }
            while gathered < children.count, !children[gathered].isRunning {
                let ending = Self.gather(children[gathered], part: parts[gathered].path, afterForwarding: forwarded, into: store)
                interrupted = interrupted || ending == .interrupted
                failed = failed || ending == .failed
                gathered += 1
            }
            if children.count > gathered {
                Thread.sleep(forTimeInterval: 0.02)
            } else if children.count == parts.count || InterruptSignal.pending != nil || failed {
                break
            }
        }
        if failed {
            printError("a child process failed (its errors are above); the runs it finished are in \(output)")
            throw ExitStatus.failure
        }
        return interrupted || InterruptSignal.pending != nil ? .interrupted : .completed
    }

    /// Starts the child that makes the runs `part.share` into `part.path`.
    private func launch(_ part: (share: Range<Int>, path: String)) throws -> Process {
        let child = Process()
        child.executableURL = Self.executable
        child.arguments = arguments(part.share, part.path)
        child.standardOutput = FileHandle.nullDevice
        try child.run()
        return child
    }

    private enum ChildEnding { case completed, interrupted, failed }

    /// Appends the part of `child`, which has ended, to `store`, and says how it ended. A
    /// failed child's finished runs, and the one it failed in (marked failed), are
    /// gathered too: nothing already written is lost. A part too broken to read is left
    /// out when its child failed or was killed.
    private static func gather(_ child: Process, part: String, afterForwarding forwarded: Bool, into store: ResultsStore) -> ChildEnding {
        // A child the forwarded Ctrl-C reached before it set its handler ends by the
        // signal: interrupted too, not failed.
        let killed = forwarded && child.terminationReason == .uncaughtSignal
        let ending: ChildEnding =
            killed || child.terminationStatus == ExitStatus.interrupted.rawValue ? .interrupted
            : child.terminationStatus != 0 ? .failed : .completed
        guard FileManager.default.fileExists(atPath: part) else { return ending }
        do {
            try store.appendRuns(from: part)
        } catch {
            if killed { return ending }
            // From a child that ended on its own, a part that cannot be read is a failure.
            printError("\(error)")
            return .failed
        }
        return ending
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
