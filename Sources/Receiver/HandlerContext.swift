/// What a handler type may use to build its live handler, beyond its own settings.
struct HandlerContext: Sendable {
    /// The receiver's data directory: relative paths are taken from it, and a handler keeps
    /// state of its own under it (the file sink's registry in `sinks/NAME`).
    let dataDirectory: String
    /// The operational log, for what a handler reports besides its outcomes (a program's
    /// output, a file it could not close).
    let log: OperationalLog
}
