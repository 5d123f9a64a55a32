import Foundation
import SystemIO

/// `synap-webhooks COMMAND [OPTIONS]`: finds the command in `CommandTable`, parses its
/// arguments by the table, and runs it.
public enum CommandLineInterface {
    /// The overview `--help` prints.
    static var usage: String { CommandHelp.overview }

    /// Runs the command in `arguments` (without the program name) and returns the exit status;
    /// `serve` does not return while the server runs.
    public static func run(_ arguments: [String]) -> Int32 {
        run(arguments, environment: ProcessInfo.processInfo.environment)
    }

    static func run(_ arguments: [String], environment: [String: String]) -> Int32 {
        guard let name = arguments.first else {
            StandardStream.error.writeLine(usage)
            return 2
        }
        let rest = Array(arguments.dropFirst())
        switch name {
        case "--help", "-h":
            StandardStream.output.writeLine(usage)
            return 0
        case "--version", "-V":
            CommandHelp.printVersion()
            return 0
        default:
            break
        }
        guard let command = CommandTable.command(name) else {
            StandardStream.error.writeLine("synap-webhooks: unknown command \"\(name)\"\n\n\(usage)")
            return 2
        }
        // `synap-webhooks send --help` is what people type first: show the help, not an error.
        if rest.contains("--help") || rest.contains("-h") {
            StandardStream.output.writeLine(CommandHelp.text(for: command))
            return 0
        }
        let options: CommandArguments
        do throws(UsageError) {
            options = try CommandArguments(rest, for: command, environment: environment)
        } catch {
            StandardStream.error.writeLine("synap-webhooks \(name): \(error)\nRun `synap-webhooks \(name) --help` for its options.")
            return 2
        }
        return command.run(options)
    }
}
