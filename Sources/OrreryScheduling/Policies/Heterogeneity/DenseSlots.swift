/// Jobs kept densely in a list in no order, with each job's position in a per-job column
/// (-1: absent), so a job joins and leaves in O(1): the round scheduler's waiting and
/// running lists and its jobs present. Both changes are inlined: a round-based run makes
/// about eight million of them.
enum DenseSlots {
    @inline(__always)
    static func add(_ job: Int, to list: JobList, slots: JobColumn<Int>) {
        slots[job] = list.count
        list.append(job)
    }

    /// Removes `job` by moving the last entry into its slot.
    @inline(__always)
    static func remove(_ job: Int, from list: JobList, slots: JobColumn<Int>) {
        let slot = slots[job]
        let last = list.removeLast()
        if last != job {
            list[slot] = last
            slots[last] = slot
        }
        slots[job] = -1
    }
}
