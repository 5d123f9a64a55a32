import Delivery
import Foundation
import Handlers
import SystemIO

/// `"type": "exec"`: a program run for each event, the body on its standard input.
///
///     "on-exam": { "type": "exec", "command": ["./examples/on-exam-completed.sh", "--notify"], "timeoutSeconds": 30,
///                  "env": { "EXAM_RESULTS_DIR": "/var/lib/synap-webhooks/exam-results", "LMS_TOKEN": { "env": "LMS_TOKEN" } },
///                  "workingDirectory": "/var/lib/synap-webhooks" }
///     "notify":  { "type": "exec", "shell": true, "command": ["jq -r .exam.name >> exams.txt"] }
///
/// Without `shell` the command is an argument list run directly (no quoting, globbing or
/// variables); a first element without `/` is looked up in `PATH`, a relative path is taken
/// from the receiver's working directory. With `shell` it is one command line for `/bin/sh -c`.
/// `env` values are strings, or `{"env": "VAR"}` read from the receiver's environment now, at
/// start (and on reload): a missing one is an error naming its key unless its entry says
/// `"optional": true`; then it is left out and `leftOut` says so.
/// `logOutput` (`debug`, `info` or `off`; default `debug`) is the log level of its output.
struct ExecHandlerType: HandlerType {
    static let typeName = "exec"

    let settings: ExecHandler.Settings
    /// Optional `env` variables left out because they are not set, one message each.
    let leftOut: [String]

    init(entry: inout ConfigObject) throws(ConfigurationError) {
        (settings, leftOut) = try Self.settings(&entry)
    }

    var summary: String {
        "exec \(settings.command.joined(separator: " "))" + (settings.shell ? " (shell)" : "") + ", timeout \(Int(settings.timeoutSeconds)) s"
    }

    /// The variables left out, and a program that cannot be run yet (not found, not executable).
    func warnings(name: String) -> [ConfigurationWarning] {
        let found = leftOut.map { ConfigurationWarning(.warning, $0, handler: name) }
        guard let problem = ExecHandler(name: name, settings: settings).startupProblem else { return found }
        return found + [ConfigurationWarning(.warning, "handlers.\(name): \(problem); each event will fail and be retried until it can", handler: name)]
    }

    func makeHandler(name: String, context: HandlerContext) -> any WebhookHandler {
        ExecHandler(name: name, settings: settings, logOutput: Self.outputLogger(context.log, level: settings.outputLogLevel))
    }

    /// Writes an exec handler's output to the operational log, one line per stream and run, at
    /// the handler's `logOutput` level: `debug` unless it says otherwise, because scripts tend to
    /// print learners' names and emails.
    static func outputLogger(_ log: OperationalLog, level: ExecHandler.OutputLogLevel) -> @Sendable (ExecHandler.Output) -> Void {
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

    /// The settings, and the messages about optional variables left out.
    private static func settings(_ entry: inout ConfigObject) throws(ConfigurationError) -> (ExecHandler.Settings, warnings: [String]) {
        guard let command = try entry.strings("command"), !command.isEmpty else {
            throw ConfigurationError(entry.keyPath("command"), "is required: the program and its arguments, like [\"./scripts/on-event.sh\"]")
        }
        guard !command[0].isEmpty else { throw ConfigurationError("\(entry.keyPath("command"))[0]", "must not be empty") }
        for (index, argument) in command.enumerated() where argument.contains("\0") {
            throw ConfigurationError("\(entry.keyPath("command"))[\(index)]", "must not contain NUL")
        }
        let shell = try entry.bool("shell", default: false)
        if shell && command.count != 1 {
            throw ConfigurationError(entry.keyPath("command"), "with \"shell\": true, give one command line: [\"cmd arg | other\"]")
        }
        let timeout = try entry.number("timeoutSeconds", default: 30, range: 0.1...86_400)
        var settings = ExecHandler.Settings(command: command, shell: shell, timeoutSeconds: timeout)
        var warnings: [String] = []
        if var section = try entry.object("env") {
            settings.environment = try Self.environment(&section, warnings: &warnings)
            try section.finish()
        }
        if let directory = try entry.string("workingDirectory") {
            guard !directory.isEmpty, !directory.contains("\0") else {
                throw ConfigurationError(entry.keyPath("workingDirectory"), "must be a directory path (relative paths start from the receiver's working directory)")
            }
            settings.workingDirectory = directory
        }
        let level = try entry.oneOf("logOutput", ExecHandler.OutputLogLevel.allCases.map(\.rawValue), default: "debug")
        settings.outputLogLevel = ExecHandler.OutputLogLevel(rawValue: level)!
        if let erase = try entry.strings("onErase") {
            guard !erase.isEmpty, !erase[0].isEmpty, !erase.contains(where: { $0.contains("\0") }) else {
                throw ConfigurationError(entry.keyPath("onErase"), "must be the program and its arguments, like [\"./scripts/on-event.sh\", \"--erase\"]")
            }
            if shell && erase.count != 1 {
                throw ConfigurationError(entry.keyPath("onErase"), "with \"shell\": true, give one command line")
            }
            settings.onErase = erase
        }
        return (settings, warnings)
    }

    /// `"NAME": "value"` or `"NAME": { "env": "VAR", "optional": true }`, each checked against
    /// what a program's environment can hold.
    private static func environment(_ section: inout ConfigObject, warnings: inout [String]) throws(ConfigurationError) -> [String: String] {
        var result: [String: String] = [:]
        for name in section.keys {
            let key = section.keyPath(name)
            guard !name.isEmpty, !name.contains("="), !name.contains("\0") else {
                throw ConfigurationError(key, "is not a valid environment variable name (empty, or holds \"=\" or NUL)")
            }
            guard !ExecHandler.environmentNames.contains(name) else {
                throw ConfigurationError(key, "is set by the receiver for each event and cannot be configured")
            }
            guard let value = try section.literalOrVariable(name, missing: { key, variable in
                warnings.append("\(key): environment variable \(variable) is not set; left out of the program's environment")
            }) else { continue }
            // The value itself is never shown: it may be a credential.
            guard !value.contains("\0") else { throw ConfigurationError(key, "the value contains NUL, which an environment cannot hold") }
            let bytes = ProgramLimits.environmentEntryBytes(name: name, value: value)
            guard bytes <= ProgramLimits.maxStringBytes else {
                throw ConfigurationError(key, "is too large for a program's environment (\(bytes) bytes, limit \(ProgramLimits.maxStringBytes))")
            }
            result[name] = value
        }
        return result
    }
}
