import Testing
import OrreryKernel
@testable import OrreryScheduling

/// The in-place per-job storage of models and sessions (``JobColumn``, ``JobList``) and
/// the dense sets kept on them (``DenseSlots``), against arrays and sets.
@Suite struct JobColumnTests {
    @Test func aColumnKeepsWhatIsWrittenAndGrowsWithItsValues() {
        let column = JobColumn([3, 1, 4])
        column[1] = 7
        column[2] += 10
        #expect((0..<column.count).map { column[$0] } == [3, 7, 14])
        column.grow(to: 6, filling: -1)
        #expect((0..<column.count).map { column[$0] } == [3, 7, 14, -1, -1, -1])
        column.grow(to: 2, filling: 0)
        #expect(column.count == 6)
    }

    /// Rows are changed in place, field by field, as the model changes a job's run.
    @Test func aColumnOfRowsChangesOneFieldInPlace() {
        let runs = JobColumn([JobSpec(id: "a", gpus: 2, submit: .zero, duration: .seconds(5))].map(RunFigures.init(job:)))
        runs[0].preemptions += 1
        runs[0].begin(at: .seconds(3), restartDelay: .seconds(1), pace: 0.5, gpus: 4)
        #expect(runs[0].preemptions == 1 && runs[0].runStart == .seconds(3) && runs[0].runGPUs == 4 && runs[0].gpus == 2)
    }

    @Test func aListGrowsPastItsCapacityInOrder() {
        let list = JobList(capacity: 2)
        for job in 0..<37 { list.append(job * 3) }
        #expect(list.jobs == (0..<37).map { $0 * 3 })
        #expect(list.removeLast() == 108 && list.count == 36)
        list[0] = 99
        #expect(list[0] == 99)
        list.removeAll()
        #expect(list.isEmpty && list.jobs.isEmpty)
        list.append(5)
        #expect(list.jobs == [5])
    }

    /// Random joins and leaves: the list holds exactly the jobs present, and each job's
    /// slot is its position there (-1 when absent).
    @Test(arguments: [1, 2, 3] as [UInt64])
    func denseSlotsHoldExactlyThePresentJobs(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("dense-slots")
        let jobs = 50
        let list = JobList()
        let slots = JobColumn(repeating: -1, count: jobs)
        var present = Set<Int>()
        for step in 0..<500 {
            let job = Int(random.uniformInt(below: UInt32(jobs)))
            if present.remove(job) != nil {
                DenseSlots.remove(job, from: list, slots: slots)
            } else {
                present.insert(job)
                DenseSlots.add(job, to: list, slots: slots)
            }
            #expect(Set(list.jobs) == present && list.count == present.count, "seed \(seed) step \(step)")
            for job in 0..<jobs {
                let slot = slots[job]
                #expect(present.contains(job) ? list[slot] == job : slot == -1, "seed \(seed) step \(step) job \(job)")
            }
        }
    }
}
