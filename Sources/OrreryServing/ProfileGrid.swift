/// Measured values on a full two-dimensional grid, read between and beyond its points:
/// bilinear between grid points, along the last segment's slope beyond an axis's largest
/// point (larger shapes cost proportionally more), the edge value below its smallest,
/// and exact on a one-point axis. The shape of every profile-driven timing backend.
struct ProfileGrid: Sendable, Equatable {
    /// Axes, ascending.
    let rows: [Int]
    let columns: [Int]
    /// Row-major: `values[r * columns.count + c]`.
    let values: [Double]

    /// The value at (`row`, `column`), interpolated; never negative.
    func value(row: Double, column: Double) -> Double {
        let (r0, r1, rw) = Self.bracket(rows, row)
        let (c0, c1, cw) = Self.bracket(columns, column)
        let n = columns.count
        let low = values[r0 * n + c0] + (values[r0 * n + c1] - values[r0 * n + c0]) * cw
        let high = values[r1 * n + c0] + (values[r1 * n + c1] - values[r1 * n + c0]) * cw
        return Swift.max(low + (high - low) * rw, 0)
    }

    /// The grid indices around `x` and its weight between them.
    private static func bracket(_ axis: [Int], _ x: Double) -> (Int, Int, Double) {
        let last = axis.count - 1
        guard last > 0 else { return (0, 0, 0) }
        if x <= Double(axis[0]) { return (0, 0, 0) }
        var low = 0, high = last
        if x >= Double(axis[last]) {
            low = last - 1
        } else {
            while high - low > 1 {
                let mid = (low + high) / 2
                if Double(axis[mid]) <= x { low = mid } else { high = mid }
            }
        }
        high = low + 1
        return (low, high, (x - Double(axis[low])) / Double(axis[high] - axis[low]))
    }

    /// Builds the grid from (row, column) → (source line, value) points, which must cover
    /// every row value with every column value; `describe` names a missing point.
    static func complete(
        _ points: [Int: (line: Int, value: Double)], keys: [Int], file: String, describe: (Int, Int) -> String
    ) throws(TraceError) -> ProfileGrid {
        let rows = Set(keys.map { $0 >> 32 }).sorted()
        let columns = Set(keys.map { $0 & 0xFFFF_FFFF }).sorted()
        var values: [Double] = []
        values.reserveCapacity(rows.count * columns.count)
        for r in rows {
            for c in columns {
                guard let point = points[r << 32 | c] else {
                    throw TraceError(file: file, line: 0, message: "not a full grid: no row for \(describe(r, c))")
                }
                values.append(point.value)
            }
        }
        return ProfileGrid(rows: rows, columns: columns, values: values)
    }

    /// The key of grid point (`row`, `column`), both within 0 ... 2³¹.
    static func key(_ row: Int, _ column: Int) -> Int { row << 32 | column }
}
