import SystemIO

/// `synap-webhooks COMMAND [OPTIONS]`: parses the arguments and runs one command.
public enum CommandLineInterface {
    static let usage = """
        synap-webhooks \(ReceiverVersion.current): receives Synap's webhooks, stores each event durably, and hands it to handlers.

        Usage:
          synap-webhooks serve --config FILE [--host HOST] [--port PORT] [--data-dir DIR]
          synap-webhooks check-config FILE
          synap-webhooks events
          synap-webhooks sample --event KIND
          synap-webhooks send --event KIND --url URL [--user USER --password-env VAR] [--body FILE]
          synap-webhooks status (--admin URL [ADMIN CREDENTIALS] | --config FILE | --data-dir DIR)
          synap-webhooks replay [--from journal|dead-letters|quarantine] [--id ID,...] [--route PATH]
                                [--handler NAME] [--since TIME] [--until TIME] (--admin URL [ADMIN CREDENTIALS] | --config FILE)
          \(HashPasswordCommand.usageLine)
          synap-webhooks probe --url URL
          synap-webhooks --help | --version

        Commands:
          serve    Run the receiver. SIGTERM or SIGINT stops it gracefully (a second one at once);
                   SIGHUP reloads routes and handlers from the same file.
          check-config  Validate a configuration (keys, secrets, URLs, writable paths) and print
                   the routes and handlers it would run.
          events   List the event kinds it understands, with the path to configure in Synap for each.
          sample   Print a realistic sample body of an event kind (to post with curl).
          send     Post a sample (or --body FILE) to a running receiver, as Synap would.
          status   Backlog per handler, dead letters, quarantine and disk use: live from the admin
                   listener (--admin), or read from the data directory.
          replay   Dispatch selected events again: from the journal, the dead letters (to the handler
                   that gave up) or the quarantine (after an upgrade). With --admin the running
                   receiver replays at once; with --config (receiver stopped) at its next start.
          probe    GET a URL (e.g. /healthz) and exit 0 on 2xx: for container health checks.
          \(HashPasswordCommand.summary)

        Admin credentials (status --admin, replay --admin):
          \(AdminClientCredentials.usage)

        Options for serve:
          --config FILE     the JSON configuration (see config.example.json and the README)
          --host HOST       listen address, overriding server.host (0.0.0.0 or :: for all interfaces)
          --port PORT       listen port, overriding server.port
          --data-dir DIR    data directory (journal, dead letters, quarantine), overriding dataDir

        Exit status: 0 after a clean stop, 1 on a runtime error, 2 on a usage or configuration error.
        """

    /// Runs the command in `arguments` (without the program name) and returns the exit status;
    /// `serve` does not return while the server runs.
    public static func run(_ arguments: [String]) -> Int32 {
        guard let command = arguments.first else {
            StandardStream.error.writeLine(usage)
            return 2
        }
        let rest = Array(arguments.dropFirst())
        // `synap-webhooks send --help` is what people type first: show the usage, not an error.
        if rest.contains("--help") || rest.contains("-h") {
            StandardStream.output.writeLine(usage)
            return 0
        }
        switch command {
        case "--help", "-h", "help":
            StandardStream.output.writeLine(usage)
            return 0
        case "--version", "-V", "version":
            StandardStream.output.writeLine("synap-webhooks \(ReceiverVersion.current)")
            return 0
        case "serve":
            return ServeCommand.run(rest)
        case "check-config":
            return CheckConfigCommand.run(rest)
        case "events":
            return EventsCommand.run(rest)
        case "sample":
            return SampleCommand.run(rest)
        case "send":
            return SendCommand.run(rest)
        case "status":
            return StatusCommand.run(rest)
        case "replay":
            return ReplayCommand.run(rest)
        case "probe":
            return ProbeCommand.run(rest)
        case "hash-password":
            return HashPasswordCommand.run(rest)
        default:
            StandardStream.error.writeLine("synap-webhooks: unknown command \"\(command)\"\n\n\(usage)")
            return 2
        }
    }
}
