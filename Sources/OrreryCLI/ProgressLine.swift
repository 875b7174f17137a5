import Foundation
import OrreryKernel

/// A one-line progress display on standard error: simulated time against the horizon
/// and events per second. Drawn only when standard error is a terminal, at most ten
/// times a second, and erased when the run ends, so logs and pipes stay clean.
final class ProgressLine {
    private let enabled: Bool
    private let started = ContinuousClock.now
    private var lastDraw: ContinuousClock.Instant?
    private var drawn = false

    init(enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.enabled = enabled
    }

    func update(_ progress: LoopProgress) {
        guard enabled else { return }
        let now = ContinuousClock.now
        if let lastDraw, now - lastDraw < .milliseconds(100) { return }
        lastDraw = now
        let elapsed = Self.seconds(now - started)
        let rate = elapsed > 0 ? Double(progress.eventsExecuted) / elapsed : 0
        var line = "  simulated \(progress.now)"
        if progress.horizon.isFinite, progress.horizon > .zero {
            let fraction = min(1, progress.now.seconds / progress.horizon.seconds)
            let width = 30
            let filled = Int(fraction * Double(width))
            line = "  [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                + "] \(Int(fraction * 100))%  \(progress.now) of \(progress.horizon)"
        }
        line += String(format: "  %.2fM events/s  %d pending", rate / 1e6, progress.pendingEvents)
        var stream = StandardError()
        print("\r\u{1B}[2K" + line, terminator: "", to: &stream)
        drawn = true
    }

    func clear() {
        guard drawn else { return }
        var stream = StandardError()
        print("\r\u{1B}[2K", terminator: "", to: &stream)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
