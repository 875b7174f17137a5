import OrreryKernel

/// Runs whose end event is not scheduled yet, because a scheduling pass comes first.
///
/// A preemptive policy's review (``PreemptivePolicy/nextReview(context:)``) is an event
/// that makes the model pass again. A run that ends after the pending review needs no
/// end event until that pass: the pass may preempt it first. Under a round-based policy
/// most runs are preempted at the next round boundary. Their end events were scheduled
/// at each start and cancelled at each preemption: two million of each on the Philly
/// trace, and the heap filled with tombstones.
///
/// The invariant: every running job that ends at or before ``horizon`` has its end event
/// scheduled. The others are listed here, with their ends and the place among events at
/// equal times they took at their start (``EventOrder``): scheduled later, an end still
/// runs among simultaneous events where it would have, so results are those of ends
/// scheduled at every start, row order included.
final class DeferredRunEnds {
    /// Per job: its position in ``jobs`` (-1: not listed), its run's end and its place.
    /// One row per job: a start that defers its end touches one cache line.
    private struct Entry {
        var slot = -1
        var end = SimTime.zero
        var order: EventOrder?
    }

    /// The jobs listed, densely in no order (a job joins and leaves in O(1)).
    private let jobs = JobList()
    private let entries: JobColumn<Entry>
    /// The pending review's time, or `.max` when no review is pending (then nothing is
    /// deferred).
    private(set) var horizon: SimTime = .max
    /// No listed run ends before this (`.max` when none is listed): most passes move the
    /// horizon past no listed end, and then need no walk of the list (a round-based run
    /// lists a few hundred runs and passes seventy thousand times).
    private var earliest: SimTime = .max

    init(jobCount: Int) {
        entries = JobColumn(repeating: Entry(), count: jobCount)
    }

    /// Lists job `job`'s run ending at `end` if its event can wait, with `order`, the
    /// place its event takes now (called only then); false if the event must be
    /// scheduled now.
    func deferEnd(of job: Int, at end: SimTime, order: () -> EventOrder) -> Bool {
        guard end > horizon else { return false }
        entries[job] = Entry(slot: jobs.count, end: end, order: order())
        earliest = Swift.min(earliest, end)
        jobs.append(job)
        return true
    }

    /// Forgets job `job`'s deferred end, if it has one (its run stopped before it).
    func forget(_ job: Int) {
        let slot = entries[job].slot
        guard slot >= 0 else { return }
        unlist(job, at: slot)
    }

    /// Whether job `job`'s end is deferred.
    func isDeferred(_ job: Int) -> Bool { entries[job].slot >= 0 }

    /// Removes `job`, listed at `slot`, by moving the last job listed into its slot.
    private func unlist(_ job: Int, at slot: Int) {
        let last = jobs.removeLast()
        if last != job {
            jobs[slot] = last
            entries[last].slot = slot
        }
        entries[job].slot = -1
    }

    /// Moves the horizon to `horizon` (the pending review's time, `.max` if none) and
    /// hands `schedule` every listed run that now ends within it, in list order.
    func advance(to horizon: SimTime, _ schedule: (_ job: Int, _ end: SimTime, _ order: EventOrder) -> Void) {
        let widened = horizon > self.horizon
        self.horizon = horizon
        // A narrower horizon schedules nothing (every listed run ends after the old one),
        // nor does one short of the earliest listed end.
        guard widened, earliest <= horizon else { return }
        earliest = .max
        var position = 0
        while position < jobs.count {
            let job = jobs[position]
            let entry = entries[job]
            // Removing moves the last job into this position: look at it next.
            if entry.end <= horizon {
                unlist(job, at: position)
                guard let order = entry.order else { preconditionFailure("job \(job) deferred without its place") }
                schedule(job, entry.end, order)
            } else {
                earliest = Swift.min(earliest, entry.end)
                position += 1
            }
        }
    }
}
