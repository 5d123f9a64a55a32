import Foundation
import SystemIO

/// `synap-webhooks completion bash|zsh`: completion scripts written from the command table, so
/// every option the parser accepts is completed, with its values where the table knows them
/// (choices, event codes, files, directories).
enum ShellCompletion {
    static let shells = ["bash", "zsh"]

    static func run(_ options: CommandArguments) -> Int32 {
        switch options.value("shell") {
        case "bash":
            StandardStream.output.writeLine(bash())
            return 0
        case "zsh":
            StandardStream.output.writeLine(zsh())
            return 0
        default:
            StandardStream.error.writeLine("synap-webhooks completion: give the shell: completion \(shells.joined(separator: "|"))")
            return 2
        }
    }

    /// Words offered as the first argument.
    static var topLevelWords: [String] { CommandTable.commands.map(\.name) + ["--help", "--version"] }

    /// The options offered after a command (its own, and --help).
    static func optionWords(_ command: CommandSpec) -> [String] { command.options.map(\.name) + ["--help"] }

    // MARK: bash

    /// A bash script defining `_synap_webhooks` and registering it with `complete -F`. It uses only
    /// bash itself (no bash-completion package).
    static func bash() -> String {
        var lines = [
            "# bash completion for synap-webhooks, written by `synap-webhooks completion bash` from its command table.",
            "# Load it with: source <(synap-webhooks completion bash)",
            "_synap_webhooks_words() { mapfile -t COMPREPLY < <(compgen -W \"$1\" -- \"$2\"); }",
            "_synap_webhooks_files() { compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- \"$1\"); }",
            "_synap_webhooks_directories() { compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- \"$1\"); }",
            "_synap_webhooks() {",
            "    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"\"",
            "    if (( COMP_CWORD > 0 )); then prev=\"${COMP_WORDS[COMP_CWORD-1]}\"; fi",
            "    # COMP_WORDBREAKS splits --option=value into --option, = and value.",
            "    if [[ \"$cur\" == \"=\" ]]; then cur=\"\"; elif [[ \"$prev\" == \"=\" ]] && (( COMP_CWORD > 1 )); then prev=\"${COMP_WORDS[COMP_CWORD-2]}\"; fi",
            "    COMPREPLY=()",
            "    if (( COMP_CWORD == 1 )); then",
            "        _synap_webhooks_words \"\(topLevelWords.joined(separator: " "))\" \"$cur\"",
            "        return 0",
            "    fi",
            "    case \"${COMP_WORDS[1]}\" in",
        ]
        for command in CommandTable.commands {
            lines.append("        \(command.name))")
            let valued = command.options.filter { $0.value.placeholder != nil }
            if !valued.isEmpty {
                lines.append("            case \"$prev\" in")
                for option in valued {
                    lines.append("                \(option.name)) \(bashValueCompletion(option.value)); return 0 ;;")
                }
                lines.append("            esac")
            }
            if let positional = command.positional {
                lines.append("            if [[ \"$cur\" != -* ]]; then \(bashValueCompletion(positional.value)); return 0; fi")
            }
            lines.append("            _synap_webhooks_words \"\(optionWords(command).joined(separator: " "))\" \"$cur\"")
            lines.append("            ;;")
        }
        lines += [
            "    esac",
            "    return 0",
            "}",
            "complete -F _synap_webhooks synap-webhooks",
        ]
        return lines.joined(separator: "\n")
    }

    private static func bashValueCompletion(_ value: CommandValue) -> String {
        if let words = value.completionWords { return "_synap_webhooks_words \"\(words.joined(separator: " "))\" \"$cur\"" }
        switch value {
        case .file: return "_synap_webhooks_files \"$cur\""
        case .directory: return "_synap_webhooks_directories \"$cur\""
        default: return ":"  // free text: nothing to offer
        }
    }

    // MARK: zsh

    /// A zsh completion function `_synap-webhooks`, for `fpath` (as a file named `_synap-webhooks`)
    /// or to be sourced after `compinit`.
    static func zsh() -> String {
        var lines = [
            "#compdef synap-webhooks",
            "# zsh completion for synap-webhooks, written by `synap-webhooks completion zsh` from its command table.",
            "# Install: synap-webhooks completion zsh > \"${fpath[1]}/_synap-webhooks\"; or, after compinit: source <(synap-webhooks completion zsh)",
            "_synap-webhooks() {",
            "  local -a commands",
            "  commands=(",
        ]
        lines += CommandTable.commands.map { "    \(zshQuote("\($0.name):\($0.summary)"))" }
        lines += [
            "  )",
            "  if (( CURRENT == 2 )); then",
            "    _describe -t commands 'synap-webhooks command' commands",
            "    compadd -- --help --version",
            "    return",
            "  fi",
            "  local command=\"${words[2]}\"",
            "  shift words",
            "  (( CURRENT-- ))",
            "  case \"$command\" in",
        ]
        for command in CommandTable.commands {
            lines.append("    (\(command.name))")
            var specs = command.options.map { option -> String in
                let description = "[\(zshDescription(option.summary))]"
                guard let placeholder = option.value.placeholder else { return zshQuote(option.name + description) }
                return zshQuote("\(option.name)=\(description):\(placeholder):\(zshAction(option.value))")
            }
            if let positional = command.positional, let placeholder = positional.value.placeholder {
                specs.append(zshQuote("1:\(placeholder):\(zshAction(positional.value))"))
            }
            specs += [zshQuote("(- 1 *)-h[Show the help.]"), zshQuote("(- 1 *)--help[Show the help.]")]
            lines.append("      _arguments -s -S \\")
            lines += specs.dropLast().map { "        \($0) \\" }
            lines.append("        \(specs.last!)")
            lines.append("      ;;")
        }
        lines += [
            "  esac",
            "}",
            "if [[ \"${funcstack[1]}\" == \"_synap-webhooks\" ]]; then",
            "  _synap-webhooks \"$@\"",
            "else",
            "  compdef _synap-webhooks synap-webhooks",
            "fi",
        ]
        return lines.joined(separator: "\n")
    }

    private static func zshAction(_ value: CommandValue) -> String {
        if let words = value.completionWords { return "(\(words.joined(separator: " ")))" }
        switch value {
        case .file: return "_files"
        case .directory: return "_files -/"
        default: return " "  // free text: a message, no candidates
        }
    }

    /// An `_arguments` description: brackets and colons would end it early.
    private static func zshDescription(_ text: String) -> String {
        text.replacingOccurrences(of: "[", with: "(").replacingOccurrences(of: "]", with: ")").replacingOccurrences(of: ":", with: " -")
    }

    /// A single-quoted zsh word.
    private static func zshQuote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
