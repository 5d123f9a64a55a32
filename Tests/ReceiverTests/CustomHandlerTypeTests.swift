import Foundation
import JSONSyntax
import SynapEvents
import Testing
@testable import Receiver

/// A new handler type touches its own file and one registration: `MarkerHandlerType`, defined
/// only in the tests, is configured, checked, summarised, warned about, built and run through
/// the whole receiver without any other file knowing it.
@Suite(.serialized) struct CustomHandlerTypeTests {
    static let types = HandlerTypeRegistry.standard.adding(MarkerHandlerType.self)

    static func config(dataDir: String, stamp: String) -> String {
        """
        {
          "server": { "host": "127.0.0.1", "port": 0 },
          "dataDir": "\(dataDir)",
          "log": { "level": "error" },
          "handlers": {
            "stamp": \(stamp),
            "console": { "type": "log" }
          },
          "routes": [ { "path": "/webhooks/exam-started", "event": "exam.started", "handlers": ["stamp"] } ]
        }
        """
    }

    static func load(_ json: String, types: HandlerTypeRegistry = Self.types) throws(ConfigurationError) -> ReceiverConfiguration {
        try ReceiverConfiguration(json: try! JSONValue(parsing: Array(json.utf8)), handlerTypes: types)
    }

    static func message(_ json: String, types: HandlerTypeRegistry = Self.types) -> String? {
        do {
            _ = try load(json, types: types)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aRegisteredTypeIsConfiguredCheckedAndWarnedAbout() throws {
        let configuration = try Self.load(Self.config(dataDir: "/nonexistent", stamp: #"{ "type": "marker", "file": "marks.txt", "label": "seen", "concurrency": 3 }"#))
        let stamp = configuration.handlers[0]
        #expect(stamp.summary == "marker to marks.txt, label seen")
        #expect(stamp.concurrency == 3)
        #expect((stamp.type as? MarkerHandlerType)?.file == "marks.txt")
        // Its warnings go where every type's go (serve's log, check-config), after the common notice.
        #expect(HandlerFactory.warnings(for: configuration).map(\.description) == ["note: handlers.console: no route uses this handler; name it in a route's handlers to use it"])
        let quiet = try Self.load(Self.config(dataDir: "/nonexistent", stamp: #"{ "type": "marker", "file": "marks.txt", "label": "" }"#))
        #expect(HandlerFactory.warnings(for: quiet).first?.description == "warning: handlers.stamp.label: is empty; lines start with a space")
    }

    @Test func itsMistakesAreRefusedLikeAnyTypes() {
        // Its own checks, the common unknown-key check over its keys, the common settings.
        #expect(Self.message(Self.config(dataDir: "/d", stamp: #"{ "type": "marker" }"#)) == "handlers.stamp.file: is required")
        #expect(Self.message(Self.config(dataDir: "/d", stamp: #"{ "type": "marker", "file": "m", "label": "a b" }"#)) == "handlers.stamp.label: must be one word")
        #expect(Self.message(Self.config(dataDir: "/d", stamp: #"{ "type": "marker", "file": "m", "lable": "x" }"#)) == "handlers.stamp.lable: unknown key (known here: concurrency, file, label, ordered, retry, type)")
        #expect(Self.message(Self.config(dataDir: "/d", stamp: #"{ "type": "marker", "file": "m", "concurrency": 0 }"#)) == "handlers.stamp.concurrency: must be between 1 and 256, not 0")
        // Without the registration, the standard loader does not know it.
        #expect(Self.message(Self.config(dataDir: "/d", stamp: #"{ "type": "marker", "file": "m" }"#), types: .standard) == #"handlers.stamp.type: unknown handler type "marker" (known: log, file, forward, exec)"#)
    }

    @Test func itIsBuiltAndRunThroughTheWholeReceiver() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let configuration = try Self.load(Self.config(dataDir: directory.path + "/data", stamp: #"{ "type": "marker", "file": "marks.txt", "label": "seen" }"#))
        let runtime = try ReceiverRuntime.start(configuration)
        defer { runtime.stop(grace: 1) }
        let response = try await HTTPTestClient(port: runtime.port).post("/webhooks/exam-started", body: SampleEvents.body(for: .examStarted))
        #expect(response.status == 200)
        let answer = try #require(try JSONValue(parsing: Array(response.body.utf8))["id"])
        guard case .string(let id) = answer else { Issue.record("no id in \(response.body)"); return }
        let marks = directory.path + "/data/marks.txt"
        let written = { (try? String(contentsOfFile: marks, encoding: .utf8)) ?? "" }
        #expect(await OperationsTests.eventually { written().hasSuffix("\n") })
        #expect(written() == "seen stamp \(id) /webhooks/exam-started\n")
    }
}
