import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// What a descriptor is watched for (see `EventReactor`).
public struct Interest: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let read = Interest(rawValue: EPOLLIN.rawValue)
    public static let write = Interest(rawValue: EPOLLOUT.rawValue)
}
