import Delivery

/// Every command and option of `synap-webhooks`, in the order help lists them. The parser, the
/// help texts and the completion scripts are all made from this table.
enum CommandTable {
    static let commands: [CommandSpec] = [
        serve, checkConfig, events, sample, send, status, replay, erase, export, hashPassword, probe, completion, help, version,
    ]

    static func command(_ name: String) -> CommandSpec? { commands.first { $0.name == name } }

    // MARK: Options shared by serve and check-config (what containers set through the environment)

    static let configOption = CommandOption(
        "--config", .file(placeholder: "FILE"), "The JSON configuration (see config.example.json and the README).",
        default: "none: give it here or in SYNAP_WEBHOOKS_CONFIG", environment: "SYNAP_WEBHOOKS_CONFIG")
    static let hostOption = CommandOption(
        "--host", .host,
        "Listen address, overriding server.host.", default: "server.host in the file, else 127.0.0.1", environment: "SYNAP_WEBHOOKS_HOST")
    static let portOption = CommandOption(
        "--port", .integer(placeholder: "PORT", range: 0...65535), "Listen port, overriding server.port (0 picks a free one).",
        default: "server.port in the file, else 8080", environment: "SYNAP_WEBHOOKS_PORT")
    static let dataDirOption = CommandOption(
        "--data-dir", .directory(placeholder: "DIR"),
        "Data directory (journal, dead letters, quarantine, relative handler paths and secret files), overriding dataDir.",
        default: "dataDir in the file, else ./data", environment: "SYNAP_WEBHOOKS_DATA_DIR")

    /// The admin listener's credentials, for commands that talk to it (`--admin URL`).
    static let adminCredentialOptions = [
        CommandOption(
            "--admin-user", .text(placeholder: "USER", format: "a user of admin.users"), "Log in to the admin listener as this user.",
            default: "none", environment: "SYNAP_ADMIN_USER"),
        CommandOption(
            "--admin-password-file", .file(placeholder: "FILE"), "The admin user's password, read from this file.",
            default: "SYNAP_ADMIN_PASSWORD, else a prompt on a terminal"),
        CommandOption(
            "--admin-token-file", .file(placeholder: "FILE"), "A bearer token of admin.tokens, read from this file, instead of a user.",
            default: "SYNAP_ADMIN_TOKEN"),
    ]

    static let serve = CommandSpec(
        "serve", synopsis: "serve --config FILE [--host HOST] [--port PORT] [--data-dir DIR]",
        summary: "Run the receiver.",
        details: """
            Runs the receiver until SIGTERM or SIGINT, which stop it gracefully (a second one at once); SIGHUP reloads
            routes, handlers and credentials from the same file. A password file the configuration names but that does
            not exist yet is created with a random password (mode 0600) and its path is logged.
            """,
        options: [configOption, hostOption, portOption, dataDirOption], run: ServeCommand.run)

    static let checkConfig = CommandSpec(
        "check-config", synopsis: "check-config [FILE | --config FILE] [--host HOST] [--port PORT] [--data-dir DIR]",
        summary: "Validate a configuration and print what serve would run.",
        details: """
            Validates a configuration as serve would read it (every key, environment variable, secret file and URL),
            prints the routes and handlers it would run, and the warnings serve would log. It creates nothing: a missing
            data directory or password file is reported as created at the first serve. Exit status 1 when something
            would stop serve (an unwritable data directory), 2 when the configuration is invalid.
            """,
        options: [configOption, hostOption, portOption, dataDirOption],
        positional: CommandPositional(key: "--config", value: .file(placeholder: "FILE"), summary: "The configuration, as --config."),
        run: CheckConfigCommand.run)

    static let events = CommandSpec(
        "events", synopsis: "events", summary: "List the event kinds, with the path to configure in Synap for each.",
        details: "Lists the event kinds the receiver understands, with the path to configure in Synap for each.",
        run: EventsCommand.run)

    static let sample = CommandSpec(
        "sample", synopsis: "sample --event KIND", summary: "Print a realistic sample body of an event kind.",
        details: "Prints a realistic sample body of an event kind, to post with curl.",
        options: [CommandOption("--event", .eventKind, "The event kind.")], run: SampleCommand.run)

