/// A small linear program, solved exactly (up to floating-point tolerance) by the dense
/// two-phase simplex method (Dantzig's entering rule, Bland's after degenerate pivots).
///
/// maximise cᵀx subject to aᵢᵀx (≤ | ≥ | =) bᵢ for every constraint i, and x ≥ 0.
///
/// Phase 1 drives artificial variables (one per ≥ or = row) to zero, which finds a
/// feasible basis or proves there is none; phase 2 improves the objective from there.
/// The entering column is the one with the largest reduced cost (Dantzig's rule, few
/// pivots) until a run of degenerate pivots, then the lowest-numbered improving one
/// (Bland's rule; ties in the ratio test always go to the lowest-numbered basic column)
/// until a pivot makes progress. Bland's rule cannot cycle, and every pivot that makes
/// progress raises the objective, so no basis repeats and degenerate programs, common in
/// max-min allocations where many rows have bound 0, terminate (Bland, "New finite
/// pivoting rules for the simplex method", Math. of OR 1977; Chvátal, *Linear
/// Programming*, 1983, ch. 3 and 8). Meant for programs of up to a few hundred rows and
/// columns (Gavel's allocation over job classes): the tableau is dense, a pivot costs
/// O(rows × nonzero columns of the pivot row).
public struct LinearProgram: Sendable {
    public enum Relation: Sendable { case lessOrEqual, greaterOrEqual, equal }

    public enum Outcome: Sendable, Equatable {
        case optimal(values: [Double], objective: Double)
        case infeasible
        case unbounded
        /// Stopped after the pivot limit (floating-point trouble; Bland's rule itself
        /// terminates).
        case pivotLimit
    }

    /// Fixed at creation: the constraints are stored flat, `variableCount` per row.
    public let variableCount: Int
    /// The objective's coefficients, to maximise.
    public var objective: [Double]
    /// If set, among the solutions that maximise ``objective``, one that maximises this
    /// (lexicographic optimisation: the first optimum is kept exactly, from its own final
    /// tableau, by letting only columns of zero reduced cost enter).
    public var secondaryObjective: [Double]?
    /// The constraints, row after row: coefficients flat (`variableCount` per row), and
    /// each row's relation and bound. Flat so that a program of a few hundred rows is a
    /// few allocations, not one per row (the allocation is solved thousands of times a run).
    private(set) var coefficients: [Double] = []
    private(set) var relations: [Relation] = []
    private(set) var bounds: [Double] = []

    public var constraintCount: Int { bounds.count }
    /// One row of zeros, appended for each row added.
    private let zeroRow: [Double]

    /// Values within this of zero are zero (coefficients here are of order 1 to 10⁴).
    public static let tolerance = 1e-9

    public init(variableCount: Int, objective: [Double]) {
        self.variableCount = variableCount
        self.objective = objective
        zeroRow = [Double](repeating: 0, count: variableCount)
    }

    /// Makes room for `rows` more constraints.
    public mutating func reserveRows(_ rows: Int) {
        coefficients.reserveCapacity(coefficients.count + rows * variableCount)
        relations.reserveCapacity(relations.count + rows)
        bounds.reserveCapacity(bounds.count + rows)
    }

    /// Adds a constraint: one coefficient per variable (missing trailing ones count as 0).
    public mutating func add(_ coefficients: [Double], _ relation: Relation, _ bound: Double) {
        let row = addRow(relation, bound)
        for (column, value) in coefficients.prefix(variableCount).enumerated() { self[row, column] = value }
    }

    /// Adds a constraint with every coefficient 0 (set them through the subscript);
    /// returns its row.
    public mutating func addRow(_ relation: Relation, _ bound: Double) -> Int {
        coefficients += zeroRow
        relations.append(relation)
        bounds.append(bound)
        return bounds.count - 1
    }

    /// The coefficient of variable `column` in constraint `row`.
    public subscript(row: Int, column: Int) -> Double {
        get { coefficients[row * variableCount + column] }
        set { coefficients[row * variableCount + column] = newValue }
    }

