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

/// The marks a round-based pass keeps per job (``HeterogeneityAwareRoundScheduler``).
struct RoundMarks {
    /// Started or kept in this pass (value unused).
    var placed = PassMarks()
    /// Type each job was chosen on in the round.
    var chosenType = PassMarks()
    /// Position of each running job in the pass's running list, and the GPU type it
    /// runs on (none if its placement spans types).
    var runningPosition = PassMarks()
    var currentType = PassMarks()
    /// Running jobs that give up their GPUs in the round's view (value unused).
    var moved = PassMarks()
    /// Running jobs the round stops (value unused).
    var stopped = PassMarks()

    mutating func newPass(jobs: Int) {
        placed.newPass(jobs: jobs)
        chosenType.newPass(jobs: jobs)
        runningPosition.newPass(jobs: jobs)
        currentType.newPass(jobs: jobs)
        moved.newPass(jobs: jobs)
        stopped.newPass(jobs: jobs)
    }
}
