/// Something in a configuration that does not stop `serve` but that an operator should know:
/// `serve` logs it at start (and on reload) and `check-config` prints it, from the same source
/// (`HandlerFactory.warnings(for:in:)` and the secret readers).
struct ConfigurationWarning: Sendable, Equatable, CustomStringConvertible {
    enum Severity: Sendable, Equatable {
        /// Will cause failures or surprises (a program that cannot run, a header left out).
        case warning
        /// Worth knowing, nothing is wrong yet (a handler no route uses, how to rotate a password).
        case notice
    }

    let severity: Severity
    /// The message, starting with the key it is about where there is one.
    let message: String
    /// The handler it is about, for the log line's context.
    let handler: String?

    init(_ severity: Severity, _ message: String, handler: String? = nil) {
        self.severity = severity
        self.message = message
        self.handler = handler
    }

    var description: String { (severity == .warning ? "warning: " : "note: ") + message }

    /// Logs it: warnings at `warning`, notices at `info`.
    func log(to log: OperationalLog) {
        let level: OperationalLog.Level = severity == .warning ? .warning : .info
        if let handler {
            log.log(level, message) { ["handler": handler] }
        } else {
            log.log(level, message) { [:] }
        }
    }
}
