import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// What a watched descriptor turned out to be ready for, as epoll reports it (see `EventReactor`).
public struct Readiness: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let readable = Readiness(rawValue: EPOLLIN.rawValue)
    public static let writable = Readiness(rawValue: EPOLLOUT.rawValue)
    /// The peer hung up (both directions of a socket shut, a pipe's writers all closed).
    public static let hangup = Readiness(rawValue: EPOLLHUP.rawValue)
    public static let error = Readiness(rawValue: EPOLLERR.rawValue)
}
