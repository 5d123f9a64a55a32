import Foundation
import SynapEvents
import Testing
@testable import Receiver

/// `status` prints the same text live (through the admin listener) and from the data
/// directory of a stopped receiver; `replay --config` refuses while a receiver holds the
/// directory; a handler removed by SIGHUP leaves the status.
@Suite(.serialized) struct StatusCommandTests {
    static func config(_ directory: TemporaryDirectory, handlers: String, routeHandlers: String) -> String {
        directory.write("""
            {
              "server": { "host": "127.0.0.1", "port": 0 },
              "admin": { "host": "127.0.0.1", "port": 0, "users": [ { "username": "ops", "role": "operator", "passwordFile": "\(directory.write("operator-secret\n", to: "ops-password"))" } ] },
              "dataDir": "\(directory.path)/data",
              "handlers": { \(handlers) },
              "routes": [ { "path": "/webhooks/attempt-completed", "event": "attempt.completed", "handlers": [\(routeHandlers)] } ]
            }
            """, to: "config.json")
    }

    static let handlers = """
        "archive": { "type": "file", "path": "events.jsonl" },
        "blocked": { "type": "file", "path": "blocked.jsonl", "retry": { "maxAttempts": 1 } }
        """

    static func run(_ arguments: [String]) -> (status: Int32?, output: String, error: String) {
        guard let process = try? ReceiverProcess(arguments, environment: ["SYNAP_ADMIN_USER": "ops", "SYNAP_ADMIN_PASSWORD": "operator-secret"]) else { return (nil, "", "") }
        let status = process.waitForExit()
        return (status, process.standardOutput, process.standardError)
    }

