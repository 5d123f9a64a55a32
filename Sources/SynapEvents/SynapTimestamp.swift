#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONSyntax

/// A time field exactly as Synap sent it, with its parsed `Date` when it is ISO-8601.
///
/// Synap types every time field as a bare `string` and never states the format; its examples are
/// ISO-8601 UTC with milliseconds (`2024-06-25T11:15:15.587Z`). The raw text is kept so nothing is
/// lost when a portal sends something else. Parsing is done by hand: `ISO8601DateFormatter` pulls in
/// ICU and triples the size of a static binary (ARCHITECTURE.md §4).
public struct SynapTimestamp: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The text as sent.
    public let raw: String

    /// Wraps a time string as sent by Synap.
    public init(_ raw: String) {
        self.raw = raw
    }

    /// Decodes a JSON string; any string is accepted, ISO-8601 or not.
    public init(from decoder: any Decoder) throws {
        raw = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the raw text unchanged.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(raw)
    }

    /// The instant, when `raw` is `YYYY-MM-DDTHH:MM:SS(.fraction)?(Z|±HH:MM)`; `nil` otherwise.
    public var date: Date? {
        Self.parseISO8601(raw)
    }

    /// The raw text.
    public var description: String { raw }

    /// Parses `YYYY-MM-DDTHH:MM:SS(.f+)?(Z|±HH:MM|±HHMM)`; `t` and `z` may be lower case.
    /// Calendar fields are range-checked (no 31 April, no leap seconds).
    static func parseISO8601(_ text: String) -> Date? {
        var cursor = ByteCursor(Array(text.utf8))
        guard let year = cursor.digits(4), cursor.skip(UInt8(ascii: "-")),
            let month = cursor.digits(2), cursor.skip(UInt8(ascii: "-")),
            let day = cursor.digits(2), cursor.skip(UInt8(ascii: "T")) || cursor.skip(UInt8(ascii: "t")),
            let hour = cursor.digits(2), cursor.skip(UInt8(ascii: ":")),
            let minute = cursor.digits(2), cursor.skip(UInt8(ascii: ":")),
            let second = cursor.digits(2)
        else { return nil }
        guard (1...12).contains(month), (1...daysInMonth(month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }

        var fraction = 0.0
        if cursor.skip(UInt8(ascii: ".")) {
            var scale = 0.1
            var count = 0
            while let digit = cursor.digit() {
                fraction += Double(digit) * scale
                scale /= 10
                count += 1
            }
            guard count > 0 else { return nil }
        }

        let offsetSeconds: Int
        if cursor.skip(UInt8(ascii: "Z")) || cursor.skip(UInt8(ascii: "z")) {
            offsetSeconds = 0
        } else {
            let sign: Int
            if cursor.skip(UInt8(ascii: "+")) {
                sign = 1
            } else if cursor.skip(UInt8(ascii: "-")) {
                sign = -1
            } else {
                return nil
            }
            guard let offsetHours = cursor.digits(2) else { return nil }
            _ = cursor.skip(UInt8(ascii: ":"))
            guard let offsetMinutes = cursor.digits(2), offsetHours < 24, offsetMinutes < 60 else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard cursor.isAtEnd else { return nil }

        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// A forward-only reader over ASCII bytes, for the timestamp parser.
private struct ByteCursor {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index == bytes.count }

    mutating func skip(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func digit() -> Int? {
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
        defer { index += 1 }
        return Int(bytes[index] - UInt8(ascii: "0"))
    }

    mutating func digits(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}

extension SynapTimestamp: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        raw = try String(reading: value)
    }
}
