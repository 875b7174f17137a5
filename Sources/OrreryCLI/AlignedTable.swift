/// Renders rows of cells as aligned columns: the first `leftAligned` columns (names,
/// units) padded on the right, the rest (numbers) on the left, two spaces between.
func alignedTable(_ cells: [[String]], leftAligned: Int) -> String {
    let columns = cells.map(\.count).max() ?? 0
    let widths = (0..<columns).map { column in cells.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
    return cells.map { line in
        line.enumerated().map { column, cell in
            column < leftAligned ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[column] - cell.count) + cell
        }.joined(separator: "  ")
    }.joined(separator: "\n")
}
