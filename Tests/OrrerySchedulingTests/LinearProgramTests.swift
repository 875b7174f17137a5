import Testing
import OrreryKernel
@testable import OrreryScheduling

/// The dense simplex against hand-solved programs and against vertex enumeration on
/// random tiny programs.
@Suite struct LinearProgramTests {
    func solution(_ program: LinearProgram) -> (values: [Double], objective: Double)? {
        if case .optimal(let values, let objective) = program.maximise() { return (values, objective) }
        return nil
    }

    /// max 3x + 2y, x + y ≤ 4, x + 3y ≤ 6, x ≤ 3: the vertex (3, 1), value 11.
    @Test func solvesAProgramWithInequalities() throws {
        var program = LinearProgram(variableCount: 2, objective: [3, 2])
        program.add([1, 1], .lessOrEqual, 4)
        program.add([1, 3], .lessOrEqual, 6)
        program.add([1, 0], .lessOrEqual, 3)
        let result = try #require(solution(program))
        #expect(abs(result.objective - 11) < 1e-9)
        #expect(abs(result.values[0] - 3) < 1e-9 && abs(result.values[1] - 1) < 1e-9)
    }

    /// min x + y (max −x − y), x + 2y ≥ 4, 3x + y ≥ 6: the vertex (8/5, 6/5), value −14/5
    /// (the other vertices (0, 6) and (4, 0) cost 6 and 4). Needs phase 1.
    @Test func solvesAProgramWithLowerBounds() throws {
        var program = LinearProgram(variableCount: 2, objective: [-1, -1])
        program.add([1, 2], .greaterOrEqual, 4)
        program.add([3, 1], .greaterOrEqual, 6)
        let result = try #require(solution(program))
        #expect(abs(result.objective + 2.8) < 1e-9)
        #expect(abs(result.values[0] - 1.6) < 1e-9 && abs(result.values[1] - 1.2) < 1e-9)
    }

    /// max x + 2y + z, x + y + z = 1, y ≤ 0.25, and −x ≤ −0.5 (a negative bound: x ≥ 0.5).
    /// The value is (x + z) + 2y = 1 + y, so y = 0.25 and the optimum is 1.25.
    @Test func solvesEqualitiesAndNegativeBounds() throws {
        var program = LinearProgram(variableCount: 3, objective: [1, 2, 1])
        program.add([1, 1, 1], .equal, 1)
        program.add([0, 1, 0], .lessOrEqual, 0.25)
        program.add([-1, 0, 0], .lessOrEqual, -0.5)
        let result = try #require(solution(program))
        #expect(abs(result.objective - 1.25) < 1e-9)
        #expect(abs(result.values.reduce(0, +) - 1) < 1e-9)
        #expect(result.values[0] >= 0.5 - 1e-9 && abs(result.values[1] - 0.25) < 1e-9)
    }

    /// max x, then max 2y − x among the optima: x ≤ 1, y ≤ 1, x + y ≤ 1.5. The first
    /// objective fixes x = 1 (alone, 2y − x would peak at x = 0, y = 1), so y = 0.5.
    @Test func keepsTheFirstOptimumWhenOptimisingTheSecondObjective() throws {
        var program = LinearProgram(variableCount: 2, objective: [1, 0])
        program.add([1, 0], .lessOrEqual, 1)
        program.add([0, 1], .lessOrEqual, 1)
        program.add([1, 1], .lessOrEqual, 1.5)
        program.secondaryObjective = [-1, 2]
        let result = try #require(solution(program))
        #expect(abs(result.objective - 1) < 1e-9)
        #expect(abs(result.values[0] - 1) < 1e-9 && abs(result.values[1] - 0.5) < 1e-9)
    }

    @Test func reportsInfeasibleAndUnboundedPrograms() {
        var infeasible = LinearProgram(variableCount: 1, objective: [1])
        infeasible.add([1], .greaterOrEqual, 2)
        infeasible.add([1], .lessOrEqual, 1)
        #expect(infeasible.maximise() == .infeasible)
        var unbounded = LinearProgram(variableCount: 2, objective: [1, 0])
        unbounded.add([1, -1], .lessOrEqual, 1)
        #expect(unbounded.maximise() == .unbounded)
    }

    /// Beale's example (1955), which cycles under the textbook largest-coefficient rule;
    /// Bland's rule reaches the optimum 5/4 at x₁ = 1, x₃ = 1.
    @Test func terminatesOnBealesCyclingExample() throws {
        var program = LinearProgram(variableCount: 4, objective: [0.75, -20, 0.5, -6])
        program.add([0.25, -8, -1, 9], .lessOrEqual, 0)
        program.add([0.5, -12, -0.5, 3], .lessOrEqual, 0)
        program.add([0, 0, 1, 0], .lessOrEqual, 1)
        let result = try #require(solution(program))
        #expect(abs(result.objective - 1.25) < 1e-9)
    }

