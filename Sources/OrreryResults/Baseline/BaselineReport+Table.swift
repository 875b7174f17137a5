import Foundation

extension BaselineReport {
    /// Marks failing rows in the first column of ``renderTable()``, easy to spot in a CI log.
    public static let failureMarker = ">>"

    /// A plain-text table for terminals and CI logs: aligned columns (numbers right,
    /// text left), ``failureMarker`` in front of failing rows, and a summary line.
    /// Numbers use six significant digits; `-` stands for "not applicable".
    public func renderTable() -> String {
        let header = ["", "metric", "expected", "actual", "delta", "rel", "band", "unit", "result"]
        let rightAligned: Set<Int> = [2, 3, 4, 5, 6]
        let body = rows.map(Self.cells)
        let table = [header] + body
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }

        var lines = table.map { cells in
            cells.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - cells[column].count)
                return rightAligned.contains(column) ? padding + cells[column] : cells[column] + padding
            }
            .joined(separator: "  ")
            .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        lines.append(summary)
        return lines.joined(separator: "\n") + "\n"
    }

    /// `4 metrics: 2 passed, 1 failed, 1 missing, 0 unit mismatches; 1 new`.
    public var summary: String {
        func count(_ outcome: Outcome) -> Int { rows.filter { $0.outcome == outcome }.count }
        let compared = rows.count - count(.new)
        return "\(compared) metrics: \(count(.pass)) passed, \(count(.fail)) failed, \(count(.missing)) missing, "
            + "\(count(.unitMismatch)) unit mismatches; \(count(.new)) new"
    }

    private static func cells(_ row: Row) -> [String] {
        let unit = row.outcome == .unitMismatch ? "\(row.unit) vs \(row.actualUnit ?? "-")" : row.unit
        let result = switch row.outcome {
        case .pass: "ok"
        case .fail: "FAIL"
        case .missing: "MISSING"
        case .unitMismatch: "UNIT"
        case .new: "new"
        }
        return [
            row.outcome.isFailure ? failureMarker : "",
            row.name,
            number(row.expected, format: "%.6g"),
            number(row.actual, format: "%.6g"),
            number(row.delta, format: "%+.6g"),
            number(row.relativeDelta.map { $0 * 100 }, format: "%+.3g%%"),
            number(row.band, format: "±%.6g"),
            unit,
            result,
        ]
    }

    private static func number(_ value: Double?, format: String) -> String {
        value.map { String(format: format, $0) } ?? "-"
    }
}
