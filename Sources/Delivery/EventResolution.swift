import SynapEvents

/// Decides a record's event kind (from its route, or for `auto` routes from `meta.eventName`
/// or the payload's shape) and decodes it into its model.
enum EventResolution {
    struct Problem: Error {
        let kind: String
        let message: String
    }

    static func resolve(_ record: EventRecord, decoder: SynapEventDecoder) -> Result<(SynapEvent, String), Problem> {
        let kind: EventKind
        let rule: String
        if record.kind == "auto" {
            guard let detection = EventKindDetector.detect(record.body) else {
                return .failure(Problem(kind: "auto", message: "could not tell the event kind from meta.eventName or the payload's shape"))
            }
            kind = detection.kind
            rule = detection.rule.rawValue
        } else {
            guard let named = EventKind(code: record.kind) else {
                return .failure(Problem(kind: record.kind, message: "unknown event kind \(record.kind)"))
            }
            kind = named
            rule = "route"
        }
        do {
            return .success((try decoder.decode(kind, from: record.body), rule))
        } catch {
            return .failure(Problem(kind: kind.rawValue, message: error.description))
        }
    }
}
