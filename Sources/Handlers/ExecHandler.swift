import Delivery
import Foundation
import SystemIO

/// Runs a program for each event: the body as received on its standard input, the event's key
/// facts in `SYNAP_*` environment variables (see `environment(for:)`), in a clean environment:
/// PATH, HOME, LANG and TZ from the receiver's, plus the variables the handler's `env` names.
/// Nothing else of the receiver's reaches it: no secret in its environment, no descriptor but
/// its standard streams.
///
/// Exit status 0 is success, judged when the program exits: children it leaves running are
/// not waited for. Any other status, a signal, a timeout (the process group gets SIGTERM, then
/// SIGKILL two seconds later) or a program that cannot be started (missing, not executable) is
/// a retryable failure whose message carries the status and the end of stderr. An event the
/// program cannot be started with (a variable beyond what `execve` accepts) fails for good.
/// The last `outputLimit` bytes of stdout and stderr are handed to `logOutput` after every run.
public struct ExecHandler: WebhookHandler {
    /// What to run, where, with what, and for how long at most.
    public struct Settings: Sendable, Equatable {
        /// The program and its arguments (`["./scripts/on-exam.sh", "--verbose"]`); with `shell`,
        /// a single shell command line.
        public var command: [String]
        /// Run `command[0]` with `/bin/sh -c` (pipes, redirections, variables).
        public var shell: Bool
        /// Seconds before the process group is stopped and the run counts as failed.
        public var timeoutSeconds: Double
        /// Bytes kept from the end of stdout and of stderr.
        public var outputLimit: Int
        /// Variables set for the program besides PATH, HOME, LANG, TZ and the per-event ones,
        /// values already resolved (the configuration reads `{"env": "VAR"}` at start).
        public var environment: [String: String]
        /// Where the program runs; nil: the receiver's working directory. A relative path starts
        /// from the receiver's working directory.
        public var workingDirectory: String?
        /// The log level of the program's output (`logOutput`).
        public var outputLogLevel: OutputLogLevel = .debug
        /// Run when a learner is erased (`onErase`), so a script that keeps its own copies can
        /// erase them too; nil when the handler has none.
        public var onErase: [String]?

        /// Settings with the defaults the configuration uses (30 s, 8 KiB of output per stream).
        public init(
            command: [String], shell: Bool = false, timeoutSeconds: Double = 30, outputLimit: Int = 8192,
            environment: [String: String] = [:], workingDirectory: String? = nil
        ) {
            self.command = command
            self.shell = shell
            self.timeoutSeconds = timeoutSeconds
            self.outputLimit = outputLimit
            self.environment = environment
            self.workingDirectory = workingDirectory
        }
    }

    /// Output of one run, for the operational log.
    public struct Output: Sendable {
        /// Standard output or standard error.
        public enum Stream: String, Sendable { case stdout, stderr }
        /// The handler's configured name.
        public let handler: String
        /// The event the program ran for.
        public let eventID: EventID
        /// The delivery attempt (1 for the first try).
        public let attempt: Int
        /// Which of the program's streams this is.
        public let stream: Stream
        /// The end of what the process wrote, trailing whitespace removed.
        public let text: String
    }

    public let name: String
    let settings: Settings
    let logOutput: @Sendable (Output) -> Void
    /// What every run's environment starts from (see `programEnvironment(receiver:configured:)`).
    let baseEnvironment: [String: String]

    /// A handler running `settings.command`; `logOutput` gets each non-empty stream after each
    /// run. `receiverEnvironment` is where PATH, HOME, LANG and TZ come from.
    public init(
        name: String, settings: Settings, receiverEnvironment: [String: String] = ProcessInfo.processInfo.environment,
        logOutput: @escaping @Sendable (Output) -> Void = { _ in }
    ) {
        self.name = name
        self.settings = settings
        self.logOutput = logOutput
        self.baseEnvironment = Self.programEnvironment(receiver: receiverEnvironment, configured: settings.environment)
    }

    public func handle(_ delivery: Delivery, completion: @escaping @Sendable (HandlerOutcome) -> Void) {
        let variables = Self.environment(for: delivery)
        run(settings.command, shell: settings.shell, variables: variables, input: delivery.body) { [self] outcome, run in
            if let run {
                for (stream, tail) in [(Output.Stream.stdout, run.stdout), (.stderr, run.stderr)] where tail.totalBytes > 0 {
                    logOutput(Output(handler: name, eventID: delivery.id, attempt: delivery.attempt, stream: stream, text: tail.text))
                }
            }
            completion(outcome)
        }
    }

