import Foundation
import JSONSyntax
import Testing
@testable import Receiver

@Suite struct ConfigurationTests {
    static func load(_ json: String) throws(ConfigurationError) -> ReceiverConfiguration {
        try ReceiverConfiguration(json: try! JSONValue(parsing: Array(json.utf8)))
    }

    static let minimal = """
        { "handlers": { "console": { "type": "log" } },
          "routes": [ { "path": "/webhooks/a", "event": "attempt.completed", "handlers": ["console"] } ] }
        """

    @Test func theExampleConfigurationLoads() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (configuration, _) = try ReceiverConfiguration.load(path: url.appendingPathComponent("config.example.json").path, overrides: .init(), missingPasswordFile: .report)
        #expect(configuration.routes.contains { $0.path == "/webhooks/attempt-completed" && $0.event == .attemptCompleted })
        #expect(configuration.routes.contains { $0.path == "/webhooks/exam-started" && $0.event == .examStarted })
    }

    @Test func defaultsApply() throws {
        let configuration = try Self.load(Self.minimal)
        #expect(configuration.server.port == 8080)
        #expect(configuration.server.host == "127.0.0.1")
        #expect(configuration.dataDirectory == "./data")
        #expect(configuration.deduplicationWindowSeconds == 86_400)
        #expect(configuration.deduplicationMaxEntries == 100_000)
        #expect(configuration.routes[0].onInvalidPayload == .quarantine)
    }

    @Test(arguments: [
        (#"{ "serverr": {}, "handlers": { "c": { "type": "log" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["c"] } ] }"#, "serverr: unknown key"),
        (#"{ "server": { "port": 70000 }, "handlers": { "c": { "type": "log" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["c"] } ] }"#, "server.port: must be between 0 and 65535, not 70000"),
        (#"{ "deduplication": { "maxEntries": 0 }, "handlers": { "c": { "type": "log" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["c"] } ] }"#, "deduplication.maxEntries: must be between 1 and 100000000, not 0"),
        (#"{ "server": { "port": "80" }, "handlers": { "c": { "type": "log" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["c"] } ] }"#, "server.port: must be a number"),
        (#"{ "handlers": { "c": { "type": "log", "formatt": "json" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["c"] } ] }"#, "handlers.c.formatt: unknown key"),
        (#"{ "handlers": { "c": { "type": "carrier-pigeon" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["c"] } ] }"#, "handlers.c.type: unknown handler type \"carrier-pigeon\""),
        (#"{ "handlers": { "c": { "type": "log" } }, "routes": [ { "path": "/a", "event": "attempt.finished", "handlers": ["c"] } ] }"#, "routes[0].event: unknown event \"attempt.finished\""),
        (#"{ "handlers": { "c": { "type": "log" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["d"] } ] }"#, "routes[0].handlers[0]: no handler named \"d\""),
        (#"{ "handlers": { "c": { "type": "log" } }, "routes": [ { "path": "a", "event": "auto", "handlers": ["c"] } ] }"#, "routes[0].path: must be a plain absolute path"),
        (#"{ "handlers": { "c": { "type": "log" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["c"] }, { "path": "/a", "event": "auto", "handlers": ["c"] } ] }"#, "routes[1].path: /a is already routed"),
        (#"{ "handlers": { "c": { "type": "log" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["c"], "auth": { "credentials": [ { "username": "u", "password": "p" } ] } } ] }"#, "routes[0].auth.credentials[0].password: passwords never go in the configuration"),
        (#"{ "handlers": { "c": { "type": "log" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["c"], "auth": { "credentials": [ { "username": "u", "passwordEnv": "SYNAP_TEST_SURELY_UNSET_VARIABLE" } ] } } ] }"#, "routes[0].auth.credentials[0].passwordEnv: environment variable SYNAP_TEST_SURELY_UNSET_VARIABLE is not set"),
        (#"{ "handlers": { "c": { "type": "log" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["c"], "allowFrom": ["10.0.0.0/33"] } ] }"#, "routes[0].allowFrom[0]: \"10.0.0.0/33\" is not an IP address or CIDR network"),
        (#"{ "handlers": { "c": { "type": "file", "path": "x/{kind}.jsonl" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["c"] } ] }"#, "handlers.c.path: path x/{kind}.jsonl: unknown placeholder {kind}"),
        (#"{ "handlers": {}, "routes": [] }"#, "handlers: must name at least one handler"),
    ])
    func mistakesAreRefusedNamingTheKey(json: String, expected: String) {
        #expect {
            _ = try Self.load(json)
        } throws: { error in
            (error as? ConfigurationError)?.description.hasPrefix(expected) == true
        }
    }

    @Test func networkRangesMatchByPrefix() throws {
        let range = try #require(NetworkRange("203.0.113.0/24"))
        #expect(range.contains(try #require(.init(parsing: "203.0.113.200"))))
        #expect(!range.contains(try #require(.init(parsing: "203.0.114.1"))))
        let v6 = try #require(NetworkRange("2001:db8::/32"))
        #expect(v6.contains(try #require(.init(parsing: "2001:db8:1::5"))))
        #expect(!v6.contains(try #require(.init(parsing: "203.0.113.200"))))
    }
}
