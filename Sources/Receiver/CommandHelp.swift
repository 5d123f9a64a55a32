import SystemIO

/// `synap-webhooks --help` and `synap-webhooks COMMAND --help`, written from the command table.
enum CommandHelp {
    static let programName = "synap-webhooks"

    /// The list of commands, their usage lines, the environment variables and the exit statuses.
    static var overview: String {
        let commands = CommandTable.commands
        var lines = [
            "\(programName) \(ReceiverVersion.current): receives Synap's webhooks, stores each event durably, and hands it to handlers.",
            "",
            "Usage:",
        ]
        lines += commands.map { usage($0, prefix: "  \(programName) ") }
        lines.append("  \(programName) --help | --version")
        lines.append("  \(programName) COMMAND --help      the options of one command, with their formats and defaults")
        lines += ["", "Commands:"]
        let width = (commands.map(\.name.count).max() ?? 0) + 2
        lines += commands.map { "  " + pad($0.name, width) + $0.summary }
        lines += ["", "Environment (a command-line option overrides its variable, which overrides the file; an empty variable counts as unset):"]
        let variables = environmentVariables
        let variableWidth = (variables.map(\.name.count).max() ?? 0) + 2
        for variable in variables {
            lines.append("  " + pad(variable.name, variableWidth) + "as \(variable.option) of \(variable.commands.joined(separator: " and "))")
        }
        lines += ["", "Exit status: 0 after a clean stop, 1 on a runtime error, 2 on a usage or configuration error."]
        return lines.joined(separator: "\n")
    }

    /// Every variable the table names, with the option it stands for and the commands that read it.
    static var environmentVariables: [(name: String, option: String, commands: [String])] {
        var result: [(name: String, option: String, commands: [String])] = []
        for command in CommandTable.commands {
            for option in command.options {
                guard let variable = option.environment else { continue }
                if let index = result.firstIndex(where: { $0.name == variable }) {
                    result[index].commands.append(command.name)
                } else {
                    result.append((variable, option.name, [command.name]))
                }
            }
        }
        return result
    }

    /// One command's usage, what it does, and each option with its format, default and variable.
    static func text(for command: CommandSpec) -> String {
        var lines = [usage(command, prefix: "Usage: \(programName) "), "", command.details]
        if command.positional != nil || !command.options.isEmpty {
            lines += ["", "Arguments and options:"]
        }
        if let positional = command.positional, let placeholder = positional.value.placeholder {
            lines.append("  \(placeholder)")
            lines.append("      \(positional.summary)")
            lines.append("      format: \(positional.value.format)")
        }
        for option in command.options {
            lines.append("  \(option.usage)")
            lines.append("      \(option.summary)")
            var facts = ["format: \(option.value.format)", "default: \(option.defaultText ?? "none")"]
            if let variable = option.environment { facts.append("environment: \(variable)") }
            lines.append("      " + facts.joined(separator: "; "))
        }
        lines += ["  -h, --help", "      Show this help."]
        return lines.joined(separator: "\n")
    }

    /// `synap-webhooks help [COMMAND]`.
    static func run(_ options: CommandArguments) -> Int32 {
        if let name = options.value("command"), let command = CommandTable.command(name) {
            StandardStream.output.writeLine(text(for: command))
        } else {
            StandardStream.output.writeLine(overview)
        }
        return 0
    }

    static func printVersion() {
        StandardStream.output.writeLine("\(programName) \(ReceiverVersion.current)")
    }

    /// The synopsis after `prefix`, its continuation lines indented under its first.
    private static func usage(_ command: CommandSpec, prefix: String) -> String {
        let indent = String(repeating: " ", count: prefix.count + command.name.count + 1)
        return prefix + command.synopsis.split(separator: "\n").joined(separator: "\n" + indent)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }
}
