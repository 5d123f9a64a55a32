import Synchronization
import SystemIO

/// Events accepted per minute over the last hour, for the console's chart: sixty counters in a
/// ring, the oldest reused as time moves on.
final class AcceptedRate: Sendable {
    private struct State {
        var counts = [Int](repeating: 0, count: 60)
        /// The minute (since the epoch) each slot counts.
        var minutes = [Int64](repeating: -1, count: 60)
    }
    private let state = Mutex(State())

    func record(at milliseconds: Int64 = WallClock.nowMilliseconds()) {
        let minute = milliseconds / 60_000
        let slot = Int(minute % 60)
        state.withLock { state in
            if state.minutes[slot] != minute {
                state.minutes[slot] = minute
                state.counts[slot] = 0
            }
            state.counts[slot] += 1
        }
    }

    /// The counts of the last 60 minutes, oldest first, the current minute last.
    func lastHour(at milliseconds: Int64 = WallClock.nowMilliseconds()) -> [Int] {
        let now = milliseconds / 60_000
        return state.withLock { state in
            (0..<60).map { back in
                let minute = now - Int64(59 - back)
                let slot = Int(minute % 60)
                return state.minutes[slot] == minute ? state.counts[slot] : 0
            }
        }
    }
}
