import Handlers
import JSONSyntax
import SystemIO

/// The receiver's own log on standard error, as logfmt or JSON lines, with a level, a message
/// and key/value context (a request id, a route, an event id). Never given a credential.
///
/// Context values keep their type (`LogValue`): JSON lines carry counts as numbers and flags as
/// booleans. Values a client controls (paths, usernames) are truncated by the caller
/// (`truncatedForLog`) and escaped here, so no request can forge or bloat a line.
public struct OperationalLog: Sendable {
    public typealias Level = OperationalLogSettings.Level
    /// Key/value pairs in the order written.
    public typealias Context = KeyValuePairs<String, any LogValueConvertible>

    let settings: OperationalLogSettings
    let writeLine: @Sendable (String) -> Void
    private let throttle: LogThrottle
    private let nowMilliseconds: @Sendable () -> Int64

    /// A log with `settings`; `writeLine` defaults to standard error, `nowMilliseconds` to the
    /// wall clock (it stamps lines and paces throttled ones).
    public init(
        settings: OperationalLogSettings, writeLine: @escaping @Sendable (String) -> Void = { StandardStream.error.writeLine($0) },
        nowMilliseconds: @escaping @Sendable () -> Int64 = { WallClock.nowMilliseconds() }
    ) {
        self.settings = settings
        self.writeLine = writeLine
        self.nowMilliseconds = nowMilliseconds
        self.throttle = LogThrottle(nowMilliseconds: nowMilliseconds)
    }

    // The context is an autoclosure: a debug line per delivery would otherwise build its strings
    // for every event even when debug is off (it showed in the profile under load).
    public func debug(_ message: String, _ context: @autoclosure () -> Context = [:]) { log(.debug, message, context) }
    public func info(_ message: String, _ context: @autoclosure () -> Context = [:]) { log(.info, message, context) }
    public func warning(_ message: String, _ context: @autoclosure () -> Context = [:]) { log(.warning, message, context) }
    public func error(_ message: String, _ context: @autoclosure () -> Context = [:]) { log(.error, message, context) }

    /// Like `log`, but at most one line a second per `topic`, for what a client can repeat at
    /// will (refused requests): the line written adds `count`, how many of its topic happened
    /// since the previous line of that topic, this one included.
    public func throttled(_ level: Level, topic: String, _ message: String, _ context: @autoclosure () -> Context) {
        guard level >= settings.level, let count = throttle.admit(topic) else { return }
        write(level, message, context(), count: count)
    }

    /// Writes one line if `level` is enabled; `context` is evaluated only then.
    public func log(_ level: Level, _ message: String, _ context: () -> Context) {
        guard level >= settings.level else { return }
        write(level, message, context(), count: nil)
    }

    private func write(_ level: Level, _ message: String, _ context: Context, count: Int?) {
        let time = WallClock.iso8601(milliseconds: nowMilliseconds())
        switch settings.format {
        case .json:
            var members: [(String, JSONValue)] = [("time", .string(time)), ("level", .string(level.rawValue)), ("msg", .string(message))]
            members += context.map { ($0.key, $0.value.logValue.json) }
            if let count { members.append(("count", .number(String(count)))) }
            writeLine(JSONValue.object(members).serialized())
        case .logfmt:
            var line = "time=\(time) level=\(level.rawValue) msg=\(Logfmt.quote(message))"
            for (key, value) in context { line += " \(key)=\(Logfmt.quote(value.logValue.text))" }
            if let count { line += " count=\(count)" }
            writeLine(line)
        }
    }
}