    static let send = CommandSpec(
        "send",
        synopsis: "send --event KIND --url URL [--user USER (--password-env VAR | --password-file FILE)] [--body FILE] [--timeout SECONDS]",
        summary: "Post a sample (or a file) to a running receiver, as Synap would.",
        details: "Posts a realistic sample of an event kind (or --body FILE) to a receiver, as Synap would, and prints the answer.",
        options: [
            CommandOption("--event", .eventKind, "The kind whose sample body is sent (not needed with --body)."),
            CommandOption("--url", .text(placeholder: "URL", format: "an http:// or https:// URL"), "Where to post."),
            CommandOption("--user", .text(placeholder: "USER", format: "a Basic auth username"), "Send Basic credentials with this username."),
            CommandOption(
                "--password-env", .text(placeholder: "VAR", format: "an environment variable name"),
                "The variable holding the password for --user."),
            CommandOption("--password-file", .file(placeholder: "FILE"), "The file holding the password for --user (a trailing newline is ignored)."),
            CommandOption("--body", .file(placeholder: "FILE"), "Send this file instead of a sample."),
            CommandOption("--timeout", .seconds(placeholder: "SECONDS", range: 0.1...3600), "How long to wait for the answer.", default: "10"),
        ], run: SendCommand.run)

    static let status = CommandSpec(
        "status",
        synopsis: """
            status (--admin URL [--admin-user USER [--admin-password-file FILE] | --admin-token-file FILE]
            | --config FILE | --data-dir DIR) [--json]
            """,
        summary: "Backlog per handler, dead letters, quarantine and disk use.",
        details: """
            Shows the backlog per handler, dead letters, quarantine and disk use: live from a running receiver's admin
            listener (--admin), or read from the data directory (--config or --data-dir), even with the receiver stopped.
            """,
        options: [
            CommandOption("--admin", .text(placeholder: "URL", format: "the admin listener's http:// URL"), "Ask a running receiver."),
            CommandOption("--config", .file(placeholder: "FILE"), "Read the data directory this configuration names."),
            CommandOption("--data-dir", .directory(placeholder: "DIR"), "Read this data directory."),
            CommandOption("--json", .none, "Print the report as JSON instead of text."),
        ] + adminCredentialOptions, run: StatusCommand.run)

    static let replay = CommandSpec(
        "replay",
        synopsis: """
            replay [--from journal|dead-letters|quarantine] [--id ID,...] [--route PATH]
            [--handler NAME] [--since TIME] [--until TIME] [--force] [--to HANDLER] [--note TEXT]
            (--admin URL [--admin-user USER [--admin-password-file FILE] | --admin-token-file FILE] | --config FILE)
            """,
        summary: "Dispatch selected events again.",
        details: """
            Dispatches selected events again: from the journal, the dead letters (to the handler that gave up) or the
            quarantine (after an upgrade). With --admin the running receiver replays at once; with --config (receiver
            stopped) the events are journaled and dispatched at its next start.
            """,
        options: [
            CommandOption(
                "--from", .choice(placeholder: "SOURCE", choices: EventSelection.Source.allCases.map(\.rawValue)), "Where the events are taken from.",
                default: "journal"),
            CommandOption("--id", .text(placeholder: "ID,...", format: "event ids (16 hex digits), comma-separated"), "Only these events.", default: "every event"),
            CommandOption("--route", .text(placeholder: "PATH", format: "a route path like /webhooks/attempt-completed"), "Only events of this route.", default: "every route"),
            CommandOption("--handler", .text(placeholder: "NAME", format: "a handler name"), "Only deliveries to this handler.", default: "every handler"),
            CommandOption(
                "--since", .text(placeholder: "TIME", format: "an ISO-8601 UTC time like 2026-11-23T10:00:00Z, or a date like 2026-11-23"),
                "Only events received at or after this time.", default: "no lower bound"),
            CommandOption(
                "--until", .text(placeholder: "TIME", format: "an ISO-8601 UTC time like 2026-11-23T10:00:00Z, or a date like 2026-11-23"),
                "Only events received before this time.", default: "no upper bound"),
            CommandOption("--force", .none, "Send again deliveries that were done (never to a handler that takes an event once)."),
            CommandOption(
                "--to", .text(placeholder: "HANDLER", format: "a handler name"), "Send dead letters to this handler instead of the one that gave up.",
                default: "the handler that gave up"),
            CommandOption(
                "--note", .text(placeholder: "TEXT", format: "free text"), "Why, kept in the events' timelines.",
                default: "replayed from the command line"),
            CommandOption("--admin", .text(placeholder: "URL", format: "the admin listener's http:// URL"), "Ask a running receiver to replay at once."),
            CommandOption("--config", .file(placeholder: "FILE"), "Journal the events for the next start (receiver stopped)."),
        ] + adminCredentialOptions, run: ReplayCommand.run)

    static let userOption = CommandOption(
        "--user", .text(placeholder: "VALUE", format: "a learner's Synap user id or email"),
        "The learner: every event with this user id or email as the value of a field is about them.")

