import Handlers
import JSONSyntax
import SystemIO

/// The receiver's own log on standard error, as logfmt or JSON lines, with a level, a message
/// and key/value context (a request id, a route, an event id). Never given a credential.
public struct OperationalLog: Sendable {
    public typealias Level = OperationalLogSettings.Level

    let settings: OperationalLogSettings
    let writeLine: @Sendable (String) -> Void

    /// A log with `settings`; `writeLine` defaults to standard error.
    public init(settings: OperationalLogSettings, writeLine: @escaping @Sendable (String) -> Void = { StandardStream.error.writeLine($0) }) {
        self.settings = settings
        self.writeLine = writeLine
    }

    // The context is an autoclosure: a debug line per delivery would otherwise build its strings
    // for every event even when debug is off (it showed in the profile under load).
    public func debug(_ message: String, _ context: @autoclosure () -> KeyValuePairs<String, String> = [:]) { log(.debug, message, context) }
    public func info(_ message: String, _ context: @autoclosure () -> KeyValuePairs<String, String> = [:]) { log(.info, message, context) }
    public func warning(_ message: String, _ context: @autoclosure () -> KeyValuePairs<String, String> = [:]) { log(.warning, message, context) }
    public func error(_ message: String, _ context: @autoclosure () -> KeyValuePairs<String, String> = [:]) { log(.error, message, context) }

    /// Writes one line if `level` is enabled; `context` is evaluated only then.
    public func log(_ level: Level, _ message: String, _ context: () -> KeyValuePairs<String, String>) {
        guard level >= settings.level else { return }
        let context = context()
        let time = WallClock.iso8601(milliseconds: WallClock.nowMilliseconds())
        switch settings.format {
        case .json:
            var members: [(String, JSONValue)] = [("time", .string(time)), ("level", .string(level.rawValue)), ("msg", .string(message))]
            members += context.map { ($0.key, .string($0.value)) }
            writeLine(JSONValue.object(members).serialized())
        case .logfmt:
            var line = "time=\(time) level=\(level.rawValue) msg=\(Logfmt.quote(message))"
            for (key, value) in context { line += " \(key)=\(Logfmt.quote(value))" }
            writeLine(line)
        }
    }
}
