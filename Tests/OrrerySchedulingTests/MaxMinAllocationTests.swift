import Testing
import OrreryKernel
@testable import OrreryScheduling

/// Gavel's max-min allocation on hand-solved cases, and the class reduction against the
/// program over every job.
@Suite struct MaxMinAllocationTests {
    typealias Job = MaxMinAllocation.Job

    /// Three jobs twice as fast on type 0 as on type 1, one GPU of each: normalised
    /// throughputs 4/3 and 2/3; the whole cluster is worth 2 normalised units, so each
    /// job gets 2/3: a third of each type.
    @Test func identicalJobsShareEveryTypeEqually() {
        let jobs = Array(repeating: Job(gpus: 1, throughputs: [2, 1]), count: 3)
        let allocation = MaxMinAllocation(jobs: jobs, capacities: [1, 1])
        #expect(abs(allocation.minimum - 2.0 / 3) < 1e-9)
        for row in allocation.shares {
            #expect(abs(row[0] - 1.0 / 3) < 1e-6 && abs(row[1] - 1.0 / 3) < 1e-6)
        }
    }

    /// Gavel's scale factor: a 2-GPU and a 1-GPU job on 2 GPUs of one type get equal
    /// GPU-time, so the 2-GPU job runs half the time: 2·X₀ = X₁ with 2X₀ + X₁ ≤ 2.
    @Test func largerJobsGetLessTimeForEqualGPUTime() {
        let allocation = MaxMinAllocation(jobs: [Job(gpus: 2, throughputs: [1]), Job(gpus: 1, throughputs: [1])], capacities: [2])
        #expect(abs(allocation.shares[0][0] - 0.5) < 1e-6 && abs(allocation.shares[1][0] - 1) < 1e-6)
        #expect(abs(allocation.minimum - 1) < 1e-9)
    }