    /// Runs `command` (an argument list, or with `shell` one command line) the way this handler
    /// runs its own program: its environment plus `variables` (which win; name them `SYNAP_*`),
    /// its working directory, its timeout, `input` on stdin. `completion` gets the judged
    /// outcome (exit status 0 is `.delivered`) and the run's output when the program started.
    /// This is the one call for any other command of the handler (such as an erasure hook).
    func run(
        _ command: [String], shell: Bool, variables: [String: String], input: [UInt8],
        completion: @escaping @Sendable (HandlerOutcome, ChildProcess.Outcome?) -> Void
    ) {
        let (executable, arguments) = Self.invocation(command, shell: shell, searchPath: baseEnvironment["PATH"])
        let display = Self.displayName(command)
        var environment = baseEnvironment
        environment.merge(variables) { _, given in given }
        if let problem = Self.sizeProblem(arguments: [executable] + arguments, environment: environment, eventVariables: Set(variables.keys)) {
            // No retry can shrink the event: straight to the dead letters, the others go on.
            return completion(.failed(HandlerFailure("cannot run \(display): \(problem)", retryable: false)), nil)
        }
        ChildProcess.run(
            executable: executable, arguments: arguments, environment: environment, input: input,
            timeout: settings.timeoutSeconds, outputLimit: settings.outputLimit, workingDirectory: settings.workingDirectory
        ) { [self] result in
            switch result {
            case .failure(let error):
                completion(.failed(launchFailure(executable, error)), nil)
            case .success(let outcome):
                completion(Self.judge(outcome, display: display, timeout: settings.timeoutSeconds), outcome)
            }
        }
    }

    /// Runs the `onErase` command for an erased learner: their user ids and emails in
    /// `SYNAP_ERASE_USER_ID` and `SYNAP_ERASE_EMAIL` (comma-separated when several), nothing on
    /// stdin. `completion` gets nil when the handler has no such command.
    public func erase(userIDs: [String], emails: [String], completion: @escaping @Sendable (HandlerOutcome?) -> Void) {
        guard let command = settings.onErase else { return completion(nil) }
        let variables = ["SYNAP_ERASE_USER_ID": userIDs.sorted().joined(separator: ","), "SYNAP_ERASE_EMAIL": emails.sorted().joined(separator: ",")]
        run(command, shell: settings.shell, variables: variables, input: []) { outcome, _ in completion(outcome) }
    }

    /// The outcome of one run.
    static func judge(_ outcome: ChildProcess.Outcome, display: String, timeout: Double) -> HandlerOutcome {
        let stderr = outcome.stderr.totalBytes > 0 ? "; stderr: " + outcome.stderr.suffix(characters: 500) : ""
        if outcome.timedOut {
            return .failed(HandlerFailure("\(display) timed out after \(NumberText.format(timeout)) s and was stopped\(stderr)"))
        }
        switch outcome.ending {
        case .exited(0):
            return .delivered(detail: "exit status 0")
        case .exited(let status):
            return .failed(HandlerFailure("\(display) exited with status \(status)\(stderr)"))
        case .signalled(let signal):
            return .failed(HandlerFailure("\(display) was killed by signal \(signal)\(stderr)"))
        case .unknown:
            return .failed(HandlerFailure("\(display) ended, but its exit status was collected elsewhere in the receiver\(stderr)"))
        }
    }

    /// The program to start and its arguments.
    static func invocation(_ command: [String], shell: Bool, searchPath: String?) -> (String, [String]) {
        if shell { return ("/bin/sh", ["-c", command[0]]) }
        return (resolve(command[0], searchPath: searchPath), Array(command.dropFirst()))
    }

    /// The command as the messages name it.
    static func displayName(_ command: [String]) -> String {
        let text = command[0]
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }

    /// A name without a slash is looked up in `PATH`, as a shell would; a path is used as it is
    /// (relative to the receiver's working directory, whatever `workingDirectory` says).
    static func resolve(_ command: String, searchPath: String?) -> String {
        guard !command.contains("/") else { return command }
        let directories = (searchPath ?? defaultSearchPath).split(separator: ":")
        for directory in directories where !directory.isEmpty {
            let candidate = directory + "/" + command
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return command
    }
}
