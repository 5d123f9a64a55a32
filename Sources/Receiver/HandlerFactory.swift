import Delivery
import Handlers

/// Builds live handlers from their definitions. Relative file paths are resolved against the
/// data directory.
enum HandlerFactory {
    static func settings(for definition: HandlerDefinition, dataDirectory: String) -> HandlerSettings {
        let handler: any WebhookHandler
        switch definition.kind {
        case .log(let format, let fields, let mask):
            handler = LogHandler(name: definition.name, format: format, fields: fields, maskPersonalData: mask)
        case .file(let path, let options):
            handler = FileSinkHandler(name: definition.name, template: path.resolved(against: dataDirectory), options: options)
        }
        return HandlerSettings(handler: handler, retry: definition.retry, concurrency: definition.concurrency)
    }

    static func plan(for configuration: ReceiverConfiguration) -> DispatchPlan {
        var plan = DispatchPlan()
        for definition in configuration.handlers {
            plan.handlers[definition.name] = settings(for: definition, dataDirectory: configuration.dataDirectory)
        }
        return plan
    }
}