    @Test func statusPrintsTheSameLiveAndFromTheDataDirectory() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = Self.config(directory, handlers: Self.handlers, routeHandlers: #""archive", "blocked""#)
        try FileManager.default.createDirectory(atPath: directory.path + "/data/blocked.jsonl", withIntermediateDirectories: true)
        let receiver = try ReceiverProcess(["serve", "--config", config])
        defer { receiver.signal(SIGKILL) }
        let client = HTTPTestClient(port: try #require(receiver.listeningPort()))
        let admin = try #require(receiver.listeningPort(admin: true))
        for n in 0..<3 {
            #expect(try await client.post("/webhooks/attempt-completed", body: "{\"nonce\": \(n)," + SampleEvents.body(for: .attemptCompleted).dropFirst()).status == 200)
        }
        var live = Self.run(["status", "--admin", "http://127.0.0.1:\(admin)"])
        for _ in 0..<200 where !live.output.contains("dead letters: 3 ") {
            try await Task.sleep(for: .milliseconds(20))
            live = Self.run(["status", "--admin", "http://127.0.0.1:\(admin)"])
        }
        // Settled: the last changes reach the journal within moments, then nothing moves.
        var previous = ""
        for _ in 0..<50 where live.output != previous {
            previous = live.output
            try await Task.sleep(for: .milliseconds(200))
            live = Self.run(["status", "--admin", "http://127.0.0.1:\(admin)"])
        }
        #expect(live.status == 0)
        #expect(live.output.contains("handler blocked: backlog 0 (0 waiting, 0 retrying), dead letters 3"))
        // Refused while the receiver holds the data directory.
        let refused = Self.run(["replay", "--from", "dead-letters", "--config", config])
        #expect(refused.status == 1)
        #expect(refused.error.contains("use --admin"))
        receiver.signal(SIGTERM)
        #expect(receiver.waitForExit() == 0)
        let offline = Self.run(["status", "--config", config])
        #expect(offline.status == 0)
        #expect(offline.output == live.output)
        let json = Self.run(["status", "--config", config, "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])?["deadLetters"] as? Int == 3)
        // With the receiver stopped, replay --config journals the change for its next start.
        try FileManager.default.removeItem(atPath: directory.path + "/data/blocked.jsonl")
        let replayed = Self.run(["replay", "--from", "dead-letters", "--config", config])
        #expect(replayed.status == 0)
        #expect(replayed.output.contains("replayed 3 deliveries"))
        #expect(Self.run(["status", "--config", config]).output.contains("dead letters: 0 "))
        let restarted = try ReceiverProcess(["serve", "--config", config])
        defer { restarted.signal(SIGKILL) }
        #expect(restarted.waitFor { _ in
            ((try? String(contentsOfFile: directory.path + "/data/blocked.jsonl", encoding: .utf8)) ?? "").split(separator: "\n").count == 3
        })
    }

    /// A handler removed by a reload stops, and status forgets it (its dead letters stay
    /// listed under its name, to replay to another handler).
    @Test func aHandlerRemovedBySIGHUPLeavesTheStatus() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = Self.config(directory, handlers: Self.handlers, routeHandlers: #""archive", "blocked""#)
        try FileManager.default.createDirectory(atPath: directory.path + "/data/blocked.jsonl", withIntermediateDirectories: true)
        let receiver = try ReceiverProcess(["serve", "--config", config])
        defer { receiver.signal(SIGKILL) }
        let admin = try #require(receiver.listeningPort(admin: true))
        _ = Self.config(directory, handlers: #""archive": { "type": "file", "path": "events.jsonl" }"#, routeHandlers: #""archive""#)
        receiver.signal(SIGHUP)
        #expect(receiver.waitFor { $0.standardError.contains("configuration reloaded") })
        let status = Self.run(["status", "--admin", "http://127.0.0.1:\(admin)"])
        #expect(status.output.contains("handler archive:"))
        #expect(!status.output.contains("handler blocked"))
        let ready = try await HTTPTestClient(port: try #require(receiver.listeningPort())).get("/readyz")
        #expect(ready.status == 200)
    }
}

/// `status --config` and `replay --config` read the data directory: they work without the
/// forward handlers' secrets; and a bind error names the address that failed.
@Suite(.serialized) struct OfflineCommandTests {
    @Test func offlineCommandsNeedNoSecrets() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.write("""
            {
              "server": { "host": "127.0.0.1", "port": 0 },
              "dataDir": "\(directory.path)/data",
              "handlers": { "lms": { "type": "forward", "url": "https://lms.example.edu/hook",
                                     "headers": { "Authorization": { "env": "SYNAP_TEST_UNSET_TOKEN", "prefix": "Bearer " } },
                                     "signing": { "secretFile": "\(directory.path)/no-such-secret" } } },
              "routes": [ { "path": "/webhooks/attempt-completed", "event": "attempt.completed", "handlers": ["lms"],
                            "auth": { "credentials": [ { "username": "synap", "passwordEnv": "SYNAP_TEST_UNSET_PASSWORD" } ] } } ]
            }
            """, to: "config.json")
        let serve = try ReceiverProcess(["serve", "--config", config])
        #expect(serve.waitForExit() == 2, "serve needs its secrets")
        #expect(serve.standardError.contains("no-such-secret") || serve.standardError.contains("SYNAP_TEST_UNSET"))
        for arguments in [["status", "--config", config], ["replay", "--from", "dead-letters", "--config", config]] {
            let process = try ReceiverProcess(arguments)
            #expect(process.waitForExit() == 0, "\(arguments[0]): \(process.standardError)")
        }
    }

    @Test func aBindErrorNamesTheAddress() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let first = try ReceiverProcess(["serve", "--config", StatusCommandTests.config(directory, handlers: #""a": { "type": "file", "path": "a.jsonl" }"#, routeHandlers: #""a""#)])
        defer { first.signal(SIGKILL) }
        let port = try #require(first.listeningPort())
        let other = TemporaryDirectory()
        defer { other.remove() }
        let second = try ReceiverProcess([
            "serve", "--config", StatusCommandTests.config(other, handlers: #""a": { "type": "file", "path": "a.jsonl" }"#, routeHandlers: #""a""#),
            "--port", String(port),
        ])
        #expect(second.waitForExit() == 1)
        #expect(second.standardError.contains("cannot listen on 127.0.0.1:\(port)"), "\(second.standardError)")
    }
}
