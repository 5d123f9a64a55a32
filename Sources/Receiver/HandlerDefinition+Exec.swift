import Handlers

extension HandlerDefinition {
    /// Reads an `exec` handler:
    ///
    ///     "on-exam": { "type": "exec", "command": ["./examples/on-exam-completed.sh", "--notify"], "timeoutSeconds": 30 }
    ///     "notify":  { "type": "exec", "shell": true, "command": ["jq -r .exam.name >> exams.txt"] }
    ///
    /// Without `shell` the command is an argument list run directly (no quoting, globbing or
    /// variables); a first element without `/` is looked up in `PATH`, a relative path is taken
    /// from the receiver's working directory. With `shell` it is one command line for `/bin/sh -c`.
    /// `logOutput` (`debug`, `info` or `off`; default `debug`) is the log level of its output.
    static func execSettings(_ entry: inout ConfigObject) throws(ConfigurationError) -> ExecHandler.Settings {
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
        let level = try entry.oneOf("logOutput", ExecHandler.OutputLogLevel.allCases.map(\.rawValue), default: "debug")
        settings.outputLogLevel = ExecHandler.OutputLogLevel(rawValue: level)!
        return settings
    }
}
