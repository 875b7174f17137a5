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

    /// The constraints are stored flat, `variableCount` per row.
    public private(set) var variableCount: Int
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

    /// Values within this of zero are zero (coefficients here are of order 1 to 10⁴).
    public static let tolerance = 1e-9

    public init(variableCount: Int, objective: [Double]) {
        self.variableCount = variableCount
        self.objective = objective
    }

    /// Empties the program for `variableCount` variables, every objective coefficient 0
    /// and no secondary objective, keeping its memory for the next program.
    mutating func reset(variableCount: Int) {
        self.variableCount = variableCount
        objective.removeAll(keepingCapacity: true)
        objective.append(contentsOf: repeatElement(0, count: variableCount))
        secondaryObjective = nil
        coefficients.removeAll(keepingCapacity: true)
        relations.removeAll(keepingCapacity: true)
        bounds.removeAll(keepingCapacity: true)
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
        coefficients.append(contentsOf: repeatElement(0, count: variableCount))
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
        var workspace = SimplexWorkspace()
        switch maximise(in: &workspace) {
        case .optimal(let objective): return .optimal(values: workspace.values, objective: objective)
        case .infeasible: return .infeasible
        case .unbounded: return .unbounded
        case .pivotLimit: return .pivotLimit
        }
    }

    /// ``maximise()`` in `workspace`'s memory, which keeps the optimum's values
    /// (``SimplexWorkspace/values``): the same pivots, without allocating once the
    /// workspace has held a program as large.
    func maximise(in workspace: inout SimplexWorkspace) -> SimplexWorkspace.Status {
        var tableau = Tableau()
        swap(&tableau, &workspace.tableau)
        defer { swap(&tableau, &workspace.tableau) }
        tableau.load(self)
        if tableau.artificialCount > 0 {
            workspace.fillCosts(count: tableau.columns) { costs in
                for column in tableau.firstArtificial..<tableau.columns { costs[column] = -1 }
            }
            switch tableau.optimise(costs: workspace.costs, allowArtificials: true) {
            case .unbounded, .infeasible, .pivotLimit: return .pivotLimit  // phase 1 is bounded by 0
            case .optimal(let value) where value < -Self.tolerance * Swift.max(1, tableau.boundScale): return .infeasible
            case .optimal: tableau.driveOutArtificials()
            }
        }
        let variableCount = self.variableCount
        func fill(_ costs: inout [Double], from objective: [Double]) {
            for (column, value) in objective.prefix(variableCount).enumerated() { costs[column] = value }
        }
        workspace.fillCosts(count: tableau.columns) { fill(&$0, from: objective) }
        let first = tableau.optimise(costs: workspace.costs, allowArtificials: false)
        guard case .optimal(let value) = first else { return first }
        if let secondaryObjective {
            // Columns whose reduced cost is negative at the first optimum stay out: any of
            // them entering would lower the first objective.
            workspace.frozen.removeAll(keepingCapacity: true)
            for reduced in tableau.reduced { workspace.frozen.append(reduced < -Self.tolerance) }
            workspace.fillCosts(count: tableau.columns) { fill(&$0, from: secondaryObjective) }
            if case .unbounded = tableau.optimise(costs: workspace.costs, allowArtificials: false, frozen: workspace.frozen) {
                return .unbounded
            }
        }
        workspace.values.removeAll(keepingCapacity: true)
        workspace.values.append(contentsOf: repeatElement(0, count: variableCount))
        for (row, column) in tableau.basis.enumerated() where column < variableCount {
            workspace.values[column] = Swift.max(0, tableau.rhs(row))
        }
        return .optimal(value)
    }
}

/// The memory of ``LinearProgram/maximise(in:)``, kept by a caller that solves many
/// programs (a round-based policy solves one whenever the jobs present change).
struct SimplexWorkspace {
    /// How a program, or one simplex phase, ended (a phase never finds infeasibility:
    /// phase 1's optimum tells it).
    enum Status: Equatable { case optimal(Double), infeasible, unbounded, pivotLimit }

