import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Process-wide signal set-up and Dispatch-driven signal watching.
public enum Signals {
    /// Writes to a closed peer must fail with EPIPE, not kill the process (exit 141).
    /// Every send also passes MSG_NOSIGNAL; this covers writes that cannot.
    public static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Calls `handler` on `queue` each time one of `signals` arrives. The default action
    /// of each signal is disabled first, so the process survives it. Keep the returned
    /// sources alive for as long as the handler should run.
    public static func watch(
        _ signals: [Int32], on queue: DispatchQueue, handler: @escaping @Sendable (Int32) -> Void
    ) -> [any DispatchSourceSignal] {
        signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { @Sendable in handler(number) }
            source.resume()
            return source
        }
    }
}

extension Signals {
    public static let terminate = SIGTERM
    public static let interrupt = SIGINT
    public static let hangUp = SIGHUP
}

/// Ending the process from a signal handler or a command.
public enum ProcessExit {
    /// Exits at once with `code`, without running atexit handlers (a second SIGTERM).
    public static func now(_ code: Int32) -> Never {
        _exit(code)
    }

    /// Flushes stdio and exits with `code`.
    public static func normally(_ code: Int32) -> Never {
        exit(code)
    }

    /// An environment variable, nil when unset.
    public static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
