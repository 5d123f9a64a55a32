import Delivery
import Handlers

extension HandlerFactory {
    /// What `serve` warns about a handler at start and `check-config` prints: an optional header
    /// or signature left out, a signing secret Standard Webhooks libraries would not verify, an
    /// exec program that cannot be run yet. A handler no route uses gets only a notice saying so:
    /// its own problems do not matter until it is used.
    static func warnings(for definition: HandlerDefinition, in configuration: ReceiverConfiguration) -> [ConfigurationWarning] {
        let name = definition.name
        guard configuration.routes.contains(where: { $0.handlers.contains(name) }) else {
            return [ConfigurationWarning(.notice, "handlers.\(name): no route uses this handler; name it in a route's handlers to use it", handler: name)]
        }
        switch definition.kind {
        case .forward(_, let warnings):
            return warnings.map { ConfigurationWarning(.warning, $0, handler: name) }
        case .exec(let settings, let warnings):
            let found = warnings.map { ConfigurationWarning(.warning, $0, handler: name) }
            guard let problem = ExecHandler(name: name, settings: settings).startupProblem else { return found }
            return found + [ConfigurationWarning(.warning, "handlers.\(name): \(problem); each event will fail and be retried until it can", handler: name)]
        case .log, .file:
            return []
        }
    }

    /// The warnings about every handler of `configuration`, in file order.
    static func warnings(for configuration: ReceiverConfiguration) -> [ConfigurationWarning] {
        configuration.handlers.flatMap { warnings(for: $0, in: configuration) }
    }

    /// Writes an exec handler's output to the operational log, one line per stream and run, at
    /// the handler's `logOutput` level: `debug` unless it says otherwise, because scripts tend to
    /// print learners' names and emails.
    static func execOutputLogger(_ log: OperationalLog, level: ExecHandler.OutputLogLevel) -> @Sendable (ExecHandler.Output) -> Void {
        let logLevel: OperationalLog.Level
        switch level {
        case .off: return { _ in }
        case .debug: logLevel = .debug
        case .info: logLevel = .info
        }
        return { output in
            log.log(logLevel, "exec output") {
                ["handler": output.handler, "id": output.eventID.description, "attempt": output.attempt,
                 "stream": output.stream.rawValue, "output": output.text]
            }
        }
    }
}
