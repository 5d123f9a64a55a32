import Delivery
import Foundation
import SystemIO

/// Runs a program for each event: the body as received on its standard input, the event's key
/// facts in `SYNAP_*` environment variables (see `environment(for:)`), on top of the receiver's
/// own environment.
///
/// Exit status 0 is success. Any other status, a signal, a timeout (the process group gets
/// SIGTERM, then SIGKILL two seconds later) or a program that cannot be started is a retryable
/// failure whose message carries the status and the end of stderr. The last `outputLimit` bytes
/// of stdout and stderr are handed to `logOutput` after every run.
public struct ExecHandler: WebhookHandler {
    /// What to run, and for how long at most.
    public struct Settings: Sendable, Equatable {
        /// The program and its arguments (`["./scripts/on-exam.sh", "--verbose"]`); with `shell`,
        /// a single shell command line.
        public var command: [String]
        /// Run `command[0]` with `/bin/sh -c` (pipes, redirections, variables).
        public var shell: Bool
        /// Seconds before the process is stopped and the run counts as failed.
        public var timeoutSeconds: Double
        /// Bytes kept from the end of stdout and of stderr.
        public var outputLimit: Int
        /// The log level of the program's output (`logOutput`).
        public var outputLogLevel: OutputLogLevel = .debug

        /// Settings with the defaults the configuration uses (30 s, 8 KiB of output per stream).
        public init(command: [String], shell: Bool = false, timeoutSeconds: Double = 30, outputLimit: Int = 8192) {
            self.command = command
            self.shell = shell
            self.timeoutSeconds = timeoutSeconds
            self.outputLimit = outputLimit
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
    /// The receiver's environment when the handler was built.
    let baseEnvironment: [String: String]

    /// A handler running `settings.command`; `logOutput` gets each non-empty stream after each run.
    public init(name: String, settings: Settings, logOutput: @escaping @Sendable (Output) -> Void = { _ in }) {
        self.name = name
        self.settings = settings
        self.logOutput = logOutput
        self.baseEnvironment = ProcessInfo.processInfo.environment
        // Writing the body to a child that exits without reading it must fail with EPIPE, not
        // kill the receiver; a pipe (unlike a socket) has no per-call MSG_NOSIGNAL.
        Signals.ignoreBrokenPipe()
    }

    public func handle(_ delivery: Delivery, completion: @escaping @Sendable (HandlerOutcome) -> Void) {
        let (executable, arguments) = invocation(searchPath: baseEnvironment["PATH"])
        var environment = baseEnvironment
        environment.merge(Self.environment(for: delivery)) { _, event in event }
        ChildProcess.run(
            executable: executable, arguments: arguments, environment: environment, input: delivery.body,
            timeout: settings.timeoutSeconds, outputLimit: settings.outputLimit
        ) { [self] result in
            switch result {
            case .failure(let error):
                completion(.failed(HandlerFailure("cannot run \(executable): \(Self.launchProblem(executable, error))")))
            case .success(let outcome):
                completion(judge(outcome, delivery: delivery))
            }
        }
    }

    /// The outcome of one run, its output handed to `logOutput` first.
    private func judge(_ outcome: ChildProcess.Outcome, delivery: Delivery) -> HandlerOutcome {
        for (stream, tail) in [(Output.Stream.stdout, outcome.stdout), (.stderr, outcome.stderr)] where tail.totalBytes > 0 {
            logOutput(Output(handler: name, eventID: delivery.id, attempt: delivery.attempt, stream: stream, text: tail.text))
        }
        let stderr = outcome.stderr.totalBytes > 0 ? "; stderr: " + outcome.stderr.suffix(characters: 500) : ""
        if outcome.timedOut {
            return .failed(HandlerFailure("\(displayName) timed out after \(NumberText.format(settings.timeoutSeconds)) s and was stopped\(stderr)"))
        }
        switch outcome.ending {
        case .exited(0):
            return .delivered(detail: "exit status 0")
        case .exited(let status):
            return .failed(HandlerFailure("\(displayName) exited with status \(status)\(stderr)"))
        case .signalled(let signal):
            return .failed(HandlerFailure("\(displayName) was killed by signal \(signal)\(stderr)"))
        }
    }

    /// Why the program cannot be started now (missing, not executable), for a warning at start;
    /// nil when it can. Not an error: the program may appear later, and runs are retried.
    public var startupProblem: String? {
        let (executable, _) = invocation(searchPath: baseEnvironment["PATH"])
        guard !FileManager.default.isExecutableFile(atPath: executable) else { return nil }
        let base = executable.hasPrefix("/") ? "" : " (relative to \(FileManager.default.currentDirectoryPath))"
        return "cannot run \(executable)\(base): \(Self.launchProblem(executable, HandlerFailure("")))"
    }

    /// The program to start and its arguments.
    func invocation(searchPath: String?) -> (String, [String]) {
        if settings.shell { return ("/bin/sh", ["-c", settings.command[0]]) }
        return (Self.resolve(settings.command[0], searchPath: searchPath), Array(settings.command.dropFirst()))
    }

    /// The command as the messages name it.
    var displayName: String {
        let text = settings.command[0]
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }

    /// A name without a slash is looked up in `PATH`, as a shell would; a path is used as it is
    /// (relative to the receiver's working directory).
    static func resolve(_ command: String, searchPath: String?) -> String {
        guard !command.contains("/") else { return command }
        let directories = (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for directory in directories where !directory.isEmpty {
            let candidate = directory + "/" + command
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return command
    }

    /// Why a program could not be started, in plain words.
    static func launchProblem(_ executable: String, _ error: any Error) -> String {
        if !FileManager.default.fileExists(atPath: executable) {
            return executable.contains("/") ? "no such file" : "not found in PATH"
        }
        if !FileManager.default.isExecutableFile(atPath: executable) { return "not executable (chmod +x it)" }
        return error.localizedDescription
    }
}
