import Delivery
import JSONSyntax
import Synchronization

/// A route's filter on one handler: the handler gets an event only when every condition holds
/// on the event's payload.
///
/// The payload is parsed from the body as received (a lossless `JSONValue`, not the typed model,
/// so any path of any payload can be tested). The filters of one route share a `PayloadCache`,
/// so a body is parsed once however many of the route's handlers have filters.
public struct FieldFilter: EventFilter {
    /// All must match.
    public let conditions: [FilterCondition]
    let cache: PayloadCache

    /// A filter on its own (its own cache).
    public init(conditions: [FilterCondition]) {
        self.init(conditions: conditions, cache: PayloadCache())
    }

    init(conditions: [FilterCondition], cache: PayloadCache) {
        self.conditions = conditions
        self.cache = cache
    }

    /// The filters of one route, by handler name, sharing one parse per event.
    public static func forRoute(_ conditionsByHandler: [String: [FilterCondition]]) -> [String: any EventFilter] {
        let cache = PayloadCache()
        return conditionsByHandler.mapValues { FieldFilter(conditions: $0, cache: cache) }
    }

    public func matches(_ delivery: Delivery) -> Bool {
        // Bodies are checked to be JSON when received; one that is not (impossible) matches nothing.
        guard let payload = cache.payload(of: delivery) else { return false }
        return conditions.allSatisfy { $0.matches(payload) }
    }
}

/// The last parsed payload of a route, keyed by event id: the dispatcher asks a route's filters
/// about one event after the other, so one entry is enough.
final class PayloadCache: Sendable {
    private let last = Mutex<(id: EventID, payload: JSONValue?)?>(nil)

    func payload(of delivery: Delivery) -> JSONValue? {
        if let hit = last.withLock({ $0 }), hit.id == delivery.id { return hit.payload }
        let payload = try? JSONValue(parsing: delivery.body)
        last.withLock { $0 = (delivery.id, payload) }
        return payload
    }
}
