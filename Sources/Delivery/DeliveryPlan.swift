import JSONSyntax
import SynapEvents

/// Decides per event whether a handler wants it (a route's filter on that handler).
public protocol EventFilter: Sendable {
    /// True when the handler should receive `delivery`, whose body parsed is `payload` (the value
    /// the intake built once, so a filter never parses the body again).
    func matches(_ delivery: Delivery, payload: JSONValue) -> Bool
}

/// A handler with how it is driven.
public struct HandlerSettings: Sendable {
    public let handler: any WebhookHandler
    public let retry: RetryPolicy
    /// Deliveries in flight at once for this handler.
    public let concurrency: Int
    /// Strict receipt order: a failing event holds up the ones behind it (and concurrency is 1),
    /// instead of moving to its own retry schedule after three tries at the head of the queue.
    public let ordered: Bool

    /// Settings from their parts.
    public init(handler: any WebhookHandler, retry: RetryPolicy = RetryPolicy(), concurrency: Int = 1, ordered: Bool = false) {
        self.handler = handler
        self.retry = retry
        self.concurrency = ordered ? 1 : max(1, concurrency)
        self.ordered = ordered
    }
}

/// What a route path receives: which event, for which handlers, filtered how, and what to do
/// with a payload that does not fit.
public struct RoutePlan: Sendable {
    public let path: String
    public let kind: RouteKind
    /// Handler names in configuration order.
    public let handlers: [String]
    /// Per handler, the condition an event must meet; absent means every event.
    public let filters: [String: any EventFilter]
    /// Answer 400 to a payload that does not fit its model, instead of quarantining it.
    public let rejectsInvalidPayloads: Bool

    public init(path: String, kind: RouteKind, handlers: [String], filters: [String: any EventFilter] = [:], rejectsInvalidPayloads: Bool = false) {
        self.path = path
        self.kind = kind
        self.handlers = handlers
        self.filters = filters
        self.rejectsInvalidPayloads = rejectsInvalidPayloads
    }
}

/// How much the stores may hold and for how long.
public struct StoreLimits: Sendable, Equatable {
    /// Journal size at which new events are refused (finished segments go early to make room).
    public var journalMaxBytes: Int
    /// How long journal segments are kept once every event in them is settled.
    public var journalRetentionMilliseconds: Int64
    /// Body bytes of dead letters at which new events are refused: a dead letter is never
    /// dropped to make room.
    public var deadLetterMaxBytes: Int
    /// How long a dead letter is kept before it expires.
    public var deadLetterRetentionMilliseconds: Int64
    /// Body bytes of quarantined events at which new events are refused.
    public var quarantineMaxBytes: Int
    /// How long a quarantined event is kept before it expires.
    public var quarantineRetentionMilliseconds: Int64

    public init(
        journalMaxBytes: Int = 10_240 << 20, journalRetentionMilliseconds: Int64 = 86_400_000, deadLetterMaxBytes: Int = 1024 << 20,
        deadLetterRetentionMilliseconds: Int64 = 30 * 86_400_000, quarantineMaxBytes: Int = 1024 << 20,
        quarantineRetentionMilliseconds: Int64 = 30 * 86_400_000
    ) {
        self.journalMaxBytes = journalMaxBytes
        self.journalRetentionMilliseconds = journalRetentionMilliseconds
        self.deadLetterMaxBytes = deadLetterMaxBytes
        self.deadLetterRetentionMilliseconds = deadLetterRetentionMilliseconds
        self.quarantineMaxBytes = quarantineMaxBytes
        self.quarantineRetentionMilliseconds = quarantineRetentionMilliseconds
    }
}

/// Everything the delivery engine needs from the configuration: handlers by name, routes by
/// path, and the stores' limits. Swapped whole on reload.
public struct DeliveryPlan: Sendable {
    public var handlers: [String: HandlerSettings]
    public var routes: [String: RoutePlan]
    public var limits: StoreLimits

    public init(handlers: [String: HandlerSettings] = [:], routes: [String: RoutePlan] = [:], limits: StoreLimits = StoreLimits()) {
        self.handlers = handlers
        self.routes = routes
        self.limits = limits
    }
}
