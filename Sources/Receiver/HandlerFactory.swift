import Delivery

/// Builds live handlers from their definitions, each by its type (`HandlerType.makeHandler`),
/// with the data directory (relative paths are taken from it) and the log.
enum HandlerFactory {
    static func settings(for definition: HandlerDefinition, dataDirectory: String, log: OperationalLog) -> HandlerSettings {
        let context = HandlerContext(dataDirectory: dataDirectory, log: log)
        let handler = definition.type.makeHandler(name: definition.name, context: context)
        return HandlerSettings(handler: handler, retry: definition.retry, concurrency: definition.concurrency, ordered: definition.ordered)
    }

    /// The delivery engine's plan: live handlers, the routes, the stores' limits. `log`
    /// (default: a log with the configuration's settings) gets exec output and start-up warnings.
    static func plan(for configuration: ReceiverConfiguration, log: OperationalLog? = nil) -> DeliveryPlan {
        let log = log ?? OperationalLog(settings: configuration.log)
        var plan = DeliveryPlan(limits: configuration.storeLimits)
        for definition in configuration.handlers {
            let built = settings(for: definition, dataDirectory: configuration.dataDirectory, log: log)
            plan.handlers[definition.name] = built
            warnings(for: definition, in: configuration).forEach { $0.log(to: log) }
        }
        for route in configuration.routes {
            plan.routes[route.path] = route.plan
        }
        return plan
    }
}
