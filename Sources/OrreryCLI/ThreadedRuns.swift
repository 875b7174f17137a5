import Foundation
import OrreryKernel
import OrreryResults
import Synchronization

/// Makes planned runs on parallel threads of this process, each into its own part file,
/// then appends the parts, in the runs' order, into the one results file: every run's
/// rows are those of the runs made one after another (each is seeded from its scenario,
/// seed and run index alone, and builds its own models). Used by `orrery compare
/// --threads T`.
///
/// Against ``ParallelRuns`` (child processes): the scenario and its trace are loaded once
/// and shared, as values, by every run, where each child loaded them again (on the
/// Philly trace about 0.15 s a child, as much as a cheap policy's whole run), and each
/// run's outcome stays in memory, so nothing is read back. What processes add is
/// isolation: a trap in one run ends them all here, as it would a sequential comparison.
///
/// Threads take the next run as they finish one, so runs of unequal cost (a comparison's
/// policies) keep every thread busy. Ctrl-C stops the runs in progress as `interrupted`
/// and no further run starts; the finished and interrupted runs are gathered all the
/// same. So are they after a failed run, after which no further run starts.
struct ThreadedRuns {
    let runs: [PlannedRun]
    let threads: Int
    let output: String

    /// Each planned run's outcome, in planned order: nil for a run not made (the
    /// interrupt or a failure came first). Throws ``ExitStatus/failure`` after gathering
    /// if a run failed.
    func run() throws -> [ScenarioExecution.Outcome?] {
        let partFiles = try PartFiles(kind: "threads")
        defer { partFiles.remove() }
        let parts = runs.indices.map(partFiles.path)

        InterruptSignal.install()
        let store = try ResultsStore.create(at: output, replacing: true)
        let work = Work(count: runs.count)
        let runs = runs
        // Signalled at the end of each run and of each thread.
        let changed = DispatchSemaphore(value: 0)
        let threadCount = min(threads, runs.count)
        work.startThreads(threadCount)
        for _ in 0..<threadCount {
            let thread = Thread {
                defer {
                    work.endThread()
                    changed.signal()
                }
                while InterruptSignal.pending == nil, let index = work.next() {
                    let run = runs[index]
                    let execution = ScenarioExecution(
                        scenario: run.scenario, seed: run.seed, output: parts[index], showProgress: false, variant: run.variant,
                        settings: run.settings, runIndex: run.runIndex)
                    do {
                        work.record(try execution.execute(), at: index)
                    } catch {
                        printError("\(run.name): \(error)")
                        work.fail(at: index)
                    }
                    changed.signal()
                }
            }
            // The main thread's stack size, which the runs are made on in sequence.
            thread.stackSize = 8 << 20
            thread.start()
        }
        // Each part is appended as soon as it and every part before it are done, while
        // later runs go on (appending a cheap policy's part costs about as much as its
        // run). A run never made (after Ctrl-C or a failure) ends the gathering. If the
        // file cannot take a part, no further run starts, and the error is thrown once
        // the threads have ended (their parts are in the directory removed on return).
        var gathered = 0
        var appendError: (any Error)?
        while true {
            while gathered < runs.count, work.isDone(gathered) {
                if appendError == nil, FileManager.default.fileExists(atPath: parts[gathered]) {
                    do { try store.appendRuns(from: parts[gathered]) } catch {
                        appendError = error
                        work.stop()
                    }
                }
                gathered += 1
            }
            if work.runningThreads == 0 && (gathered == runs.count || !work.isDone(gathered)) { break }
            changed.wait()
        }
        if let appendError { throw appendError }
        if work.hasFailed {
            printError("a run failed (its error is above); the runs finished are in \(output)")
            throw ExitStatus.failure
        }
        return work.outcomes
    }

    /// The runs' hand-out and outcomes, shared by the threads.
    private final class Work: Sendable {
        private let state: Mutex<State>

        private struct State {
            var next = 0
            var failed = false
            /// No further run is handed out (a run failed, or the file could not take a part).
            var stopped = false
            var threads = 0
            var outcomes: [ScenarioExecution.Outcome?]
            /// Per run: made (finished, interrupted or failed), its part final.
            var done: [Bool]
        }

        init(count: Int) {
            state = Mutex(State(outcomes: Array(repeating: nil, count: count), done: Array(repeating: false, count: count)))
        }

        /// The next run to make; nil once every run is handed out, or after ``stop()``.
        func next() -> Int? {
            state.withLock { state in
                guard !state.stopped, state.next < state.outcomes.count else { return nil }
                defer { state.next += 1 }
                return state.next
            }
        }

        func record(_ outcome: ScenarioExecution.Outcome, at index: Int) {
            state.withLock { state in
                state.outcomes[index] = outcome
                state.done[index] = true
            }
        }

        /// Run `index` failed (its part keeps what it wrote): no further run starts.
        func fail(at index: Int) {
            state.withLock { state in
                state.failed = true
                state.stopped = true
                state.done[index] = true
            }
        }

        func stop() { state.withLock { $0.stopped = true } }

        func startThreads(_ count: Int) { state.withLock { $0.threads = count } }
        func endThread() { state.withLock { $0.threads -= 1 } }
        var runningThreads: Int { state.withLock { $0.threads } }
        func isDone(_ index: Int) -> Bool { state.withLock { $0.done[index] } }
        var hasFailed: Bool { state.withLock { $0.failed } }
        var outcomes: [ScenarioExecution.Outcome?] { state.withLock { $0.outcomes } }
    }
}
