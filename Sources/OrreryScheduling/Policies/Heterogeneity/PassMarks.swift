/// Per-job values that hold for one scheduling pass only, in arrays sized by the trace.
/// Each value is stamped with its pass, so a new pass forgets them all at once instead
/// of clearing the arrays (a round-based run makes tens of thousands of passes over
/// traces of tens of thousands of jobs).
struct PassMarks {
    /// Per job: the pass its value was set in, and the value, side by side (one cache
    /// line and one uniqueness check per read or write, where two arrays took two).
    private var marks: [Mark] = []
    private var pass = 0

    private struct Mark {
        var pass = 0
        var value = 0
    }

    /// Forgets every value, with room for `jobs` jobs.
    mutating func newPass(jobs: Int) {
        pass += 1
        if marks.count < jobs { marks += repeatElement(Mark(), count: jobs - marks.count) }
    }

    /// The value set for `job` in this pass, if any.
    subscript(job: Int) -> Int? {
        get {
            let mark = marks[job]
            return mark.pass == pass ? mark.value : nil
        }
        set { marks[job] = newValue.map { Mark(pass: pass, value: $0) } ?? Mark() }
    }

    /// Whether `job` has a value in this pass.
    func contains(_ job: Int) -> Bool { marks[job].pass == pass }
}

/// The marks a round-based pass keeps per job (``HeterogeneityAwareRoundScheduler``), in
/// one row per job: a round reads and writes several marks of each job present, and one
/// row is one cache line where an array per mark was one each (the jobs present are a
/// few hundred spread over the trace's tens of thousands). Rows are written in place
/// (``JobColumn``, shared by copies: one run's policy state owns them) and the rows a
/// pass wrote are cleared at the next, so a read is one load: a round reads a mark
/// about twenty million times a run, and stamping each row with its pass made every
/// read compare the stamp and choose between the row and a fresh one.
struct RoundMarks {
    private var rows = JobColumn<Row>(repeating: Row(), count: 0)
    /// The jobs whose rows this pass wrote.
    private let written = JobList()

    private struct Row {
        /// Type the job was chosen on in the round (-1: none).
        var chosenType: Int16 = -1
        var flags: UInt8 = 0
        /// Whether the job is listed in ``RoundMarks/written``.
        var isWritten = false
    }

    /// ``Row/flags``: started or kept in this pass; a running job that gives up its GPUs
    /// in the round's view; one the round stops.
    private static let placedFlag: UInt8 = 1, movedFlag: UInt8 = 2, stoppedFlag: UInt8 = 4

    /// Forgets every mark, with room for `jobs` jobs.
    mutating func newPass(jobs: Int) {
        for position in 0..<written.count { rows[written[position]] = Row() }
        written.removeAll()
        rows.grow(to: jobs, filling: Row())
    }

    private func row(_ job: Int) -> Row { rows.address(of: job).pointee }

    @inline(__always)
    private func update(_ job: Int, _ change: (inout Row) -> Void) {
        let row = rows.address(of: job)
        if !row.pointee.isWritten {
            row.pointee.isWritten = true
            written.append(job)
        }
        change(&row.pointee)
    }

    func isPlaced(_ job: Int) -> Bool { row(job).flags & Self.placedFlag != 0 }
    func markPlaced(_ job: Int) { update(job) { $0.flags |= Self.placedFlag } }

    func isMoved(_ job: Int) -> Bool { row(job).flags & Self.movedFlag != 0 }
    func markMoved(_ job: Int) { update(job) { $0.flags |= Self.movedFlag } }

    func isStopped(_ job: Int) -> Bool { row(job).flags & Self.stoppedFlag != 0 }
    func markStopped(_ job: Int) { update(job) { $0.flags |= Self.stoppedFlag } }

    func chosenType(_ job: Int) -> Int? {
        let type = row(job).chosenType
        return type >= 0 ? Int(type) : nil
    }
    func choose(_ job: Int, type: Int) { update(job) { $0.chosenType = Int16(type) } }
}
