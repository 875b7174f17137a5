import Dispatch
import OrreryKernel
import Synchronization

/// Writes a run's rows into its store on a thread of its own, in the order they come,
/// while the simulation goes on.
///
/// A scheduling run writes a row per finished job and a sample per change of allocation:
/// SQLite's inserts were a twentieth of a `gavel-max-min` run on the Philly trace. Rows
/// are handed over in batches (``batchRows``), so the simulation's thread pays an append
/// per row and a hand-over per batch. At most ``batchesInFlight`` batches wait: a writer
/// slower than the simulation holds it back instead of buffering without bound.
///
/// The store belongs to the writing thread from ``init(store:)`` until ``finish()``
/// returns; then it is the caller's again. The first write that fails stops the writing
/// (later rows are dropped, as a failed synchronous write stopped the recorder's). The
/// simulation's thread learns of it at its next hand-over, from then on ``append(_:)``
/// returns false, and ``finish()`` rethrows it. Rows written before it stay: the store
/// commits them as usual.
final class BackgroundRows {
    enum Row: Sendable {
        case job(JobRecord)
        case series(name: String, unit: String, description: String)
        case sample(series: String, time: SimTime, value: Double)
    }

    static let batchRows = 512
    static let batchesInFlight = 16

    /// The store, handed to the writing thread (see the type's ownership rule), and the
    /// first write error.
    private final class Handle: @unchecked Sendable {
        let store: ResultsStore
        let failure = Mutex<(any Error)?>(nil)
        init(_ store: ResultsStore) { self.store = store }
        var hasFailed: Bool { failure.withLock { $0 != nil } }
    }

    private let handle: Handle
    private let queue = DispatchQueue(label: "orrery.results.rows")
    private let slots = DispatchSemaphore(value: batchesInFlight)
    private var pending: [Row] = []
    private var finished = false
    /// Whether a write has failed, as the simulation's thread last saw (at a hand-over).
    private var failed = false

    init(store: ResultsStore) {
        handle = Handle(store)
        pending.reserveCapacity(Self.batchRows)
    }

    /// A recorder dropped without finishing (its run threw elsewhere) still writes what
    /// it was given, as the store commits its open batch when released.
    deinit { try? finish() }

    /// Queues `row` (after ``finish()``, writes it at once); false once a failed write has
    /// been seen (the row is dropped).
    func append(_ row: Row) -> Bool {
        guard !failed else { return false }
        if finished {
            do { try Self.write(row, to: handle.store) } catch { handle.failure.withLock { $0 = error } }
        } else {
            pending.append(row)
            guard pending.count >= Self.batchRows else { return true }
            handOver()
        }
        failed = handle.hasFailed
        return !failed
    }

    /// Writes every row appended, waits until they are written, and rethrows the first
    /// write error. The store is the caller's again afterwards.
    func finish() throws {
        if !finished {
            finished = true
            handOver()
            queue.sync {}
        }
        if let error = handle.failure.withLock({ $0 }) { throw error }
    }

    private func handOver() {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        slots.wait()
        queue.async { [handle, slots] in
            defer { slots.signal() }
            guard !handle.hasFailed else { return }
            do {
                for row in batch { try Self.write(row, to: handle.store) }
            } catch {
                handle.failure.withLock { $0 = error }
            }
        }
    }

    private static func write(_ row: Row, to store: ResultsStore) throws {
        switch row {
        case .job(let job): try store.recordJob(job)
        case .series(let name, let unit, let description): try store.declareSeries(name, unit: unit, description: description)
        case .sample(let series, let time, let value): try store.recordSample(series: series, time: time, value: value)
        }
    }
}
