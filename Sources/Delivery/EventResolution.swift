import JSONSyntax
import SynapEvents

/// Decides an event's kind (from its route, or for `auto` routes from `meta.eventName` or the
/// payload's shape) and decodes it into its model, from the value parsed once.
enum EventResolution {
    struct Problem: Error {
        /// The kind it was taken for (`auto` when none could be told).
        let kind: String
        let message: String
    }

    /// The model, the rule that decided the kind, and a warning for an `eventName` this version
    /// does not know (accepted as the route's kind); or why it does not fit.
    static func resolve(_ kind: RouteKind, value: JSONValue, decoder: SynapEventDecoder) -> Result<(SynapEvent, String, warning: String?), Problem> {
        let resolved: EventKind
        let rule: String
        var warning: String?
        switch kind {
        case .auto:
            guard let detection = EventKindDetector.detect(value) else {
                return .failure(Problem(kind: "auto", message: "could not tell the event kind from meta.eventName or the payload's shape"))
            }
            resolved = detection.kind
            rule = detection.rule.rawValue
        case .fixed(let named):
            resolved = named
            rule = "route"
            // A payload naming another known event is not this route's: it follows the route's
            // policy for payloads that do not fit. An unknown name is accepted, with a warning.
            let check = EventKindCheck.check(routeKind: named, value: value)
            switch check {
            case .differentKnownKind:
                return .failure(Problem(kind: named.rawValue, message: EventKindCheck.reason(check, routeKind: named) ?? "meta.eventName names another event"))
            case .unknownName:
                warning = EventKindCheck.reason(check, routeKind: named)
            case .matches, .noName:
                break
            }
        }
        do {
            return .success((try decoder.decode(resolved, from: value), rule, warning))
        } catch {
            return .failure(Problem(kind: resolved.rawValue, message: error.description))
        }
    }

    /// The delivery of a journaled record, decoded now (its body parsed here: records read back
    /// from the journal were not kept parsed).
    static func delivery(of record: EventRecord, decoder: SynapEventDecoder) -> Result<Delivery, Problem> {
        guard let kind = RouteKind(code: record.kind) else {
            return .failure(Problem(kind: record.kind, message: "unknown event kind \(record.kind)"))
        }
        let value: JSONValue
        do throws(JSONSyntaxError) {
            value = try JSONValue(parsing: record.body)
        } catch {
            return .failure(Problem(kind: record.kind, message: "body is not valid JSON: \(error)"))
        }
        return resolve(kind, value: value, decoder: decoder).map { event, rule, _ in
            Delivery(
                id: record.id, receivedAt: record.receivedAt, route: record.route, event: event, kindRule: rule, body: record.body,
                requestID: record.requestID)
        }
    }
}
