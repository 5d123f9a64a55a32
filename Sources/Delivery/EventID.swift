/// The receiver's id for an acknowledged event (Synap sends none). Ids increase strictly:
/// the high bits are the receipt time in milliseconds, so they stay unique across restarts
/// even after every journal segment has been removed.
public struct EventID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The raw 64-bit value.
    public let rawValue: UInt64

    /// An id from its raw value.
    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// Parses the 16-hex-digit form produced by `description`.
    public init?(_ text: String) {
        guard text.utf8.count == 16, let value = UInt64(text, radix: 16) else { return nil }
        rawValue = value
    }

    /// The next id after `previous` at time `milliseconds`.
    static func next(after previous: EventID?, milliseconds: Int64) -> EventID {
        let fromClock = UInt64(max(milliseconds, 0)) << 16
        let fromPrevious = (previous?.rawValue ?? 0) &+ 1
        return EventID(rawValue: max(fromClock, fromPrevious))
    }

    /// 16 lower-case hex digits, e.g. `0193a5f2c1d80001`.
    public var description: String {
        let hex = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    public static func < (lhs: EventID, rhs: EventID) -> Bool { lhs.rawValue < rhs.rawValue }
}
