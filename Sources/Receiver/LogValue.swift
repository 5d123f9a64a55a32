import JSONSyntax

/// A context value in the operational log. JSON lines carry integers and numbers as JSON
/// numbers and flags as booleans; logfmt writes every value as text.
public enum LogValue: Sendable, Equatable {
    case text(String)
    case integer(Int)
    case number(Double)
    case flag(Bool)

    /// The value in a JSON line. A number that JSON cannot write (NaN, infinity) becomes text.
    var json: JSONValue {
        switch self {
        case .text(let text): return .string(text)
        case .integer(let value): return .number(String(value))
        case .number(let value): return value.isFinite ? .number(String(value)) : .string(String(value))
        case .flag(let value): return .bool(value)
        }
    }

    /// The value in a logfmt line, before quoting.
    var text: String {
        switch self {
        case .text(let text): return text
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
        case .flag(let value): return value ? "true" : "false"
        }
    }
}

/// What a log context accepts as a value, so call sites pass plain values
/// (`["route": route.path, "count": removed.count, "duplicate": true]`) and each keeps its type.
public protocol LogValueConvertible: Sendable {
    /// The value as the log writes it.
    var logValue: LogValue { get }
}

extension LogValue: LogValueConvertible {
    public var logValue: LogValue { self }
}

extension String: LogValueConvertible {
    public var logValue: LogValue { .text(self) }
}

extension Substring: LogValueConvertible {
    public var logValue: LogValue { .text(String(self)) }
}

extension Int: LogValueConvertible {
    public var logValue: LogValue { .integer(self) }
}

extension Int64: LogValueConvertible {
    public var logValue: LogValue { .integer(Int(self)) }
}

extension UInt64: LogValueConvertible {
    /// Beyond `Int.max` (never a count or a size here) the value is written as text.
    public var logValue: LogValue { self <= UInt64(Int.max) ? .integer(Int(self)) : .text(String(self)) }
}

extension Double: LogValueConvertible {
    public var logValue: LogValue { .number(self) }
}

extension Bool: LogValueConvertible {
    public var logValue: LogValue { .flag(self) }
}

extension String {
    /// At most `limit` Unicode scalars of the text, with `…` when cut: for values a client
    /// controls (a path, a username), so one request cannot write a huge log line.
    func truncatedForLog(_ limit: Int) -> String {
        let scalars = unicodeScalars
        guard scalars.count > limit else { return self }
        var view = String.UnicodeScalarView(scalars.prefix(limit))
        view.append("…")
        return String(view)
    }
}
