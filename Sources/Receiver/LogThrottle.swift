import Synchronization
import SystemIO

/// Lets a kind of log line (a "topic") through at most once a second and counts the ones held
/// back, so a flood of refusals cannot flood the log: each line written carries how many of
/// its topic happened since the previous line, itself included. Shared by every copy of the
/// `OperationalLog` that made it.
final class LogThrottle: Sendable {
    private struct Entry {
        var count = 0
        var second: Int64 = .min
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let nowMilliseconds: @Sendable () -> Int64

    /// A throttle reading `nowMilliseconds` (the wall clock unless a test gives its own).
    init(nowMilliseconds: @escaping @Sendable () -> Int64 = { WallClock.nowMilliseconds() }) {
        self.nowMilliseconds = nowMilliseconds
    }

    /// Counts one occurrence of `topic`; returns how many to report if a line may be written
    /// now, nil if this second already had its line.
    func admit(_ topic: String) -> Int? {
        let second = nowMilliseconds() / 1000
        return entries.withLock { entries -> Int? in
            var entry = entries[topic] ?? Entry()
            entry.count += 1
            defer { entries[topic] = entry }
            guard second != entry.second else { return nil }
            defer { entry = Entry(count: 0, second: second) }
            return entry.count
        }
    }
}
