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
    /// The jobs listed, densely in no order, and each one's position (-1: not listed).
    private let jobs = JobList()
    private let slots: JobColumn<Int>
    private let ends: JobColumn<SimTime>
    private let orders: JobColumn<EventOrder?>
    /// The pending review's time, or `.max` when no review is pending (then nothing is
    /// deferred).
    private(set) var horizon: SimTime = .max

    init(jobCount: Int) {
        slots = JobColumn(repeating: -1, count: jobCount)
        ends = JobColumn(repeating: .zero, count: jobCount)
        orders = JobColumn(repeating: nil, count: jobCount)
    }

    /// Lists job `job`'s run ending at `end` if its event can wait, with `order`, the
    /// place its event takes now (called only then); false if the event must be
    /// scheduled now.
    func deferEnd(of job: Int, at end: SimTime, order: () -> EventOrder) -> Bool {
        guard end > horizon else { return false }
        ends[job] = end
        orders[job] = order()
        DenseSlots.add(job, to: jobs, slots: slots)
        return true
    }

    /// Forgets job `job`'s deferred end, if it has one (its run stopped before it).
    func forget(_ job: Int) {
        guard slots[job] >= 0 else { return }
        DenseSlots.remove(job, from: jobs, slots: slots)
    }

    /// Whether job `job`'s end is deferred.
    func isDeferred(_ job: Int) -> Bool { slots[job] >= 0 }

    /// Moves the horizon to `horizon` (the pending review's time, `.max` if none) and
    /// hands `schedule` every listed run that now ends within it, in list order.
    func advance(to horizon: SimTime, _ schedule: (_ job: Int, _ end: SimTime, _ order: EventOrder) -> Void) {
        let widened = horizon > self.horizon
        self.horizon = horizon
        // A narrower horizon schedules nothing: every listed run ends after the old one.
        guard widened else { return }
        var position = 0
        while position < jobs.count {
            let job = jobs[position]
            // Removing moves the last job into this position: look at it next.
            if ends[job] <= horizon {
                DenseSlots.remove(job, from: jobs, slots: slots)
                guard let order = orders[job] else { preconditionFailure("job \(job) deferred without its place") }
                schedule(job, ends[job], order)
            } else {
                position += 1
            }
        }
    }
}
