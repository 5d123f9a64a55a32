import Delivery
import Handlers

/// Builds live handlers from their definitions. Relative file paths are resolved against the
/// data directory.
enum HandlerFactory {
    static func settings(for definition: HandlerDefinition, dataDirectory: String, log: OperationalLog) -> HandlerSettings {
        let handler: any WebhookHandler
        switch definition.kind {
        case .log(let format, let fields, let mask):
            handler = LogHandler(name: definition.name, format: format, fields: fields, maskPersonalData: mask)
        case .file(let path, var options):
            // Every file it writes is recorded here, so retention and erasure reach them all.
            options.registryDirectory = dataDirectory + "/sinks/" + definition.name
            let name = definition.name
            handler = FileSinkHandler(
                name: name, template: path.resolved(against: dataDirectory), options: options, notice: { log.warning($0, ["handler": name]) })
        case .forward(let settings, _):
            handler = ForwardHandler(name: definition.name, settings: settings)
        case .exec(let settings, _):
            handler = ExecHandler(name: definition.name, settings: settings, logOutput: execOutputLogger(log, level: settings.outputLogLevel))
        }
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