    public func maximise() -> Outcome {
        var tableau = Tableau(self)
        if tableau.artificialCount > 0 {
            var phaseOne = [Double](repeating: 0, count: tableau.columns)
            for column in tableau.firstArtificial..<tableau.columns { phaseOne[column] = -1 }
            switch tableau.optimise(costs: phaseOne, allowArtificials: true) {
            case .unbounded, .pivotLimit: return .pivotLimit  // phase 1 is bounded by 0
            case .optimal(let value) where value < -Self.tolerance * Swift.max(1, tableau.boundScale): return .infeasible
            case .optimal: tableau.driveOutArtificials()
            }
        }
        func costs(_ objective: [Double]) -> [Double] {
            var costs = [Double](repeating: 0, count: tableau.columns)
            for (column, value) in objective.prefix(variableCount).enumerated() { costs[column] = value }
            return costs
        }
        let first = tableau.optimise(costs: costs(objective), allowArtificials: false)
        guard case .optimal(let value) = first else { return first == .unbounded ? .unbounded : .pivotLimit }
        if let secondaryObjective {
            // Columns whose reduced cost is negative at the first optimum stay out: any of
            // them entering would lower the first objective.
            let frozen = tableau.reduced.map { $0 < -Self.tolerance }
            if case .unbounded = tableau.optimise(costs: costs(secondaryObjective), allowArtificials: false, frozen: frozen) {
                return .unbounded
            }
        }
        var values = [Double](repeating: 0, count: variableCount)
        for (row, column) in tableau.basis.enumerated() where column < variableCount {
            values[column] = Swift.max(0, tableau.rhs(row))
        }
        return .optimal(values: values, objective: value)
    }
}

/// The simplex tableau: one row per constraint, columns for the variables, then one slack
/// or surplus per inequality, then one artificial per ≥ or = row, then the right-hand side.
private struct Tableau {
    var cells: [Double]
    let rows: Int
    let columns: Int
    let firstArtificial: Int
    var basis: [Int]
    /// The nonzero columns of the last pivot row.
    var pivotColumns: [Int] = []
    /// The reduced costs the last ``optimise(costs:allowArtificials:frozen:)`` ended with.
    var reduced: [Double] = []
    /// The largest |bᵢ|, to scale the phase-1 feasibility test.
    let boundScale: Double

    var artificialCount: Int { columns - firstArtificial }
    private var width: Int { columns + 1 }

    init(_ program: LinearProgram) {
        rows = program.constraintCount
        let n = program.variableCount
        // Rows with a negative bound are negated so that every bound is ≥ 0.
        var relations: [LinearProgram.Relation] = []
        var signs: [Double] = []
        relations.reserveCapacity(rows)
        signs.reserveCapacity(rows)
        for (relation, bound) in zip(program.relations, program.bounds) {
            let flip = bound < 0
            signs.append(flip ? -1 : 1)
            switch (relation, flip) {
            case (.lessOrEqual, false), (.greaterOrEqual, true): relations.append(.lessOrEqual)
            case (.greaterOrEqual, false), (.lessOrEqual, true): relations.append(.greaterOrEqual)
            case (.equal, _): relations.append(.equal)
            }
        }
        let slackCount = relations.count { $0 != .equal }
        let artificials = relations.count { $0 != .lessOrEqual }
        firstArtificial = n + slackCount
        columns = firstArtificial + artificials
        basis = [Int](repeating: 0, count: rows)
        boundScale = program.bounds.map { abs($0) }.max() ?? 0
        var slack = n, artificial = firstArtificial
        let width = columns + 1
        let columns = self.columns
        var basis = self.basis
        cells = [Double](repeating: 0, count: rows * width)
        cells.withUnsafeMutableBufferPointer { cells in
            program.coefficients.withUnsafeBufferPointer { coefficients in
                for row in 0..<rows {
                    let base = row * width
                    for column in 0..<n { cells[base + column] = signs[row] * coefficients[row * n + column] }
                    cells[base + columns] = signs[row] * program.bounds[row]
                    switch relations[row] {
                    case .lessOrEqual:
                        cells[base + slack] = 1
                        basis[row] = slack
                        slack += 1
                    case .greaterOrEqual:
                        cells[base + slack] = -1
                        slack += 1
                        cells[base + artificial] = 1
                        basis[row] = artificial
                        artificial += 1
                    case .equal:
                        cells[base + artificial] = 1
                        basis[row] = artificial
                        artificial += 1
                    }
                }
            }
        }
        self.basis = basis
    }

    func rhs(_ row: Int) -> Double { cells[row * width + columns] }

    enum Result: Equatable { case optimal(Double), unbounded, pivotLimit }

