import SynapEvents

/// Decides an event's kind (from its route, or for `auto` routes from `meta.eventName` or the
/// payload's shape) and decodes it into its model.
enum EventResolution {
    struct Problem: Error {
        /// The kind it was taken for (`auto` when none could be told).
        let kind: String
        let message: String
    }

    static func resolve(_ kind: RouteKind, body: [UInt8], decoder: SynapEventDecoder) -> Result<(SynapEvent, String), Problem> {
        let resolved: EventKind
        let rule: String
        switch kind {
        case .auto:
            guard let detection = EventKindDetector.detect(body) else {
                return .failure(Problem(kind: "auto", message: "could not tell the event kind from meta.eventName or the payload's shape"))
            }
            resolved = detection.kind
            rule = detection.rule.rawValue
        case .fixed(let named):
            resolved = named
            rule = "route"
        }
        do {
            return .success((try decoder.decode(resolved, from: body), rule))
        } catch {
            return .failure(Problem(kind: resolved.rawValue, message: error.description))
        }
    }

    /// The delivery of a journaled record, decoded now; nil with the problem when it does not fit.
    static func delivery(of record: EventRecord, decoder: SynapEventDecoder) -> Result<Delivery, Problem> {
        guard let kind = RouteKind(code: record.kind) else {
            return .failure(Problem(kind: record.kind, message: "unknown event kind \(record.kind)"))
        }
        return resolve(kind, body: record.body, decoder: decoder).map { event, rule in
            Delivery(
                id: record.id, receivedAt: record.receivedAt, route: record.route, event: event, kindRule: rule, body: record.body,
                requestID: record.requestID)
        }
    }
}