    /// Random programs in 2 or 3 variables inside the box 0 ≤ x ≤ 10 with ≤ and ≥ rows:
    /// the simplex's optimum (or infeasibility) equals the best vertex found by solving
    /// every choice of n tight constraints.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func agreesWithVertexEnumeration(seed: UInt64) {
        let random = RandomStreams(masterSeed: seed).stream("lp")
        func integer(_ low: Int, _ high: Int) -> Double { Double(low + Int(random.uniformInt(below: UInt32(high - low + 1)))) }
        for trial in 0..<60 {
            let n = 2 + Int(random.uniformInt(below: 2))
            let objective = (0..<n).map { _ in integer(-5, 5) }
            var program = LinearProgram(variableCount: n, objective: objective)
            var rows: [(a: [Double], b: Double, lessOrEqual: Bool)] = []
            for i in 0..<n {
                var box = [Double](repeating: 0, count: n)
                box[i] = 1
                rows.append((box, 10, true))
            }
            for _ in 0..<(1 + Int(random.uniformInt(below: 4))) {
                let a = (0..<n).map { _ in integer(-4, 4) }
                rows.append((a, integer(-6, 20), random.uniformInt(below: 3) != 0))
            }
            for row in rows { program.add(row.a, row.lessOrEqual ? .lessOrEqual : .greaterOrEqual, row.b) }
            let expected = Self.bestVertex(n: n, objective: objective, rows: rows)
            switch program.maximise() {
            case .optimal(let values, let value):
                #expect(expected != nil, "seed \(seed) trial \(trial): simplex found \(value), enumeration none")
                if let expected { #expect(abs(value - expected) < 1e-7, "seed \(seed) trial \(trial): \(value) vs \(expected)") }
                // The values satisfy every row and give the objective.
                for row in rows {
                    let lhs = zip(row.a, values).reduce(0) { $0 + $1.0 * $1.1 }
                    #expect(row.lessOrEqual ? lhs <= row.b + 1e-7 : lhs >= row.b - 1e-7, "seed \(seed) trial \(trial)")
                }
                #expect(abs(zip(objective, values).reduce(0) { $0 + $1.0 * $1.1 } - value) < 1e-7)
            case .infeasible:
                #expect(expected == nil, "seed \(seed) trial \(trial): simplex infeasible, enumeration \(expected ?? 0)")
            case .unbounded, .pivotLimit:
                Issue.record("seed \(seed) trial \(trial): unexpected outcome (the box bounds every program)")
            }
        }
    }

    /// The best objective over vertices of {x ≥ 0} ∩ rows, or nil if none is feasible.
    static func bestVertex(n: Int, objective: [Double], rows: [(a: [Double], b: Double, lessOrEqual: Bool)]) -> Double? {
        var planes = rows.map { ($0.a, $0.b) }
        for i in 0..<n {
            var unit = [Double](repeating: 0, count: n)
            unit[i] = 1
            planes.append((unit, 0))
        }
        var best: Double?
        func visit(_ chosen: [Int], from start: Int) {
            if chosen.count == n {
                guard let x = solve(chosen.map { planes[$0] }, n: n) else { return }
                let feasible = x.allSatisfy { $0 >= -1e-9 } && rows.allSatisfy { row in
                    let lhs = zip(row.a, x).reduce(0) { $0 + $1.0 * $1.1 }
                    return row.lessOrEqual ? lhs <= row.b + 1e-9 : lhs >= row.b - 1e-9
                }
                if feasible {
                    let value = zip(objective, x).reduce(0) { $0 + $1.0 * $1.1 }
                    best = Swift.max(best ?? value, value)
                }
                return
            }
            guard start < planes.count else { return }
            for next in start..<planes.count { visit(chosen + [next], from: next + 1) }
        }
        visit([], from: 0)
        return best
    }

    /// Gaussian elimination with partial pivoting; nil when singular.
    static func solve(_ planes: [([Double], Double)], n: Int) -> [Double]? {
        var m = planes.map { $0.0 + [$0.1] }
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(m[$0][column]) < abs(m[$1][column]) }), abs(m[pivot][column]) > 1e-12
            else { return nil }
            m.swapAt(column, pivot)
            for row in 0..<n where row != column {
                let factor = m[row][column] / m[column][column]
                for c in column...n { m[row][c] -= factor * m[column][c] }
            }
        }
        return (0..<n).map { m[$0][n] / m[$0][$0] }
    }
}
