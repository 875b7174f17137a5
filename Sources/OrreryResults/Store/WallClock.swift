import Foundation

/// Wall-clock timestamps for `runs.started_at` / `runs.ended_at`.
///
/// The only non-simulated times in a results file; one format everywhere so they sort
/// as text and parse with `pd.to_datetime`.
public enum WallClock {
    /// `date` as ISO-8601 UTC with millisecond precision, e.g. `2025-01-31T12:00:00.250Z`.
    public static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC") ?? .gmt))
    }
}
