/// A small linear program, solved exactly (up to floating-point tolerance) by the dense
/// two-phase simplex method with Bland's rule.
///
/// maximise cᵀx subject to aᵢᵀx (≤ | ≥ | =) bᵢ for every constraint i, and x ≥ 0.
///
/// Phase 1 drives artificial variables (one per ≥ or = row) to zero, which finds a
/// feasible basis or proves there is none; phase 2 improves the objective from there.
/// Bland's rule (the lowest-numbered improving column enters; ties in the ratio test go
/// to the lowest-numbered basic column) cannot cycle, so degenerate programs, common in
/// max-min allocations where many rows have bound 0, terminate (Bland, "New finite
/// pivoting rules for the simplex method", Math. of OR 1977; Chvátal, *Linear
/// Programming*, 1983, ch. 3 and 8). Meant for programs of up to a few hundred rows and
/// columns (Gavel's allocation over job classes): the tableau is dense, each pivot costs
/// O(rows × columns).
public struct LinearProgram: Sendable {
    public enum Relation: Sendable { case lessOrEqual, greaterOrEqual, equal }

    public struct Constraint: Sendable {
        /// One coefficient per variable (missing trailing ones count as 0).
        public var coefficients: [Double]
        public var relation: Relation
        public var bound: Double

        public init(_ coefficients: [Double], _ relation: Relation, _ bound: Double) {
            self.coefficients = coefficients
            self.relation = relation
            self.bound = bound
        }
    }

    public enum Outcome: Sendable, Equatable {
        case optimal(values: [Double], objective: Double)
        case infeasible
        case unbounded
        /// Stopped after the pivot limit (floating-point trouble; Bland's rule itself
        /// terminates).
        case pivotLimit
    }

    public var variableCount: Int
    /// The objective's coefficients, to maximise.
    public var objective: [Double]
    public var constraints: [Constraint] = []

    /// Values within this of zero are zero (coefficients here are of order 1 to 10⁴).
    public static let tolerance = 1e-9

    public init(variableCount: Int, objective: [Double]) {
        self.variableCount = variableCount
        self.objective = objective
    }

    public mutating func add(_ coefficients: [Double], _ relation: Relation, _ bound: Double) {
        constraints.append(Constraint(coefficients, relation, bound))
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
        var costs = [Double](repeating: 0, count: tableau.columns)
        for (column, value) in objective.prefix(variableCount).enumerated() { costs[column] = value }
        switch tableau.optimise(costs: costs, allowArtificials: false) {
        case .unbounded: return .unbounded
        case .pivotLimit: return .pivotLimit
        case .optimal(let value):
            var values = [Double](repeating: 0, count: variableCount)
            for (row, column) in tableau.basis.enumerated() where column < variableCount {
                values[column] = Swift.max(0, tableau.rhs(row))
            }
            return .optimal(values: values, objective: value)
        }
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
    /// The largest |bᵢ|, to scale the phase-1 feasibility test.
    let boundScale: Double

    var artificialCount: Int { columns - firstArtificial }
    private var width: Int { columns + 1 }

    init(_ program: LinearProgram) {
        rows = program.constraints.count
        let n = program.variableCount
        // Rows with a negative bound are negated so that every bound is ≥ 0.
        var relations: [LinearProgram.Relation] = []
        var signs: [Double] = []
        for constraint in program.constraints {
            let flip = constraint.bound < 0
            signs.append(flip ? -1 : 1)
            switch (constraint.relation, flip) {
            case (.lessOrEqual, false), (.greaterOrEqual, true): relations.append(.lessOrEqual)
            case (.greaterOrEqual, false), (.lessOrEqual, true): relations.append(.greaterOrEqual)
            case (.equal, _): relations.append(.equal)
            }
        }
        let slackCount = relations.filter { $0 != .equal }.count
        let artificials = relations.filter { $0 != .lessOrEqual }.count
        firstArtificial = n + slackCount
        columns = firstArtificial + artificials
        cells = [Double](repeating: 0, count: rows * (columns + 1))
        basis = [Int](repeating: 0, count: rows)
        boundScale = program.constraints.map { abs($0.bound) }.max() ?? 0
        var slack = n, artificial = firstArtificial
        let width = columns + 1
        for (row, constraint) in program.constraints.enumerated() {
            let base = row * width
            for (column, value) in constraint.coefficients.prefix(n).enumerated() { cells[base + column] = signs[row] * value }
            cells[base + columns] = signs[row] * constraint.bound
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

    func rhs(_ row: Int) -> Double { cells[row * width + columns] }

    enum Result { case optimal(Double), unbounded, pivotLimit }

    /// Maximises `costs`ᵀx from the current (feasible) basis.
    mutating func optimise(costs: [Double], allowArtificials: Bool) -> Result {
        let limit = allowArtificials ? columns : firstArtificial
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
        for _ in 0..<maxPivots {
            // Bland: the lowest-numbered improving column.
            guard let entering = (0..<limit).first(where: { reduced[$0] > tolerance }) else {
                return .optimal(-reduced[columns])
            }
            var leaving: Int?
            var best = Double.infinity
            for row in 0..<rows {
                let a = cells[row * width + entering]
                guard a > tolerance else { continue }
                let ratio = rhs(row) / a
                if ratio < best - tolerance || (ratio <= best + tolerance && leaving.map { basis[row] < basis[$0] } ?? true) {
                    if ratio < best { best = ratio }
                    leaving = row
                }
            }
            guard let pivotRow = leaving else { return .unbounded }
            pivot(row: pivotRow, column: entering)
            let factor = reduced[entering]
            let base = pivotRow * width
            for column in 0..<width { reduced[column] -= factor * cells[base + column] }
            reduced[entering] = 0
        }
        return .pivotLimit
    }

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

    mutating func pivot(row pivotRow: Int, column: Int) {
        let base = pivotRow * width
        let scale = 1 / cells[base + column]
        for c in 0..<width { cells[base + c] *= scale }
        cells[base + column] = 1
        for row in 0..<rows where row != pivotRow {
            let other = row * width
            let factor = cells[other + column]
            guard factor != 0 else { continue }
            for c in 0..<width { cells[other + c] -= factor * cells[base + c] }
            cells[other + column] = 0
        }
        basis[pivotRow] = column
    }
}