    fileprivate var tableau = Tableau()
    fileprivate var costs: [Double] = []
    fileprivate var frozen: [Bool] = []
    /// The variables' values at the last optimum found.
    fileprivate(set) var values: [Double] = []

    /// Sets ``costs`` to `count` zeros, then lets `set` write the others.
    fileprivate mutating func fillCosts(count: Int, _ set: (inout [Double]) -> Void) {
        costs.removeAll(keepingCapacity: true)
        costs.append(contentsOf: repeatElement(0, count: count))
        set(&costs)
    }
}

/// The simplex tableau: one row per constraint, columns for the variables, then one slack
/// or surplus per inequality, then one artificial per ≥ or = row, then the right-hand side.
/// Loaded anew for each program, in the memory of the last.
private struct Tableau {
    var cells: [Double] = []
    private(set) var rows = 0
    private(set) var columns = 0
    private(set) var firstArtificial = 0
    var basis: [Int] = []
    /// The nonzero columns of the last pivot row.
    var pivotColumns: [Int] = []
    /// The reduced costs the last ``optimise(costs:allowArtificials:frozen:)`` ended with.
    var reduced: [Double] = []
    /// The largest |bᵢ|, to scale the phase-1 feasibility test.
    private(set) var boundScale = 0.0

    var artificialCount: Int { columns - firstArtificial }
    private var width: Int { columns + 1 }

    /// The relation of a row once it is negated when its bound is negative (so that
    /// every bound is ≥ 0).
    private static func relation(_ relation: LinearProgram.Relation, negated: Bool) -> LinearProgram.Relation {
        switch (relation, negated) {
        case (.lessOrEqual, false), (.greaterOrEqual, true): .lessOrEqual
        case (.greaterOrEqual, false), (.lessOrEqual, true): .greaterOrEqual
        case (.equal, _): .equal
        }
    }

