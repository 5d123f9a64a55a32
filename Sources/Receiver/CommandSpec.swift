import SynapEvents

/// One command of `synap-webhooks`: its options, how help shows it, and what runs it. The parser
/// (`CommandArguments`), `--help` and the shell completion scripts all read these, so an option
/// cannot be accepted without being documented and completed.
struct CommandSpec: Sendable {
    /// `serve`, `check-config`, ...
    let name: String
    /// The usage after `synap-webhooks `, e.g. `serve [--config FILE] [--port PORT]`; a long one
    /// goes on several lines, which help indents under the first.
    let synopsis: String
    /// One line for the list of commands.
    let summary: String
    /// The paragraph of `synap-webhooks COMMAND --help`.
    let details: String
    let options: [CommandOption]
    /// A bare argument the command takes (`check-config FILE`, `completion SHELL`), if any.
    let positional: CommandPositional?
    /// Runs the command with its parsed arguments and returns the exit status.
    let run: @Sendable (CommandArguments) -> Int32

    init(
        _ name: String, synopsis: String, summary: String, details: String, options: [CommandOption] = [],
        positional: CommandPositional? = nil, run: @escaping @Sendable (CommandArguments) -> Int32
    ) {
        self.name = name
        self.synopsis = synopsis
        self.summary = summary
        self.details = details
        self.options = options
        self.positional = positional
        self.run = run
    }

    func option(_ name: String) -> CommandOption? { options.first { $0.name == name } }
}

/// One `--name [VALUE]` option.
struct CommandOption: Sendable {
    let name: String
    let value: CommandValue
    /// What it does, one sentence.
    let summary: String
    /// What happens without it (`"8080"`, `"server.port in the file"`); nil: nothing.
    let defaultText: String?
    /// An environment variable that gives the value when the option is absent.
    let environment: String?

    init(_ name: String, _ value: CommandValue, _ summary: String, default defaultText: String? = nil, environment: String? = nil) {
        self.name = name
        self.value = value
        self.summary = summary
        self.defaultText = defaultText
        self.environment = environment
    }

    /// `--port PORT`, or `--json` for a switch.
    var usage: String { value.placeholder.map { "\(name) \($0)" } ?? name }
}

/// A bare argument; `key` is the name its value is stored under (`--config` for `check-config
/// FILE`, so the command reads one name whichever way it was given).
struct CommandPositional: Sendable {
    let key: String
    let value: CommandValue
    let summary: String
}

/// What an option takes: it decides the placeholder, the format help shows, what the parser
/// checks, and what the shells complete.
enum CommandValue: Sendable {
    /// No value: a switch.
    case none
    /// Free text, described by `format`.
    case text(placeholder: String, format: String)
    /// A listen address: an IP address or a host name.
    case host
    /// A file path (completed from the file system).
    case file(placeholder: String)
    /// A directory path (completed from the file system).
    case directory(placeholder: String)
    /// A whole number in `range`.
    case integer(placeholder: String, range: ClosedRange<Int>)
    /// A number of seconds in `range`.
    case seconds(placeholder: String, range: ClosedRange<Double>)
    /// One of `choices` (completed from them).
    case choice(placeholder: String, choices: [String])
    /// An event code or a known alias, like `attempt.completed` (completed from the codes).
    case eventKind

    var placeholder: String? {
        switch self {
        case .none: nil
        case .text(let placeholder, _), .file(let placeholder), .directory(let placeholder), .integer(let placeholder, _),
            .seconds(let placeholder, _), .choice(let placeholder, _):
            placeholder
        case .eventKind: "KIND"
        case .host: "HOST"
        }
    }

    /// How help describes an acceptable value.
    var format: String {
        switch self {
        case .none: "a switch, no value"
        case .text(_, let format): format
        case .file: "a file path"
        case .directory: "a directory path"
        case .integer(_, let range): "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .seconds(_, let range): "seconds, a number from \(Self.show(range.lowerBound)) to \(Self.show(range.upperBound))"
        case .choice(_, let choices): Self.list(choices)
        case .eventKind: "an event code such as attempt.completed (synap-webhooks events lists them)"
        case .host: "an IP address or host name; 0.0.0.0 or :: for every interface"
        }
    }

    /// The words a shell offers for the value, nil when it completes paths or nothing.
    var completionWords: [String]? {
        switch self {
        case .choice(_, let choices): choices
        case .eventKind: EventKind.allCases.map(\.rawValue)
        default: nil
        }
    }

    /// Checks `text` as this kind of value; the message starts with `name` (an option or a variable).
    func check(_ text: String, name: String) throws(UsageError) {
        switch self {
        case .integer(_, let range):
            guard let number = Int(text), range.contains(number) else {
                throw UsageError("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
            }
        case .seconds(_, let range):
            guard let number = Double(text), number.isFinite, range.contains(number) else {
                throw UsageError("\(name) must be \(format), not \"\(text)\"")
            }
        case .choice(_, let choices):
            guard choices.contains(text) else { throw UsageError("\(name) must be \(Self.list(choices)), not \"\(text)\"") }
        case .eventKind:
            guard EventKind(code: text) != nil else {
                throw UsageError("\(name): unknown event \"\(text)\"; run `synap-webhooks events` for the list")
            }
        case .host:
            guard !text.isEmpty, !text.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }) else {
                throw UsageError("\(name) must be an IP address or host name, not \"\(text)\"")
            }
        case .file, .directory:
            guard !text.isEmpty else { throw UsageError("\(name) must not be empty") }
        case .none, .text:
            break
        }
    }

    private static func show(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    /// `a, b or c`.
    static func list(_ words: [String]) -> String {
        words.count <= 1 ? words.joined() : words.dropLast().joined(separator: ", ") + " or " + words.last!
    }
}
