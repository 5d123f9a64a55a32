/// How a child process ended.
public enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    /// It called `exit` with this status (0 to 255).
    case exited(Int32)
    /// A signal ended it (`SIGKILL` is 9).
    case signalled(Int32)
    /// Someone else collected its status first: another `waitpid` in this process, or SIGCHLD
    /// set to SIG_IGN. `ChildReaper` exists so that this does not happen.
    case unknown

    /// Decodes a `waitpid` status word (the WIFEXITED/WTERMSIG macros, which Swift cannot import).
    init(waitStatus status: Int32) {
        let low = status & 0x7F
        self = low == 0 ? .exited((status >> 8) & 0xFF) : .signalled(low)
    }

    public var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signalled(let signal): "signal \(signal)"
        case .unknown: "unknown ending (status collected elsewhere)"
        }
    }
}
