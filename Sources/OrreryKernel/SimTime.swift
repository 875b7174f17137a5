import Foundation

/// A point in simulated time, or a duration: a signed count of nanoseconds.
///
/// Integer time makes ties exact and runs reproducible across machines; an `Int64`
/// of nanoseconds spans ±292 years. Durations computed in floating point (a roofline
/// cost, a random draw) are converted once, at the boundary, rounding *up* so that
/// nothing takes zero time by accident. Arithmetic saturates at ``max`` / ``min``
/// instead of trapping, so "never" plus a delay is still "never".
public struct SimTime: Hashable, Comparable, Sendable {
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    // Constants as inlinable computed properties: stored, each read from another module
    // called the global's accessor (a Gittins run read `zero` eight million times).
    @inlinable public static var zero: SimTime { SimTime(nanoseconds: 0) }
    /// The end of time: used as "never" and as an unbounded horizon.
    @inlinable public static var max: SimTime { SimTime(nanoseconds: .max) }
    @inlinable public static var min: SimTime { SimTime(nanoseconds: .min) }

    @inlinable public static var nanosecond: SimTime { SimTime(nanoseconds: 1) }
    @inlinable public static var microsecond: SimTime { SimTime(nanoseconds: 1_000) }
    @inlinable public static var millisecond: SimTime { SimTime(nanoseconds: 1_000_000) }
    @inlinable public static var second: SimTime { SimTime(nanoseconds: 1_000_000_000) }
    @inlinable public static var minute: SimTime { SimTime(nanoseconds: 60_000_000_000) }
    @inlinable public static var hour: SimTime { SimTime(nanoseconds: 3_600_000_000_000) }
    @inlinable public static var day: SimTime { SimTime(nanoseconds: 86_400_000_000_000) }

    /// Converts seconds to nanoseconds, rounding up. Non-finite or out-of-range
    /// inputs saturate (NaN becomes ``max``: an undefined duration never completes).
    @inlinable public static func seconds(_ seconds: Double) -> SimTime {
        let ns = (seconds * 1e9).rounded(.up)
        if ns.isNaN || ns >= 9.2233720368547748e18 { return .max }
        if ns <= -9.2233720368547748e18 { return .min }
        return SimTime(nanoseconds: Int64(ns))
    }

    /// This time in seconds, as a `Double` (for reporting and rate arithmetic).
    @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }

    /// This time in hours, as a `Double`.
    @inlinable public var hours: Double { Double(nanoseconds) / 3.6e12 }

    @inlinable public var isFinite: Bool { self != .max && self != .min }

    /// `self × factor`, saturating.
    @inlinable public func scaled(by factor: Int64) -> SimTime {
        let (r, o) = nanoseconds.multipliedReportingOverflow(by: factor)
        if o { return (nanoseconds < 0) != (factor < 0) ? .min : .max }
        return SimTime(nanoseconds: r)
    }

    @inlinable public static func < (a: SimTime, b: SimTime) -> Bool { a.nanoseconds < b.nanoseconds }

    @inlinable public static func + (a: SimTime, b: SimTime) -> SimTime {
        let (r, o) = a.nanoseconds.addingReportingOverflow(b.nanoseconds)
        if o { return b.nanoseconds > 0 ? .max : .min }
        return SimTime(nanoseconds: r)
    }

    @inlinable public static func - (a: SimTime, b: SimTime) -> SimTime {
        let (r, o) = a.nanoseconds.subtractingReportingOverflow(b.nanoseconds)
        if o { return b.nanoseconds < 0 ? .max : .min }
        return SimTime(nanoseconds: r)
    }

    @inlinable public static func += (a: inout SimTime, b: SimTime) { a = a + b }
    @inlinable public static func -= (a: inout SimTime, b: SimTime) { a = a - b }
}

extension SimTime: CustomStringConvertible {
    /// A compact human form: `1d2h3m4.5s`, `250ms`, `never`.
    public var description: String {
        if self == .max { return "never" }
        if self == .min { return "-never" }
        var ns = nanoseconds
        var out = ns < 0 ? "-" : ""
        ns = ns == .min ? .max : abs(ns)
        if ns < 1_000 { return out + "\(ns)ns" }
        if ns < 1_000_000 { return out + trimmed(Double(ns) / 1e3) + "us" }
        if ns < 1_000_000_000 { return out + trimmed(Double(ns) / 1e6) + "ms" }
        let units: [(Int64, String)] = [(86_400_000_000_000, "d"), (3_600_000_000_000, "h"), (60_000_000_000, "m")]
        for (size, suffix) in units where ns >= size {
            out += "\(ns / size)\(suffix)"
            ns %= size
        }
        if ns > 0 { out += trimmed(Double(ns) / 1e9) + "s" }
        return out
    }

    private func trimmed(_ x: Double) -> String {
        var s = String(format: "%.3f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
