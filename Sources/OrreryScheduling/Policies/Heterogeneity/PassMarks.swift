/// Per-job values that hold for one scheduling pass only, in arrays sized by the trace.
/// Each value is stamped with its pass, so a new pass forgets them all at once instead
/// of clearing the arrays (a round-based run makes tens of thousands of passes over
/// traces of tens of thousands of jobs).
struct PassMarks {
    private var stamps: [Int] = []
    private var values: [Int] = []
    private var pass = 0

    /// Forgets every value, with room for `jobs` jobs.
    mutating func newPass(jobs: Int) {
        pass += 1
        if stamps.count < jobs {
            stamps += repeatElement(0, count: jobs - stamps.count)
            values += repeatElement(0, count: jobs - values.count)
        }
    }

    /// The value set for `job` in this pass, if any.
    subscript(job: Int) -> Int? {
        get { stamps[job] == pass ? values[job] : nil }
        set {
            stamps[job] = newValue == nil ? 0 : pass
            values[job] = newValue ?? 0
        }
    }

    /// Whether `job` has a value in this pass.
    func contains(_ job: Int) -> Bool { stamps[job] == pass }
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
