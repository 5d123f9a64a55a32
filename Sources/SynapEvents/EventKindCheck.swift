import JSONSyntax

/// Compares a body's `meta.eventName` with the kind its route receives (issue 15, "Payloads").
///
/// Synap sends one event type per subscription, so a route knows its kind; five kinds also name
/// themselves in `meta.eventName`. A body naming another known kind was sent to the wrong URL (or
/// is not what it claims), and the receiver treats it per the route's `onInvalidPayload`. A name
/// this receiver does not know is accepted as the route's kind, with a warning: Synap may add or
/// rename codes.
public enum EventKindCheck {
    /// What `meta.eventName` says, next to the route's kind.
    public enum Outcome: Sendable, Equatable {
        /// It names the route's kind, exactly or by an alias (`assignment.complete`).
        case matches
        /// It names another kind this receiver knows; `name` is the text as sent.
        case differentKnownKind(EventKind, name: String)
        /// It names no kind this receiver knows: the text as sent, or for a value that is not a
        /// string, its JSON text (at most 64 bytes of it, then "...").
        case unknownName(String)
        /// The body has no `meta.eventName` (absent or `null`), as most kinds' payloads do not.
        case noName
    }

    /// The most of a non-string `eventName`'s JSON text kept in `.unknownName`.
    static let shownValueLimit = 64

    /// Checks `value`'s `meta.eventName` (the first `meta` member, then its first `eventName`, as the
    /// decoders read them) against `routeKind`. Names are matched as `EventKind(code:)` matches
    /// them: exact case, surrounding whitespace ignored, documented aliases accepted.
    public static func check(routeKind: EventKind, value: JSONValue) -> Outcome {
        guard let name = value["meta"]?["eventName"] else { return .noName }
        switch name {
        case .null:
            return .noName
        case .string(let text):
            guard let kind = EventKind(code: text) else { return .unknownName(text) }
            return kind == routeKind ? .matches : .differentKnownKind(kind, name: text)
        default:
            return .unknownName(shown(name))
        }
    }

    /// Why a body is refused or warned about, for a log line or a quarantine record: e.g.
    /// `meta.eventName is "exam.started" but this route receives attempt.completed`. Nil for
    /// `.matches` and `.noName`. The name is quoted with JSON escapes and cut at 64 bytes, since it
    /// comes from the sender.
    public static func reason(_ outcome: Outcome, routeKind: EventKind) -> String? {
        switch outcome {
        case .matches, .noName:
            return nil
        case .differentKnownKind(_, let name):
            return "meta.eventName is \(quoted(name)) but this route receives \(routeKind.rawValue)"
        case .unknownName(let name):
            return
                "meta.eventName \(quoted(name)) is not a known event; taken as \(routeKind.rawValue), the route's kind"
        }
    }

    /// `text` as a JSON string, cut after `shownValueLimit` bytes of its escaped form.
    static func quoted(_ text: String) -> String {
        shown(.string(text))
    }

    /// The compact JSON text of `value`, cut after `shownValueLimit` bytes (at a character boundary).
    static func shown(_ value: JSONValue) -> String {
        let text = value.serialized()
        guard text.utf8.count > shownValueLimit else { return text }
        var cut = text.utf8.index(text.utf8.startIndex, offsetBy: shownValueLimit)
        while String.Index(cut, within: text.unicodeScalars) == nil { cut = text.utf8.index(before: cut) }
        return String(text[..<cut]) + "..."
    }
}
