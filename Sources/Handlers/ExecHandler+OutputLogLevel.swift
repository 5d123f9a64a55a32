extension ExecHandler {
    /// Where the receiver's log puts a program's output (the `logOutput` setting). The handler
    /// hands the output over either way; the receiver decides the level.
    public enum OutputLogLevel: String, Sendable, CaseIterable {
        /// Only with `log.level` at `debug`: the default, since output tends to hold learner data.
        case debug
        /// At `info`, on by default.
        case info
        /// Never logged.
        case off
    }
}
