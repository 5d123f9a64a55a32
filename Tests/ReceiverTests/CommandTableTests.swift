import Foundation
import SynapEvents
import Testing
@testable import Receiver

/// The command table, the parser, `--help` and the completion scripts agree: every option the
/// parser accepts is documented (with its format and default) and completed, in bash and zsh.
@Suite struct CommandTableTests {
    /// A value each kind of option accepts.
    static func sampleValue(_ value: CommandValue) -> String? {
        switch value {
        case .none: nil
        case .text: "x"
        case .host: "127.0.0.1"
        case .file, .directory: "/tmp/x"
        case .integer(_, let range): String(range.lowerBound)
        case .seconds(_, let range): String(range.upperBound)
        case .choice(_, let choices): choices[0]
        case .eventKind: EventKind.attemptCompleted.rawValue
        }
    }

    /// The lines of a completion script from a command's case label to the next command's.
    static func section(of script: String, label: (String) -> String, command: String) -> String {
        let lines = script.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: label(command)) else { return "" }
        let labels = Set(CommandTable.commands.map { label($0.name) })
        // The command's section ends at the next command, or at the end of the command `case`
        // (bash's `    esac`, zsh's `  esac`; deeper ones close a command's own `case`).
        let end = lines[(start + 1)...].firstIndex { labels.contains($0) || $0 == "    esac" || $0 == "  esac" } ?? lines.endIndex
        return lines[start..<end].joined(separator: "\n")
    }

    @Test func theHelpCommandKnowsEveryCommand() {
        #expect(CommandTable.commandNames == CommandTable.commands.map(\.name))
        #expect(Set(CommandTable.commandNames).count == CommandTable.commandNames.count)
    }

    @Test(arguments: CommandTable.commands.map(\.name))
    func everyOptionIsParsedDocumentedAndCompleted(name: String) throws {
        let command = try #require(CommandTable.command(name))
        let help = CommandHelp.text(for: command)
        let bash = Self.section(of: ShellCompletion.bash(), label: { "        \($0))" }, command: name)
        let zsh = Self.section(of: ShellCompletion.zsh(), label: { "    (\($0))" }, command: name)
        #expect(!bash.isEmpty && !zsh.isEmpty)
        #expect(CommandHelp.overview.contains("  \(name) ") && CommandHelp.overview.contains("synap-webhooks \(name)"))
        for option in command.options {
            var arguments = [option.name]
            if let value = Self.sampleValue(option.value) { arguments.append(value) }
            let parsed = try CommandArguments(arguments, for: command, environment: [:])
            #expect(parsed.value(option.name) != nil || parsed.has(option.name), "\(name) \(option.name) not parsed")
            #expect(command.synopsis.contains(option.name), "\(name): \(option.name) missing from the usage line")
            // Help: the option with its placeholder, then its summary, then format and default.
            let lines = help.components(separatedBy: "\n")
            let at = try #require(lines.firstIndex(of: "  \(option.usage)"), "\(name) --help lacks \(option.usage)")
            #expect(lines[at + 2].contains("format: \(option.value.format)"))
            #expect(lines[at + 2].contains("default: \(option.defaultText ?? "none")"))
            if let variable = option.environment { #expect(lines[at + 2].contains("environment: \(variable)")) }
            #expect(bash.contains(option.name), "bash completion of \(name) lacks \(option.name)")
            #expect(zsh.contains("'\(option.name)"), "zsh completion of \(name) lacks \(option.name)")
            for word in option.value.completionWords ?? [] {
                #expect(bash.contains(word) && zsh.contains(word), "\(name) \(option.name): \(word) not completed")
            }
        }
        if let positional = command.positional {
            let value = try #require(Self.sampleValue(positional.value))
            #expect(try CommandArguments([value], for: command, environment: [:]).value(positional.key) == value)
            #expect(help.contains("  \(positional.value.placeholder!)\n"))
        }
        // What the table does not list is refused, naming it.
        #expect(throws: UsageError.self) { try CommandArguments(["--no-such-option"], for: command, environment: [:]) }
    }

    @Test func optionsOfAnotherCommandAreRefused() {
        let error = #expect(throws: UsageError.self) { try CommandArguments(["--admin", "http://x"], for: CommandTable.serve, environment: [:]) }
        #expect(error?.message == "unknown option --admin")
    }

    @Test func valuesAreCheckedByTheirFormatNamingTheOption() {
        let cases: [(CommandSpec, [String], String)] = [
            (CommandTable.serve, ["--port", "80x"], "--port must be a whole number from 0 to 65535, not \"80x\""),
            (CommandTable.serve, ["--port=70000"], "--port must be a whole number from 0 to 65535, not \"70000\""),
            (CommandTable.serve, ["--host", "bad host"], "--host must be an IP address or host name, not \"bad host\""),
            (CommandTable.serve, ["--config"], "--config needs a value (a file path)"),
            (CommandTable.replay, ["--from", "inbox"], "--from must be journal, dead-letters or quarantine, not \"inbox\""),
            (CommandTable.sample, ["--event", "exam.finished"], "--event: unknown event \"exam.finished\"; run `synap-webhooks events` for the list"),
            (CommandTable.send, ["--timeout", "0"], "--timeout must be seconds, a number from 0.1 to 3600, not \"0\""),
            (CommandTable.completion, ["fish"], "SHELL must be bash or zsh, not \"fish\""),
            (CommandTable.checkConfig, ["a.json", "b.json"], "unexpected argument \"b.json\""),
        ]
        for (command, arguments, message) in cases {
            let error = #expect(throws: UsageError.self) { try CommandArguments(arguments, for: command, environment: [:]) }
            #expect(error?.message == message, "\(command.name) \(arguments)")
        }
    }

    @Test func checkConfigTakesTheFileEitherWay() throws {
        #expect(try CommandArguments(["a.json"], for: CommandTable.checkConfig, environment: [:]).value("--config") == "a.json")
        #expect(try CommandArguments(["--config", "a.json"], for: CommandTable.checkConfig, environment: [:]).value("--config") == "a.json")
    }

    @Test func theOverviewListsEveryVariable() {
        let variables = Set(CommandTable.commands.flatMap(\.options).compactMap(\.environment))
        #expect(variables == ["SYNAP_WEBHOOKS_CONFIG", "SYNAP_WEBHOOKS_HOST", "SYNAP_WEBHOOKS_PORT", "SYNAP_WEBHOOKS_DATA_DIR", "SYNAP_ADMIN_USER"])
        for variable in variables { #expect(CommandHelp.overview.contains("  \(variable) ")) }
    }

    @Test func theBinaryAnswersHelpPerCommandAndPrintsCompletions() throws {
        let help = try ReceiverProcess(["replay", "--help"])
        #expect(help.waitForExit() == 0)
        #expect(help.standardOutput.contains("  --since TIME\n"))
        let viaHelp = try ReceiverProcess(["help", "serve"])
        #expect(viaHelp.waitForExit() == 0)
        #expect(viaHelp.standardOutput.contains("environment: SYNAP_WEBHOOKS_PORT"))
        let bash = try ReceiverProcess(["completion", "bash"])
        #expect(bash.waitForExit() == 0)
        #expect(bash.standardOutput.contains("complete -F _synap_webhooks synap-webhooks"))
        let wrong = try ReceiverProcess(["serve", "--bogus"])
        #expect(wrong.waitForExit() == 2)
        #expect(wrong.standardError.contains("synap-webhooks serve: unknown option --bogus"))
        #expect(wrong.standardError.contains("synap-webhooks serve --help"))
    }
}