    mutating func load(_ program: LinearProgram) {
        rows = program.constraintCount
        let n = program.variableCount
        var slackCount = 0, artificials = 0
        boundScale = 0
        for (relation, bound) in zip(program.relations, program.bounds) {
            let relation = Self.relation(relation, negated: bound < 0)
            if relation != .equal { slackCount += 1 }
            if relation != .lessOrEqual { artificials += 1 }
            boundScale = Swift.max(boundScale, abs(bound))
        }
        firstArtificial = n + slackCount
        columns = firstArtificial + artificials
        basis.removeAll(keepingCapacity: true)
        basis.append(contentsOf: repeatElement(0, count: rows))
        var slack = n, artificial = firstArtificial
        let width = columns + 1
        let columns = self.columns
        cells.removeAll(keepingCapacity: true)
        cells.append(contentsOf: repeatElement(0, count: rows * width))
        let rows = self.rows
        basis.withUnsafeMutableBufferPointer { basis in
            cells.withUnsafeMutableBufferPointer { cells in
                program.coefficients.withUnsafeBufferPointer { coefficients in
                    for row in 0..<rows {
                        let base = row * width
                        let bound = program.bounds[row]
                        let sign: Double = bound < 0 ? -1 : 1
                        for column in 0..<n { cells[base + column] = sign * coefficients[row * n + column] }
                        cells[base + columns] = sign * bound
                        switch Self.relation(program.relations[row], negated: bound < 0) {
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
        }
    }

    func rhs(_ row: Int) -> Double { cells[row * width + columns] }

    /// Maximises `costs`ᵀx from the current (feasible) basis; columns marked in `frozen`
    /// never enter. Leaves the final reduced costs in ``reduced``.
    mutating func optimise(costs: [Double], allowArtificials: Bool, frozen: [Bool]? = nil) -> SimplexWorkspace.Status {
        let limit = allowArtificials ? columns : firstArtificial
        let width = self.width, rows = self.rows, columns = self.columns
        // Reduced costs d = c − c_Bᵀ B⁻¹A, kept up to date by every pivot; its last
        // entry is −(objective value).
        var reduced: [Double] = []
        swap(&reduced, &self.reduced)
        reduced.removeAll(keepingCapacity: true)
        reduced.append(contentsOf: costs)
        reduced.append(0)
        // The tableau's arrays are taken out for the loop and read through their buffers
        // (a program is pivoted tens of thousands of times a run).
        var cells: [Double] = [], basis: [Int] = [], nonzero: [Int] = []
        swap(&cells, &self.cells)
        swap(&basis, &self.basis)
        swap(&nonzero, &pivotColumns)
        defer {
            swap(&reduced, &self.reduced)
            swap(&cells, &self.cells)
            swap(&basis, &self.basis)
            swap(&nonzero, &pivotColumns)
        }
        nonzero.reserveCapacity(width)
        return cells.withUnsafeMutableBufferPointer { cells in
            reduced.withUnsafeMutableBufferPointer { reduced in
                basis.withUnsafeMutableBufferPointer { basis in
                    for row in 0..<rows where costs[basis[row]] != 0 {
                        let factor = costs[basis[row]]
                        let base = row * width
                        for column in 0..<width { reduced[column] -= factor * cells[base + column] }
                    }
                    let tolerance = LinearProgram.tolerance
                    let maxPivots = 50 * (rows + columns) + 1000
                    var degenerateRun = 0
                    for _ in 0..<maxPivots {
                        // Dantzig's rule (the largest reduced cost) while pivots make
                        // progress; after a run of degenerate pivots, Bland's rule (the
                        // lowest-numbered improving column) until one makes progress again,
                        // which rules out cycling.
                        let useBland = degenerateRun >= Self.degenerateRunBeforeBland
                        var entering = -1
                        var largest = tolerance
                        for column in 0..<limit where reduced[column] > largest && !(frozen?[column] ?? false) {
                            entering = column
                            if useBland { break }
                            largest = reduced[column]
                        }
                        guard entering >= 0 else { return .optimal(-reduced[columns]) }
                        // The ratio test: ties go to the lowest-numbered basic column (Bland).
                        var leaving = -1
                        var best = Double.infinity
                        for row in 0..<rows {
                            let a = cells[row * width + entering]
                            guard a > tolerance else { continue }
                            let ratio = cells[row * width + columns] / a
                            if ratio < best - tolerance || (ratio <= best + tolerance && (leaving < 0 || basis[row] < basis[leaving])) {
                                if ratio < best { best = ratio }
                                leaving = row
                            }
                        }
                        guard leaving >= 0 else { return .unbounded }
                        degenerateRun = best <= tolerance ? degenerateRun + 1 : 0
                        Self.pivot(cells, width: width, rows: rows, row: leaving, column: entering, nonzero: &nonzero)
                        basis[leaving] = entering
                        let factor = reduced[entering]
                        let base = leaving * width
                        for column in nonzero { reduced[column] -= factor * cells[base + column] }
                        reduced[entering] = 0
                    }
                    return .pivotLimit
                }
            }
        }
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

    /// Pivots on (`pivotRow`, `column`).
    mutating func pivot(row pivotRow: Int, column: Int) {
        let width = self.width, rows = self.rows
        var nonzero: [Int] = []
        swap(&nonzero, &pivotColumns)
        cells.withUnsafeMutableBufferPointer { cells in
            Self.pivot(cells, width: width, rows: rows, row: pivotRow, column: column, nonzero: &nonzero)
        }
        pivotColumns = nonzero
        basis[pivotRow] = column
    }

    /// Pivots `cells` on (`pivotRow`, `column`) and lists the pivot row's nonzero
    /// columns in `nonzero`. Only those columns change the other rows (and the caller's
    /// reduced costs): the tableau is sparse (each slack and artificial column has one
    /// entry), so this is most of the speed of a pivot.
    private static func pivot(
        _ cells: UnsafeMutableBufferPointer<Double>, width: Int, rows: Int, row pivotRow: Int, column: Int, nonzero: inout [Int]
    ) {
        nonzero.removeAll(keepingCapacity: true)
        guard let cells = cells.baseAddress else { return }
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
}
