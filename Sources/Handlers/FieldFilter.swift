import Delivery
import JSONSyntax

/// A route's filter on one handler: the handler gets an event only when every condition holds
/// on the event's payload (the lossless `JSONValue` the intake parsed once, not the typed model,
/// so any path of any payload can be tested).
public struct FieldFilter: EventFilter {
    /// All must match.
    public let conditions: [FilterCondition]

    public init(conditions: [FilterCondition]) {
        self.conditions = conditions
    }

    /// The filters of one route, by handler name.
    public static func forRoute(_ conditionsByHandler: [String: [FilterCondition]]) -> [String: any EventFilter] {
        conditionsByHandler.mapValues { FieldFilter(conditions: $0) }
    }

    public func matches(_ delivery: Delivery, payload: JSONValue) -> Bool {
        conditions.allSatisfy { $0.matches(payload) }
    }
}
