import Delivery
import Foundation
import Handlers
import JSONSyntax
import SynapEvents
import Testing
@testable import Receiver

/// What each standard handler type prints in `check-config`, warns about at start, and how its
/// live handler is wired, pinned word for word.
@Suite struct StandardHandlerTypeTests {
    typealias Shared = HandlerTypeConfigurationTests

    static func configuration(unset: String, secret: String) -> String {
        """
        { "handlers": {
            "console": { "type": "log" },
            "archive": { "type": "file", "path": "events/{event}.jsonl", "rotateMegabytes": 2, "fsync": true },
            "lms": { "type": "forward", "url": "https://lms.example.edu/api/synap?token=abc", "envelope": true,
                     "signing": { "secretEnv": "\(secret)" }, "headers": { "Authorization": { "env": "\(unset)", "optional": true } } },
            "plain": { "type": "forward", "url": "http://127.0.0.1:9000/hook", "signing": { "secretEnv": "\(unset)", "optional": true } },
            "script": { "type": "exec", "command": ["./on-exam.sh", "--notify"], "timeoutSeconds": 12.7,
                        "workingDirectory": "/nonexistent-synap-webhooks-dir", "env": { "TOKEN": { "env": "\(unset)", "optional": true } } },
            "notify": { "type": "exec", "shell": true, "command": ["jq . >> x"], "retry": { "maxAttempts": 3 }, "ordered": true },
            "masked": { "type": "log", "format": "json", "fields": ["email", "score"], "maskPersonalData": true }
          },
          "routes": [ { "path": "/a", "event": "exam.started", "handlers": ["console", "archive", "lms", "plain", "script", "notify"] } ] }
        """
    }

    @Test func summariesAndWarningsAreWordForWord() throws {
        try Shared.withVariable(nil) { unset in
            try Shared.withVariable("not-standard-webhooks") { secret in
                let configuration = try Shared.load(Self.configuration(unset: unset, secret: secret))
                #expect(configuration.handlers.map { "\($0.name): \($0.summary)" } == [
                    "console: log, text, fields kind,id,attempt,email,test,score,time",
                    "archive: file events/{event}.jsonl, rotated at 2097152 bytes, fsync",
                    "lms: forward to https://lms.example.edu/api/synap (envelope), signed",
                    "plain: forward to http://127.0.0.1:9000/hook",
                    "script: exec ./on-exam.sh --notify, timeout 12 s",
                    "notify: exec jq . >> x (shell), timeout 30 s",
                    "masked: log, json, fields email,score, personal data masked",
                ])
                let warnings = HandlerFactory.warnings(for: configuration)
                #expect(warnings.map(\.description) == [
                    "warning: handlers.lms.signing: the secret is not in the Standard Webhooks form whsec_<base64>; it is used as its UTF-8 bytes, but Standard Webhooks libraries base64-decode the secret, so they will not verify these signatures (make one with: echo \"whsec_$(head -c 32 /dev/urandom | base64)\")",
                    "warning: handlers.lms.headers.Authorization: environment variable \(unset) is not set; header left out",
                    "warning: handlers.plain.signing: environment variable \(unset) is not set; sending unsigned requests",
                    "warning: handlers.script.env.TOKEN: environment variable \(unset) is not set; left out of the program's environment",
                    "warning: handlers.script: working directory /nonexistent-synap-webhooks-dir does not exist; each event will fail and be retried until it can",
                    "note: handlers.masked: no route uses this handler; name it in a route's handlers to use it",
                ])
                #expect(warnings.map(\.handler) == ["lms", "lms", "plain", "script", "script", "masked"])
            }
        }
    }

    @Test func eachTypeBuildsItsHandlerWithTheCommonSettings() throws {
        try Shared.withVariable(nil) { unset in
            try Shared.withVariable("not-standard-webhooks") { secret in
                let configuration = try Shared.load(Self.configuration(unset: unset, secret: secret))
                let plan = HandlerFactory.plan(for: configuration, log: OperationalLog(settings: .init(), writeLine: { _ in }))
                let built = plan.handlers
                #expect(built["console"]?.handler is LogHandler)
                #expect(built["archive"]?.handler is FileSinkHandler)
                #expect(built["lms"]?.handler is ForwardHandler)
                #expect(built["script"]?.handler is ExecHandler)
                #expect(built.allSatisfy { $0.key == $0.value.handler.name })
                #expect(built["notify"]?.retry.maxAttempts == 3)
                #expect(built["notify"]?.ordered == true)
                #expect(built["console"]?.ordered == false && built["console"]?.concurrency == 1)
            }
        }
    }

    /// A relative path is taken from the data directory, the files written are registered in
    /// `dataDir/sinks/NAME`, and what the sink notices goes to the log as a warning naming it.
    @Test func theFileHandlerIsWiredToTheDataDirectory() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let configuration = try Shared.load("""
            { "handlers": { "archive": { "type": "file", "path": "events.jsonl" } },
              "routes": [ { "path": "/a", "event": "exam.started", "handlers": ["archive"] } ] }
            """)
        // A torn line (a power cut) for the sink to notice and cut.
        _ = directory.write(#"{"id":"00000000000000"#, to: "events.jsonl")
        let lines = Locked<[String]>([])
        let log = OperationalLog(settings: .init(), writeLine: { line in lines.withLock { $0.append(line) } })
        let handler = HandlerFactory.settings(for: configuration.handlers[0], dataDirectory: directory.path, log: log).handler
        defer { (handler as? FileSinkHandler)?.close() }
        let body = Array(SampleEvents.body(for: .examStarted).utf8)
        let delivery = Delivery(
            id: EventID(rawValue: 7), receivedAt: 0, route: "/a", event: try SynapEventDecoder().decode(.examStarted, from: body),
            kindRule: "route", body: body, requestID: "r")
        try await handler.handle(delivery)
        #expect(directory.read("events.jsonl")?.contains(EventID(rawValue: 7).description) == true)
        let registry = try #require(directory.read("sinks/archive/\(FileSinkRegistry.fileName)"))
        #expect(registry.contains(directory.path + "/events.jsonl"))
        let notices = lines.withLock { $0 }
        #expect(notices.count == 1)
        #expect(notices.first.map { $0.contains("level=warning") && $0.contains("handler=archive") && $0.contains("cut a torn line") } == true, "\(notices)")
    }
}
