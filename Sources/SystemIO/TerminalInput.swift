#if canImport(Glibc)
import Glibc
#endif

/// Reading a secret from standard input: with echo turned off when it is a terminal, so a
/// typed password does not show on screen, and as a plain line when it is a pipe.
public enum TerminalInput {
    /// True when standard input is a terminal.
    public static var isTerminal: Bool { isatty(0) == 1 }

    /// Reads one line from standard input without its line ending, echo off on a terminal
    /// (restored afterwards, also when Ctrl-C ends the program). nil at end of input.
    public static func readSecretLine() -> String? {
        guard isTerminal, tcgetattr(0, &savedTerminal) == 0 else { return readLine(strippingNewline: true) }
        var quiet = savedTerminal
        quiet.c_lflag &= ~tcflag_t(ECHO)
        quiet.c_lflag |= tcflag_t(ECHONL)  // still move to the next line on Enter
        let previous = signal(SIGINT) { _ in
            // Only async-signal-safe calls here: restore the terminal, then exit as SIGINT would.
            _ = tcsetattr(0, TCSAFLUSH, &savedTerminal)
            _exit(130)
        }
        _ = tcsetattr(0, TCSAFLUSH, &quiet)
        defer {
            _ = tcsetattr(0, TCSAFLUSH, &savedTerminal)
            signal(SIGINT, previous)
        }
        return readLine(strippingNewline: true)
    }
}

/// The terminal settings to restore; a global because a signal handler cannot capture state.
/// Written before the handler is installed and only read after, on one thread (a CLI prompt).
nonisolated(unsafe) private var savedTerminal = termios()
