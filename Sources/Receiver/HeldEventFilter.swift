import Delivery
import SystemIO

/// The two stores of held events the console lists: dead letters (deliveries given up on) and
/// the quarantine (events that did not fit their model).
enum HeldKind: CaseIterable, Sendable {
    case deadLetters, quarantine

    var source: EventSelection.Source { self == .deadLetters ? .deadLetters : .quarantine }
    var path: String { self == .deadLetters ? "/dead-letters" : "/quarantine" }
    /// For route names and the audit log.
    var name: String { self == .deadLetters ? "dead-letters" : "quarantine" }
    var title: String { self == .deadLetters ? "Dead letters" : "Quarantine" }
    /// What one item is called: a dead letter is one event's delivery to one handler.
    func items(_ count: Int) -> String {
        switch self {
        case .deadLetters: return count == 1 ? "1 dead letter" : "\(count) dead letters"
        case .quarantine: return count == 1 ? "1 quarantined event" : "\(count) quarantined events"
        }
    }
}

/// Which held events a console page or action is about: a handler (dead letters only), a
/// route, a reason, receipt times, or one event. Read from the URL or a form, so a
/// confirmation and the post behind it select alike.
struct HeldEventFilter: Sendable, Equatable {
    var id: EventID?
    var handler: String?
    var route: String?
    var reason: String?
    var since: Int64?
    var until: Int64?
    /// The fields as given (times as typed), to carry into links and forms.
    var fields: [(String, String?)] = []

    static let names = ["id", "handler", "route", "reason", "since", "until"]

    init() {}

    /// From query or form fields; throws a message naming the field at fault.
    init(_ given: FormFields) throws(UsageError) {
        func value(_ name: String) -> String? { given[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let text = value("id") {
            guard let parsed = EventID(text) else { throw UsageError("id: \"\(text)\" is not an event id") }
            id = parsed
        }
        handler = value("handler")
        route = value("route")
        reason = value("reason")
        since = try value("since").map { text throws(UsageError) in try ReplayRequest.time(ConsolePages.lenientTime(text), "since") }
        until = try value("until").map { text throws(UsageError) in try ReplayRequest.time(ConsolePages.lenientTime(text), "until") }
        fields = Self.names.map { ($0, value($0)) }
    }

    static func == (a: HeldEventFilter, b: HeldEventFilter) -> Bool {
        a.id == b.id && a.handler == b.handler && a.route == b.route && a.reason == b.reason && a.since == b.since && a.until == b.until
    }

    var isEmpty: Bool { id == nil && handler == nil && route == nil && reason == nil && since == nil && until == nil }

    /// One held item: an event, and for a dead letter the handler that gave up on it.
    struct Item: Sendable {
        let entry: LedgerEntry
        let handler: String?
        let reason: String
        let attempts: Int
        let statusCode: Int?
        let since: Int64
    }

    /// The items `kind` holds that this filter selects, oldest first.
    func items(_ kind: HeldKind, engine: DeliveryEngine) -> [Item] {
        let selection = EventSelection(source: kind.source, ids: id.map { [$0] } ?? [], route: route, handler: handler, since: since, until: until)
        var items: [Item] = []
        for entry in engine.heldEntries(selection) {
            switch kind {
            case .quarantine:
                guard let quarantine = entry.quarantine, reason == nil || reason == quarantine.reason else { continue }
                items.append(Item(entry: entry, handler: nil, reason: quarantine.reason, attempts: 0, statusCode: nil, since: quarantine.since))
            case .deadLetters:
                for progress in entry.handlers where progress.status == .dead && (handler == nil || handler == progress.handler) {
                    let why = progress.lastError ?? ""
                    guard reason == nil || reason == why else { continue }
                    items.append(Item(
                        entry: entry, handler: progress.handler, reason: why, attempts: progress.attempts, statusCode: progress.lastStatusCode,
                        since: progress.changedAt))
                }
            }
        }
        return items
    }

    /// The selections that act on exactly `items`: explicit ids (never "everything", which an
    /// empty id set would mean), one selection per handler for dead letters, so a reason picked
    /// for one handler does not replay another handler's dead letter of the same event.
    static func selections(_ kind: HeldKind, for items: [Item]) -> [EventSelection] {
        guard !items.isEmpty else { return [] }
        switch kind {
        case .quarantine:
            return [EventSelection(source: .quarantine, ids: Set(items.map(\.entry.id)))]
        case .deadLetters:
            let byHandler = Dictionary(grouping: items) { $0.handler ?? "" }
            return byHandler.keys.sorted().map { name in
                EventSelection(source: .deadLetters, ids: Set(byHandler[name]!.map(\.entry.id)), handler: name)
            }
        }
    }

    /// For the audit log: the filter's fields (a reason may quote a learner's data in an
    /// error, so it is kept as a keyed hash).
    var auditSelection: AuditSelection {
        var selection = AuditSelection()
        if let id { selection.fields.append(("id", .text(id.description))) }
        if let handler { selection.fields.append(("handler", .text(handler))) }
        if let route { selection.fields.append(("route", .text(route))) }
        if let reason { selection.fields.append(("reason", .identifier(reason))) }
        if let since { selection.fields.append(("since", .text(WallClock.iso8601(milliseconds: since)))) }
        if let until { selection.fields.append(("until", .text(WallClock.iso8601(milliseconds: until)))) }
        return selection
    }
}
