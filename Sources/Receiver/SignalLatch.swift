import Synchronization

/// True the first time it is asked, false ever after: tells the first stop signal from the second.
final class SignalLatch: Sendable {
    private let fired = Mutex(false)

    func firstTime() -> Bool {
        fired.withLock { fired in
            defer { fired = true }
            return !fired
        }
    }
}
