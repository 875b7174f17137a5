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
    /// Per type, the GPUs the classes would take on their fastest types, and per class
    /// slot its fastest type (``uncontended(classes:order:members:capacities:shares:)``).
    private var load: [Int] = []
    private var fastest: [Int] = []

    /// Solves for the classes `order` (indices into `classes`, in the order they enter
    /// the programs) with `members[i]` jobs in class `order[i]`; writes each class's
    /// per-job shares to `shares` (flat, slot × type) and returns the max-min objective.
    /// Variables: X[k][t] for feasible (k, t), then z (first program). `presolving`: an
    /// uncontended allocation is given without solving the programs
    /// (``uncontended(classes:order:members:capacities:shares:)``); tests compare the two.
    mutating func solve(
        classes: [MaxMinAllocation.ClassKey], order: [Int], members: [Int], capacities: [Int], shares: inout [Double],
        presolving: Bool = true
    ) -> Double {
        let types = capacities.count
        shares.removeAll(keepingCapacity: true)
        shares.append(contentsOf: repeatElement(0, count: order.count * types))
        guard !order.isEmpty else { return 0 }
        if presolving,
            let minimum = uncontended(classes: classes, order: order, members: members, capacities: capacities, shares: &shares)
        {
            return minimum
        }
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

    /// The programs' optimum without solving them, when every class can spend all its time
    /// on its fastest type (its normalised throughput there above every other type's)
    /// without any type oversubscribed: shares of 1 there and 0 elsewhere; nil otherwise.
    ///
    /// That allocation is then the only optimum of both programs. A class's normalised
    /// throughput Σ_t a_kt·X_kt is at most its fastest a_k, reached only with all its time
    /// on that type; so the allocation gives every class its most, which maximises the
    /// first program's minimum and the second's sum, and any other allocation lowers some
    /// class's term and the sum. The shares are rounded as solved ones are. On the Philly
    /// trace (one type) these are the allocations whose jobs fit the cluster: a quarter of
    /// those a `gavel-max-min` run solves.
    private mutating func uncontended(
        classes: [MaxMinAllocation.ClassKey], order: [Int], members: [Int], capacities: [Int], shares: inout [Double]
    ) -> Double? {
        let types = capacities.count
        load.removeAll(keepingCapacity: true)
        load.append(contentsOf: repeatElement(0, count: types))
        fastest.removeAll(keepingCapacity: true)
        for (slot, index) in order.enumerated() {
            guard let type = Self.fastestType(of: classes[index].row) else { return nil }
            load[type] += members[slot] * classes[index].gpus
            if load[type] > capacities[type] { return nil }
            fastest.append(type)
        }
        let whole = Swift.min(1, MaxMinAllocation.rounded(1, to: MaxMinAllocation.shareResolution))
        var minimum = Double.infinity
        for (slot, index) in order.enumerated() {
            let type = fastest[slot]
            shares[slot * types + type] = whole
            minimum = Swift.min(minimum, Double(classes[index].gpus) * classes[index].row[type])
        }
        return minimum
    }

    /// The type where normalised throughputs `row` are highest, nil if two types tie
    /// there (the programs may then split a class's time between them).
    private static func fastestType(of row: [Double]) -> Int? {
        var fastest = 0, tied = false
        for t in row.indices.dropFirst() {
            if row[t] > row[fastest] {
                (fastest, tied) = (t, false)
            } else if row[t] == row[fastest] {
                tied = true
            }
        }
        return tied || row[fastest] <= 0 ? nil : fastest
    }
}
