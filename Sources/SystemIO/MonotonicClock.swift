import Synchronization

/// A monotonic clock in nanoseconds, for deadlines: the system's (`CLOCK_MONOTONIC`) in
/// production, or a `ManualClock` that a test moves by hand, so a timeout is tested by
/// advancing time instead of waiting for it.
///
/// A value type holding at most one reference: reading the system clock costs one nil check
/// more than calling `WallClock.monotonicNanoseconds()` directly.
public struct MonotonicClock: Sendable {
    private let manual: ManualClock?

    /// The system's monotonic clock.
    public static var system: MonotonicClock { MonotonicClock(manual: nil) }

    /// A clock that reads `clock`, which moves only when a test advances it.
    package static func manual(_ clock: ManualClock) -> MonotonicClock { MonotonicClock(manual: clock) }

    private init(manual: ManualClock?) {
        self.manual = manual
    }

    /// Whether this is the system's clock (time moves by itself).
    public var isSystem: Bool { manual == nil }

    /// Now, in nanoseconds from an arbitrary origin fixed for the life of the process.
    public func nanoseconds() -> UInt64 {
        if let manual { return manual.nanoseconds }
        return WallClock.monotonicNanoseconds()
    }
}

/// A clock for tests: it starts at a fixed instant and moves only by `advance(seconds:)`.
///
/// `Sendable`: its one mutable value is atomic.
package final class ManualClock: Sendable {
    private let now: Atomic<UInt64>

    /// A clock standing at `nanoseconds`. The default (2^60 ns, about 36 years) is far from
    /// any reading of the system's clock (time since boot), so code that arms a deadline on one
    /// clock and checks it on the other fails at once, and far from overflow.
    package init(nanoseconds: UInt64 = 1 << 60) {
        now = Atomic(nanoseconds)
    }

    /// The current instant, in nanoseconds.
    package var nanoseconds: UInt64 { now.load(ordering: .acquiring) }

    /// Moves the clock forward by `seconds`, converted as deadlines are (`UInt64(seconds * 1e9)`),
    /// so advancing by a timeout lands exactly on a deadline armed with it.
    package func advance(seconds: Double) {
        now.add(UInt64(seconds * 1e9), ordering: .acquiringAndReleasing)
    }
}
