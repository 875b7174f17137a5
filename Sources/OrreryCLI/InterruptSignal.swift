import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into a flag the simulation loop polls between events, so an
/// interrupted run stops cleanly and its results file is finished with status
/// `interrupted`. A second signal gets the default behaviour (immediate exit).
enum InterruptSignal {
    private static let received = Atomic<Int32>(0)

    static func install() {
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { number in
                InterruptSignal.received.store(number, ordering: .relaxed)
                signal(number, SIG_DFL)
            }
            sigaddset(&unblocked, signalNumber)
        }
        // A process may start with them blocked (a parent's mask is inherited: test
        // runners block them in their threads), and then a Ctrl-C would wait, pending,
        // until the run ends.
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }

    /// The signal received, if any.
    static var pending: Int32? {
        let value = received.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }
}
