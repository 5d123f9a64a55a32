import Delivery
import Handlers

extension HandlerFactory {
    /// Start-up problems that do not stop the receiver but will matter: an optional header or
    /// signature left out, an exec program that cannot be run yet.
    static func warnings(for definition: HandlerDefinition, handler: any WebhookHandler) -> [String] {
        switch definition.kind {
        case .forward(_, let warnings):
            return warnings
        case .exec(_, let warnings):
            guard let problem = (handler as? ExecHandler)?.startupProblem else { return warnings }
            return warnings + ["\(problem); each event will fail and be retried until it can"]
        case .log, .file:
            return []
        }
    }

    /// Writes an exec handler's output to the operational log, one line per stream and run.
    static func execOutputLogger(_ log: OperationalLog) -> @Sendable (ExecHandler.Output) -> Void {
        { output in
            log.info(
                "exec output",
                ["handler": output.handler, "id": output.eventID.description, "attempt": output.attempt,
                 "stream": output.stream.rawValue, "output": output.text])
        }
    }
}