    /// Maximises `costs`ᵀx from the current (feasible) basis; columns marked in `frozen`
    /// never enter. Leaves the final reduced costs in ``reduced``.
    mutating func optimise(costs: [Double], allowArtificials: Bool, frozen: [Bool]? = nil) -> Result {
        let limit = allowArtificials ? columns : firstArtificial
        let width = self.width, rows = self.rows, columns = self.columns
        // Reduced costs d = c − c_Bᵀ B⁻¹A, kept up to date by every pivot; its last
        // entry is −(objective value).
        var reduced = costs + [0]
        for row in 0..<rows where costs[basis[row]] != 0 {
            let factor = costs[basis[row]]
            let base = row * width
            for column in 0..<width { reduced[column] -= factor * cells[base + column] }
        }
        let tolerance = LinearProgram.tolerance
        let maxPivots = 50 * (rows + columns) + 1000
        var degenerateRun = 0
        var outcome = Result.pivotLimit
        for _ in 0..<maxPivots {
            // Dantzig's rule (the largest reduced cost) while pivots make progress; after
            // a run of degenerate pivots, Bland's rule (the lowest-numbered improving
            // column) until one makes progress again, which rules out cycling.
            let useBland = degenerateRun >= Self.degenerateRunBeforeBland
            var entering = -1
            var largest = tolerance
            for column in 0..<limit where reduced[column] > largest && !(frozen?[column] ?? false) {
                entering = column
                if useBland { break }
                largest = reduced[column]
            }
            guard entering >= 0 else {
                outcome = .optimal(-reduced[columns])
                break
            }
            // The ratio test: ties go to the lowest-numbered basic column (Bland).
            var leaving = -1
            var best = Double.infinity
            cells.withUnsafeBufferPointer { cells in
                for row in 0..<rows {
                    let a = cells[row * width + entering]
                    guard a > tolerance else { continue }
                    let ratio = cells[row * width + columns] / a
                    if ratio < best - tolerance || (ratio <= best + tolerance && (leaving < 0 || basis[row] < basis[leaving])) {
                        if ratio < best { best = ratio }
                        leaving = row
                    }
                }
            }
            guard leaving >= 0 else {
                outcome = .unbounded
                break
            }
            degenerateRun = best <= tolerance ? degenerateRun + 1 : 0
            pivot(row: leaving, column: entering)
            let factor = reduced[entering]
            let base = leaving * width
            for column in pivotColumns { reduced[column] -= factor * cells[base + column] }
            reduced[entering] = 0
        }
        self.reduced = reduced
        return outcome
    }

    /// Degenerate pivots in a row after which the entering column is chosen by Bland's rule.
    static let degenerateRunBeforeBland = 8

    /// After a feasible phase 1, pivots artificial variables still basic (at zero) out of
    /// the basis where a real column can replace them; rows where none can are redundant
    /// and keep their artificial at zero (it never enters again).
    mutating func driveOutArtificials() {
        for row in 0..<rows where basis[row] >= firstArtificial {
            let base = row * width
            if let column = (0..<firstArtificial).first(where: { abs(cells[base + $0]) > LinearProgram.tolerance }) {
                pivot(row: row, column: column)
            }
        }
    }

    /// Pivots on (`pivotRow`, `column`). Only the pivot row's nonzero columns change the
    /// other rows (kept in ``pivotColumns`` for the caller's reduced costs): the tableau is
    /// sparse (each slack and artificial column has one entry), so this is most of the
    /// speed of a pivot.
    mutating func pivot(row pivotRow: Int, column: Int) {
        let width = self.width, rows = self.rows
        // Taken out of the tableau, not copied: a copy shared the buffer, so clearing it
        // allocated a new one every pivot.
        var nonzero: [Int] = []
        swap(&nonzero, &pivotColumns)
        nonzero.removeAll(keepingCapacity: true)
        cells.withUnsafeMutableBufferPointer { buffer in
            guard let cells = buffer.baseAddress else { return }
            let pivotCells = cells + pivotRow * width
            let scale = 1 / pivotCells[column]
            var c = 0
            while c < width {
                if pivotCells[c] != 0 {
                    pivotCells[c] *= scale
                    nonzero.append(c)
                }
                c += 1
            }
            pivotCells[column] = 1
            nonzero.withUnsafeBufferPointer { nonzero in
                guard let first = nonzero.baseAddress else { return }
                let count = nonzero.count
                for row in 0..<rows where row != pivotRow {
                    let other = cells + row * width
                    let factor = other[column]
                    guard factor != 0 else { continue }
                    var k = 0
                    while k < count {
                        let c = first[k]
                        other[c] -= factor * pivotCells[c]
                        k += 1
                    }
                    other[column] = 0
                }
            }
        }
        pivotColumns = nonzero
        basis[pivotRow] = column
    }
}
