/// The two programs of ``MaxMinAllocation`` over classes (g_k, a_k) of n_k jobs, built and
/// solved in memory kept from one allocation to the next: a round-based run solves tens
/// of thousands of programs of a few classes each, and allocating their arrays cost as
/// much as solving them.
struct MaxMinSolver {
    private var program = LinearProgram(variableCount: 0, objective: [])
    private var workspace = SimplexWorkspace()
    /// The program's columns: (class slot, type) for feasible pairs, class by class.
    private var pairs: [(k: Int, t: Int)] = []
    private var firstColumn: [Int] = []
    /// The second program's objective.
    private var total: [Double] = []

    /// Solves for the classes `order` (indices into `classes`, in the order they enter
    /// the programs) with `members[i]` jobs in class `order[i]`; writes each class's
    /// per-job shares to `shares` (flat, slot × type) and returns the max-min objective.
    /// Variables: X[k][t] for feasible (k, t), then z (first program).
    mutating func solve(
        classes: [MaxMinAllocation.ClassKey], order: [Int], members: [Int], capacities: [Int], shares: inout [Double]
    ) -> Double {
        let types = capacities.count
        shares.removeAll(keepingCapacity: true)
        shares.append(contentsOf: repeatElement(0, count: order.count * types))
        guard !order.isEmpty else { return 0 }
        // Columns class by class (each class's types in order), then z.
        pairs.removeAll(keepingCapacity: true)
        firstColumn.removeAll(keepingCapacity: true)
        for (k, index) in order.enumerated() {
            firstColumn.append(pairs.count)
            for t in 0..<types where classes[index].row[t] > 0 { pairs.append((k, t)) }
        }
        firstColumn.append(pairs.count)
        let x = pairs.count
        // Maximise z with z ≤ g_k Σ_t a_kt X_kt for every class; then, among the optima,
        // the total Σ_k n_k g_k Σ_t a_kt X_kt.
        program.reset(variableCount: x + 1)
        program.objective[x] = 1
        program.reserveRows(2 * order.count + types)
        for (k, index) in order.enumerated() {
            let row = program.addRow(.lessOrEqual, 0)
            for column in firstColumn[k]..<firstColumn[k + 1] {
                program[row, column] = -Double(classes[index].gpus) * classes[index].row[pairs[column].t]
            }
            program[row, x] = 1
        }
        for k in order.indices {
            let row = program.addRow(.lessOrEqual, 1)
            for column in firstColumn[k]..<firstColumn[k + 1] { program[row, column] = 1 }
        }
        for t in 0..<types {
            let row = program.addRow(.lessOrEqual, Double(capacities[t]))
            for (column, pair) in pairs.enumerated() where pair.t == t {
                program[row, column] = Double(members[pair.k] * classes[order[pair.k]].gpus)
            }
        }
        // The program no longer holds the last secondary objective (reset), so its memory
        // is reused here.
        total.removeAll(keepingCapacity: true)
        total.append(contentsOf: repeatElement(0, count: x + 1))
        for (column, pair) in pairs.enumerated() {
            let job = classes[order[pair.k]]
            total[column] = Double(members[pair.k] * job.gpus) * job.row[pair.t]
        }
        program.secondaryObjective = total
        guard case .optimal(let minimum) = program.maximise(in: &workspace) else { return 0 }
        // Shares rounded to 10⁻⁶, far coarser than the pivots' rounding: shares equal in
        // exact arithmetic compare equal, so the rounds' ties go by the documented order.
        for (column, pair) in pairs.enumerated() {
            let share = MaxMinAllocation.rounded(workspace.values[column], to: MaxMinAllocation.shareResolution)
            shares[pair.k * types + pair.t] = Swift.min(1, share)
        }
        return minimum
    }
}
