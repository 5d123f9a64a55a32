/// Decides per event whether a handler wants it (a route's filter on that handler).
public protocol EventFilter: Sendable {
    /// True when the handler should receive `delivery`.
    func matches(_ delivery: Delivery) -> Bool
}

/// A handler with how it is driven.
public struct HandlerSettings: Sendable {
    public let handler: any WebhookHandler
    public let retry: RetryPolicy
    /// Deliveries in flight at once for this handler.
    public let concurrency: Int

    /// Settings from their parts.
    public init(handler: any WebhookHandler, retry: RetryPolicy = RetryPolicy(), concurrency: Int = 1) {
        self.handler = handler
        self.retry = retry
        self.concurrency = max(1, concurrency)
    }
}

/// Everything the dispatcher needs from the configuration: the handlers by name and the
/// filters by route and handler. Replaced whole on reload.
public struct DispatchPlan: Sendable {
    public var handlers: [String: HandlerSettings]
    /// `filters[routePath][handlerName]`: absent means "every event".
    public var filters: [String: [String: any EventFilter]]

    /// A plan from its parts.
    public init(handlers: [String: HandlerSettings] = [:], filters: [String: [String: any EventFilter]] = [:]) {
        self.handlers = handlers
        self.filters = filters
    }
}