    static let erase = CommandSpec(
        "erase",
        synopsis: """
            erase --user VALUE (--admin URL [--admin-user USER [--admin-password-file FILE] | --admin-token-file FILE]
            | --config FILE) [--dry-run] [--suppress]
            """,
        summary: "Erase every event about a learner from every store.",
        details: """
            Removes every event about a learner (their user id or email as the value of any field) from the journal, dead
            letters, quarantine, the console's index and every file a file sink wrote, and runs exec handlers' onErase
            commands. Files are rewritten atomically; a run a crash stopped is completed by running it again. It lists the
            handlers that had delivered those events: what they sent to other systems cannot be recalled from here. With
            --admin the running receiver erases (an operator's credentials); with --config the receiver must be stopped.
            """,
        options: [
            userOption,
            CommandOption("--dry-run", .none, "Count what would be erased, change nothing."),
            CommandOption(
                "--suppress", .none,
                "Also list the learner (as a keyed hash) so their later events are acknowledged but neither stored nor delivered."),
            CommandOption("--admin", .text(placeholder: "URL", format: "the admin listener's http:// URL"), "Ask a running receiver."),
            CommandOption("--config", .file(placeholder: "FILE"), "Erase in the data directory of a stopped receiver."),
        ] + adminCredentialOptions, run: EraseCommand.run)

    static let export = CommandSpec(
        "export",
        synopsis: """
            export --user VALUE (--admin URL [--admin-user USER [--admin-password-file FILE] | --admin-token-file FILE]
            | --config FILE) [--output FILE]
            """,
        summary: "Export every stored event about a learner (a subject access request).",
        details: """
            Writes every stored event about a learner as JSON lines: the file sink's record format, with the handlers that
            received each one and when. The audit log records the export with the identifier's keyed hash.
            """,
        options: [
            userOption,
            CommandOption("--output", .file(placeholder: "FILE"), "Write to this new file (mode 0600) instead of standard output.", default: "standard output"),
            CommandOption("--admin", .text(placeholder: "URL", format: "the admin listener's http:// URL"), "Ask a running receiver."),
            CommandOption("--config", .file(placeholder: "FILE"), "Read the data directory of a stopped receiver."),
        ] + adminCredentialOptions, run: ExportCommand.run)

    static let hashPassword = CommandSpec(
        "hash-password", synopsis: "hash-password [--iterations N]", summary: "Print a PBKDF2 hash of a password for the admin listener.",
        details: """
            Prints a salted PBKDF2-HMAC-SHA256 hash of a password read from standard input (typed twice without echo on a
            terminal, or one line from a pipe), for admin.users[].passwordHash or admin.tokens[].tokenHash.
            """,
        options: [
            CommandOption(
                "--iterations", .integer(placeholder: "N", range: PasswordHash.iterationRange), "PBKDF2 iterations.",
                default: String(PasswordHash.defaultIterations)),
        ], run: HashPasswordCommand.run)

    static let probe = CommandSpec(
        "probe", synopsis: "probe --url URL", summary: "GET a URL and exit 0 on 2xx (container health checks).",
        details: "GETs a URL (e.g. http://127.0.0.1:8080/healthz) and exits 0 on a 2xx answer: the image's health check, so it needs no curl.",
        options: [CommandOption("--url", .text(placeholder: "URL", format: "an http:// or https:// URL"), "What to GET.")],
        run: ProbeCommand.run)

    static let completion = CommandSpec(
        "completion", synopsis: "completion bash|zsh", summary: "Print a shell completion script.",
        details: """
            Prints a completion script for bash or zsh. Load it in the current shell with
            `source <(synap-webhooks completion bash)`, or install it: bash,
            `synap-webhooks completion bash > /etc/bash_completion.d/synap-webhooks`; zsh,
            `synap-webhooks completion zsh > "${fpath[1]}/_synap-webhooks"`.
            """,
        positional: CommandPositional(key: "shell", value: .choice(placeholder: "SHELL", choices: ShellCompletion.shells), summary: "The shell."),
        run: ShellCompletion.run)

    static let help = CommandSpec(
        "help", synopsis: "help [COMMAND]", summary: "Show this help, or a command's options.",
        details: "Shows the list of commands, or with COMMAND the options of one command (the same as COMMAND --help).",
        positional: CommandPositional(key: "command", value: .choice(placeholder: "COMMAND", choices: commandNames), summary: "A command."),
        run: CommandHelp.run)

    static let version = CommandSpec(
        "version", synopsis: "version", summary: "Print the version (also --version).", details: "Prints the version.",
        run: { _ in
            CommandHelp.printVersion()
            return 0
        })

    /// The command names, for `help COMMAND` (written out: the list above cannot refer to itself).
    static let commandNames = [
        "serve", "check-config", "events", "sample", "send", "status", "replay", "erase", "export", "hash-password", "probe", "completion",
        "help", "version",
    ]
}