    /// Job a runs twice as fast on type 0, job b equally fast on both (one GPU each).
    /// Any split gives b 1; a gets 2/3 + 2/3·x for its share x of type 0, so the minimum
    /// is 1 once x ≥ ½, and the second program gives a all of type 0 (a: 4/3). The
    /// agnostic allocation only promises each job a whole GPU's time.
    @Test func awareAllocationGivesTheFastTypeToTheJobThatGainsMost() {
        let jobs = [Job(gpus: 1, throughputs: [2, 1]), Job(gpus: 1, throughputs: [1, 1])]
        let aware = MaxMinAllocation(jobs: jobs, capacities: [1, 1])
        #expect(abs(aware.minimum - 1) < 1e-9)
        #expect(abs(aware.shares[0][0] - 1) < 1e-6 && abs(aware.shares[0][1]) < 1e-6)
        #expect(abs(aware.shares[1][0]) < 1e-6 && abs(aware.shares[1][1] - 1) < 1e-6)
        let agnostic = MaxMinAllocation(jobs: jobs, capacities: [1, 1], heterogeneityAware: false)
        #expect(abs(agnostic.minimum - 1) < 1e-9)
        for row in agnostic.shares { #expect(abs(row.reduce(0, +) - 1) < 1e-6) }
    }

    /// A job that cannot use a type (throughput 0, or more GPUs than the type has) gets
    /// no time there; a job no type can hold gets none at all and does not lower the
    /// minimum.
    @Test func infeasibleTypesGetNoShare() {
        let jobs = [Job(gpus: 1, throughputs: [1, 0]), Job(gpus: 4, throughputs: [1, 1]), Job(gpus: 16, throughputs: [1, 1])]
        let allocation = MaxMinAllocation(jobs: jobs, capacities: [2, 8])
        #expect(allocation.shares[0][1] == 0)
        #expect(allocation.shares[1][0] == 0)
        #expect(allocation.shares[2] == [0, 0])
        #expect(allocation.minimum > 0)
    }

    /// Random instances: the class programs reach the same minimum as the program over
    /// every job, and the shares they give are feasible (rows at most 1, no type over
    /// capacity).
    @Test(arguments: [1, 2, 3] as [UInt64])
    func classesReachTheMinimumOfTheFullProgram(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("max-min")
        let kinds = [[2.0, 1.0], [1.0, 1.0], [3.0, 1.0], [1.0, 0.0]]
        for trial in 0..<30 {
            let capacities = [1 + Int(random.uniformInt(below: 4)), 1 + Int(random.uniformInt(below: 4))]
            let jobs = (0..<(1 + Int(random.uniformInt(below: 7)))).map { _ in
                Job(gpus: 1 + Int(random.uniformInt(below: 3)), throughputs: kinds[Int(random.uniformInt(below: 4))])
            }
            for aware in [true, false] {
                let allocation = MaxMinAllocation(jobs: jobs, capacities: capacities, heterogeneityAware: aware)
                let direct = Self.directMinimum(jobs: jobs, capacities: capacities, aware: aware)
                #expect(abs(allocation.minimum - direct) < 1e-7, "seed \(seed) trial \(trial) aware \(aware)")
                for row in allocation.shares { #expect(row.reduce(0, +) <= 1 + 1e-6) }
                for t in capacities.indices {
                    let used = zip(jobs, allocation.shares).reduce(0.0) { $0 + Double($1.0.gpus) * $1.1[t] }
                    #expect(used <= Double(capacities[t]) + Double(jobs.count) * 1e-6, "seed \(seed) trial \(trial) type \(t)")
                }
            }
        }
    }

    /// Classes that all fit on their fastest types get the programs' optimum without
    /// them: the same shares and minimum as solved, 1 on that type and 0 elsewhere.
    /// Instances are made to fit and made not to, with ties between types.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func uncontendedAllocationsAreThePrograms(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("uncontended")
        func pick(_ n: Int) -> Int { Int(random.uniformInt(below: UInt32(n))) }
        var solver = MaxMinSolver(), reference = MaxMinSolver()
        var presolved = 0
        for trial in 0..<80 {
            let types = 1 + pick(3)
            let classes = (0..<(1 + pick(6))).map { _ in
                MaxMinAllocation.ClassKey(gpus: 1 + pick(4), row: (0..<types).map { _ in Double(pick(4)) / 2 })
            }.filter { $0.row.contains { $0 > 0 } }
            guard !classes.isEmpty else { continue }
            let members = classes.map { _ in 1 + pick(3) }
            let needed = zip(classes, members).reduce(0) { $0 + $1.0.gpus * $1.1 }
            let capacities = (0..<types).map { _ in trial % 2 == 0 ? needed : 1 + pick(needed) }
            let order = Array(classes.indices)
            var shares: [Double] = [], solved: [Double] = []
            let minimum = solver.solve(classes: classes, order: order, members: members, capacities: capacities, shares: &shares)
            let expected = reference.solve(
                classes: classes, order: order, members: members, capacities: capacities, shares: &solved, presolving: false)
            #expect(shares == solved, "seed \(seed) trial \(trial)")
            #expect(abs(minimum - expected) < 1e-9, "seed \(seed) trial \(trial)")
            // Each class alone on its fastest type, within every capacity: presolved.
            let fastest = classes.map { key in key.row.indices.filter { key.row[$0] == key.row.max() } }
            var load = [Int](repeating: 0, count: types)
            for (k, key) in classes.enumerated() where fastest[k].count == 1 { load[fastest[k][0]] += key.gpus * members[k] }
            if fastest.allSatisfy({ $0.count == 1 }) && zip(load, capacities).allSatisfy({ $0 <= $1 }) {
                presolved += 1
                for (k, types) in fastest.enumerated() { #expect(shares[k * capacities.count + types[0]] == 1) }
            }
        }
        #expect(presolved >= 5, "seed \(seed): \(presolved) uncontended instances")
    }

    /// The first program written over every job (no classes).
    static func directMinimum(jobs: [Job], capacities: [Int], aware: Bool) -> Double {
        let types = capacities.count
        var normalised: [[Double]] = []
        for job in jobs {
            let usable = (0..<types).filter { job.throughputs[$0] > 0 && job.gpus <= capacities[$0] }
            let gpus = usable.reduce(0) { $0 + capacities[$1] }
            let mean = usable.reduce(0.0) { $0 + job.throughputs[$1] * Double(capacities[$1]) } / Double(Swift.max(1, gpus))
            normalised.append((0..<types).map { usable.contains($0) ? (aware ? job.throughputs[$0] / mean : 1) : 0 })
        }
        let counted = jobs.indices.filter { normalised[$0].contains { $0 > 0 } }
        guard !counted.isEmpty else { return 0 }
        let width = jobs.count * types + 1
        var program = LinearProgram(variableCount: width, objective: [Double](repeating: 0, count: width - 1) + [1])
        for j in counted {
            var row = [Double](repeating: 0, count: width)
            for t in 0..<types { row[j * types + t] = -Double(jobs[j].gpus) * normalised[j][t] }
            row[width - 1] = 1
            program.add(row, .lessOrEqual, 0)
        }
        for j in jobs.indices {
            var row = [Double](repeating: 0, count: width)
            for t in 0..<types { row[j * types + t] = 1 }
            program.add(row, .lessOrEqual, 1)
            for t in 0..<types where normalised[j][t] == 0 {
                var zero = [Double](repeating: 0, count: width)
                zero[j * types + t] = 1
                program.add(zero, .lessOrEqual, 0)
            }
        }
        for t in 0..<types {
            var row = [Double](repeating: 0, count: width)
            for j in jobs.indices { row[j * types + t] = Double(jobs[j].gpus) }
            program.add(row, .lessOrEqual, Double(capacities[t]))
        }
        guard case .optimal(_, let value) = program.maximise() else { return -1 }
        return value
    }
}
