import Delivery
import Foundation
import JSONSyntax
import Synchronization
import SynapEvents
import Testing
@testable import Receiver

/// An exec program's output goes to the log at `debug` unless the handler's `logOutput` says
/// `info` (or `off`): scripts tend to print learners' emails.
@Suite struct ExecOutputLogTests {
    /// Runs an exec handler printing an email once, built as the runtime builds it, and returns
    /// the log lines written with `log.level` at `level`.
    static func linesLogged(handlerExtra: String, level: OperationalLogSettings.Level) async throws -> [String] {
        let json = """
            { "handlers": { "hook": { "type": "exec", "shell": true, "command": ["echo ada@example.edu"]\(handlerExtra) } },
              "routes": [ { "path": "/a", "event": "attempt.completed", "handlers": ["hook"] } ] }
            """
        let configuration = try ReceiverConfiguration(json: try JSONValue(parsing: Array(json.utf8)))
        let lines = Mutex<[String]>([])
        let log = OperationalLog(settings: .init(level: level)) { line in lines.withLock { $0.append(line) } }
        let handler = HandlerFactory.settings(for: configuration.handlers[0], dataDirectory: "/nonexistent", log: log).handler
        let body = SampleEvents.body(for: .attemptCompleted)
        let delivery = Delivery(
            id: EventID(rawValue: 1), receivedAt: 0, route: "/a", event: try SynapEventDecoder().decode(.attemptCompleted, from: Array(body.utf8)),
            kindRule: "route", body: Array(body.utf8), requestID: "r")
        try await handler.handle(delivery)
        return lines.withLock { $0 }.filter { $0.contains("exec output") }
    }

    @Test func outputIsAtDebugByDefault() async throws {
        #expect(try await Self.linesLogged(handlerExtra: "", level: .info).isEmpty)
        let debug = try await Self.linesLogged(handlerExtra: "", level: .debug)
        #expect(debug.count == 1 && debug[0].contains("level=debug") && debug[0].contains("output=ada@example.edu"))
    }

    @Test func logOutputInfoLogsItAtInfo() async throws {
        let lines = try await Self.linesLogged(handlerExtra: #", "logOutput": "info""#, level: .info)
        #expect(lines.count == 1 && lines[0].contains("level=info"))
    }

    @Test func logOutputOffNeverLogsIt() async throws {
        #expect(try await Self.linesLogged(handlerExtra: #", "logOutput": "off""#, level: .debug).isEmpty)
    }

    @Test func anUnknownLevelIsRefusedNamingTheKey() {
        let json = #"{ "handlers": { "hook": { "type": "exec", "command": ["true"], "logOutput": "loud" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["hook"] } ] }"#
        let error = #expect(throws: ConfigurationError.self) { try ReceiverConfiguration(json: try! JSONValue(parsing: Array(json.utf8))) }
        #expect(error?.description == #"handlers.hook.logOutput: must be one of "debug", "info", "off", not "loud""#)
    }
}
