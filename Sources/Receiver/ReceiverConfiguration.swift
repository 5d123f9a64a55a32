import Delivery
import HTTP1

/// Everything `synap-webhooks serve` runs on, read from one JSON file (see `load`).
public struct ReceiverConfiguration: Sendable {
    /// Listener, limits and timeouts.
    public var server: HTTPServerConfiguration
    /// Proxies whose forwarding header (`forwardedHeader`) is believed.
    public var trustedProxies: [NetworkRange]
    /// The one header read for the client's address behind `trustedProxies`.
    public var forwardedHeader: ForwardedHeader
    /// The admin listener (health, metrics, status, replay, the console) and its credentials,
    /// nil to serve health and metrics on the main listener and no admin API.
    public var admin: AdminSettings?
    /// Seconds in-flight requests get to finish after SIGTERM/SIGINT.
    public var shutdownGraceSeconds: Double
    /// Where the journal, dead letters, quarantine and relative file paths live.
    public var dataDirectory: String
    /// Size at which a new journal segment starts.
    public var journalSegmentBytes: Int
    /// How much the journal, the dead letters and the quarantine may hold, and for how long.
    public var storeLimits: StoreLimits
    /// Identical bodies re-sent to the same route within this many seconds are not dispatched again (0: off).
    public var deduplicationWindowSeconds: Double
    /// At most this many bodies are remembered; past it the oldest are forgotten first.
    public var deduplicationMaxEntries: Int
    /// The operational log on standard error.
    public var log: OperationalLogSettings
    /// Handlers in file order.
    public var handlers: [HandlerDefinition]
    /// Routes in file order.
    public var routes: [RouteDefinition]
    /// The file it was read from (for reload), if any.
    public var sourcePath: String?
}

/// Format and level of the receiver's own log.
public struct OperationalLogSettings: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable { case logfmt, json }
    public enum Level: String, Sendable, CaseIterable, Comparable {
        case debug, info, warning, error
        public static func < (a: Level, b: Level) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    public var format: Format
    public var level: Level
    /// An `info` line per accepted event (id, route, kind, request id, client).
    public var acceptedEvents: Bool

    public init(format: Format = .logfmt, level: Level = .info, acceptedEvents: Bool = true) {
        self.format = format
        self.level = level
        self.acceptedEvents = acceptedEvents
    }
}
