import Delivery
import Handlers
import SynapEvents

/// One entry of `routes`: a path bound to an event kind and the handlers that get its events.
public struct RouteDefinition: Sendable, Equatable {
    /// What a route does with valid JSON that does not fit its event's model.
    public enum InvalidPayloadPolicy: String, Sendable, CaseIterable {
        /// Accept (2xx), keep it in the quarantine, report it (the default: nothing is lost).
        case quarantine
        /// Answer 400 with the field path and reason.
        case reject
    }

    /// The path Synap posts to, e.g. `/webhooks/attempt-completed`.
    public let path: String
    /// The kind, or nil for `auto` (decided per event from `meta.eventName` or the payload's shape).
    public let event: EventKind?
    /// Handler names, in order.
    public let handlers: [String]
    public let onInvalidPayload: InvalidPayloadPolicy
    /// Basic credentials the route requires, nil when it is open.
    public var auth: BasicAuthenticator? = nil
    /// Source networks allowed to post (checked on the client address), empty for any.
    public var allowFrom: [NetworkRange] = []
    /// Conditions per handler name: that handler gets an event only when all of them hold.
    public var filters: [String: [FilterCondition]] = [:]
    /// Fields removed, masked or hashed before the event is stored (`redact`), in order.
    public var redactions: [RedactionRule] = []

    /// What the route receives.
    public var kind: RouteKind { event.map(RouteKind.fixed) ?? .auto }

    /// The kind as stored in the journal: its code, or `auto`.
    public var kindCode: String { kind.code }

    /// The route as the delivery engine sees it.
    var plan: RoutePlan {
        RoutePlan(
            path: path, kind: kind, handlers: handlers, filters: filters.isEmpty ? [:] : FieldFilter.forRoute(filters),
            rejectsInvalidPayloads: onInvalidPayload == .reject)
    }
}
