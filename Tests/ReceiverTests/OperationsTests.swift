import Delivery
import Foundation
import SynapEvents
import Testing
@testable import Receiver

/// Basic auth, proxies, health, metrics, status, replay and reload, on an in-process runtime.
@Suite(.serialized) struct OperationsTests {
    struct Running {
        let directory = TemporaryDirectory()
        let runtime: ReceiverRuntime
        let client: HTTPTestClient
        let adminPort: Int

        init(extraHandler: String = "", extraRoute: String = "", admin: Bool = true) throws {
            let passwords = directory.write("old-secret\n", to: "password-old")
            _ = directory.write("new-secret", to: "password-new")
            let adminPassword = directory.write("admin-password\n", to: "admin-password")
            let adminSection = admin
                ? "\"admin\": { \"host\": \"127.0.0.1\", \"port\": 0, \"users\": [ { \"username\": \"ops\", \"role\": \"operator\", \"passwordFile\": \"\(adminPassword)\" } ] },"
                : ""
            let json = """
                {
                  "server": { "host": "127.0.0.1", "port": 0, "trustedProxies": ["127.0.0.1/32"] },
                  \(adminSection)
                  "dataDir": "\(directory.path)/data",
                  "log": { "level": "error" },
                  "handlers": { "archive": { "type": "file", "path": "events.jsonl" } \(extraHandler) },
                  "routes": [
                    { "path": "/webhooks/attempt-completed", "event": "attempt.completed", "handlers": ["archive"],
                      "auth": { "realm": "synap", "credentials": [
                        { "username": "synap", "passwordFile": "\(passwords)" },
                        { "username": "synap", "passwordFile": "\(directory.path)/password-new" } ] } },
                    { "path": "/webhooks/exam-started", "event": "exam.started", "handlers": ["archive"], "allowFrom": ["203.0.113.0/24"] }
                    \(extraRoute)
                  ]
                }
                """
            let path = directory.write(json, to: "config.json")
            runtime = try ReceiverRuntime.start(try ReceiverConfiguration.load(path: path))
            client = HTTPTestClient(port: runtime.port)
            adminPort = runtime.adminServer?.port ?? 0
        }

        func basic(_ user: String, _ password: String, scheme: String = "Basic") -> [String: String] {
            ["Authorization": "\(scheme) " + Data("\(user):\(password)".utf8).base64EncodedString(), "Content-Type": "application/json"]
        }

        /// Credentials for the admin listener.
        static let admin = ["Authorization": "Basic " + Data("ops:admin-password".utf8).base64EncodedString()]

        func stop() {
            runtime.stop(grace: 1)
            directory.remove()
        }
    }

    static let attempt = SampleEvents.body(for: .attemptCompleted)

    @Test func basicAuthAcceptsEveryConfiguredCredentialAndRefusesOthers() async throws {
        let running = try Running()
        defer { running.stop() }
        let missing = try await running.client.post("/webhooks/attempt-completed", body: Self.attempt)
        #expect(missing.status == 401)
        #expect(missing.headers["www-authenticate"] == "Basic realm=\"synap\", charset=\"UTF-8\"")
        let wrong = try await running.client.post("/webhooks/attempt-completed", body: Self.attempt, headers: running.basic("synap", "guess"))
        #expect(wrong.status == 401)
        let old = try await running.client.post("/webhooks/attempt-completed", body: Self.attempt, headers: running.basic("synap", "old-secret"))
        #expect(old.status == 200)
        // The scheme name is case-insensitive; the second credential (a rotation) works too.
        let new = try await running.client.post("/webhooks/attempt-completed", body: Self.attempt + " ", headers: running.basic("synap", "new-secret", scheme: "bAsIc"))
        #expect(new.status == 200)
        // Nothing from a refused request was stored: exactly the two accepted events.
        running.runtime.engine.journal.waitUntilFlushed()
        #expect(try JournalEvents.count(dataDirectory: running.directory.path + "/data") == 2)
    }

    /// `send` says a password is wrong, promptly (URLSession on Linux never completed a 401 that
    /// asked for Basic authentication), and succeeds with the right one.
    @Test func sendReportsRefusedCredentialsInsteadOfHanging() throws {
        let running = try Running()
        defer { running.stop() }
        let url = "http://127.0.0.1:\(running.runtime.port)/webhooks/attempt-completed"
        let arguments = ["send", "--event", "attempt.completed", "--url", url, "--user", "synap", "--password-env", "SEND_TEST_PASSWORD"]
        let wrong = try ReceiverProcess(arguments, environment: ["SEND_TEST_PASSWORD": "guess"])
        #expect(wrong.waitForExit(timeout: 20) == 1)
        #expect(wrong.standardOutput.contains("HTTP 401"))
        let right = try ReceiverProcess(arguments, environment: ["SEND_TEST_PASSWORD": "new-secret"])
        #expect(right.waitForExit(timeout: 20) == 0)
        #expect(right.standardOutput.contains("HTTP 200"))
    }

    @Test func allowFromChecksTheClientBehindATrustedProxy() async throws {
        let running = try Running()
        defer { running.stop() }
        let body = SampleEvents.body(for: .examStarted)
        let direct = try await running.client.post("/webhooks/exam-started", body: body)
        #expect(direct.status == 403)
        var headers = ["Content-Type": "application/json", "X-Forwarded-For": "198.51.100.1, 203.0.113.9"]
        let allowed = try await running.client.post("/webhooks/exam-started", body: body, headers: headers)
        #expect(allowed.status == 200)
        headers["X-Forwarded-For"] = "203.0.113.9, 198.51.100.1"
        let spoofed = try await running.client.post("/webhooks/exam-started", body: body, headers: headers)
        #expect(spoofed.status == 403)
    }

    @Test func healthOnTheMainListenerMetricsAndStatusOnTheAdminListener() async throws {
        let running = try Running()
        defer { running.stop() }
        #expect(try await running.client.get("/healthz").status == 200)
        let ready = try await running.client.get("/readyz")
        #expect(ready.status == 200)
        #expect(ready.body.contains("\"ready\""))
        #expect(try await running.client.get("/metrics").status == 404)
        _ = try await running.client.post("/webhooks/attempt-completed", body: Self.attempt, headers: running.basic("synap", "old-secret"))
        _ = try await running.client.post("/webhooks/attempt-completed", body: Self.attempt)
        let admin = HTTPTestClient(port: running.adminPort)
        #expect(try await admin.get("/metrics").status == 401)
        let metrics = try await admin.send("GET", "/metrics", body: nil, headers: Running.admin)
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(metrics.body.contains("synap_http_requests_total{route=\"/webhooks/attempt-completed\",status=\"200\"} 1"))
        #expect(metrics.body.contains("synap_http_requests_total{route=\"/webhooks/attempt-completed\",status=\"401\"} 1"))
        #expect(metrics.body.contains("synap_auth_failures_total{route=\"/webhooks/attempt-completed\"} 1"))
        #expect(metrics.body.contains("synap_journal_fsync_seconds_count "))
        let status = try await admin.send("GET", "/admin/status", body: nil, headers: Running.admin)
        let object = try JSONSerialization.jsonObject(with: Data(status.body.utf8)) as! [String: Any]
        #expect(object["deadLetters"] as? Int == 0)
        #expect((object["handlers"] as? [[String: Any]])?.first?["name"] as? String == "archive")
    }

    static var prometheusParserAvailable: Bool {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import prometheus_client"]
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    /// The exposition must be accepted by a real Prometheus text parser (prometheus_client from
    /// PyPI: `pip install prometheus-client`; .ci/run installs it, elsewhere this test is skipped).
    @Test(.enabled(if: prometheusParserAvailable, "needs python3 -m pip install prometheus-client"))
    func metricsAreAcceptedByPrometheusParser() async throws {
        let running = try Running()
        defer { running.stop() }
        _ = try await running.client.post("/webhooks/attempt-completed", body: Self.attempt)
        let text = try await HTTPTestClient(port: running.adminPort).send("GET", "/metrics", body: nil, headers: Running.admin).body
        let parser = Process()
        parser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        parser.arguments = ["python3", "-c", """
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            families = list(text_string_to_metric_families(sys.stdin.read()))
            names = {f.name for f in families}
            assert "synap_http_requests" in names and "synap_journal_fsync_seconds" in names, names
            print(len(families))
            """]
        let input = Pipe(), output = Pipe()
        parser.standardInput = input
        parser.standardOutput = output
        parser.standardError = output
        try parser.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        input.fileHandleForWriting.closeFile()
        parser.waitUntilExit()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(parser.terminationStatus == 0, "prometheus_client refused the exposition: \(said)")
    }

    /// A dead letter replayed through the admin API is delivered, and leaves the dead letters at once.
    @Test func replayThroughTheAdminListenerRedeliversDeadLetters() async throws {
        let running = try Running(
            extraHandler: #", "blocked": { "type": "file", "path": "blocked.jsonl", "retry": { "maxAttempts": 1 } }"#,
            extraRoute: #", { "path": "/webhooks/user-registered", "event": "user.registered", "handlers": ["blocked"] }"#)
        defer { running.stop() }
        let admin = HTTPTestClient(port: running.adminPort)
        let file = running.directory.path + "/data/blocked.jsonl"
        try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: true)  // writing it fails
        let accepted = try await running.client.post("/webhooks/user-registered", body: SampleEvents.body(for: .userRegistered))
        let id = try #require((try JSONSerialization.jsonObject(with: Data(accepted.body.utf8)) as? [String: Any])?["id"] as? String)
        func deadLetters() async throws -> Int {
            let status = try await admin.send("GET", "/admin/status", body: nil, headers: Running.admin)
            return (try JSONSerialization.jsonObject(with: Data(status.body.utf8)) as? [String: Any])?["deadLetters"] as? Int ?? -1
        }
        for _ in 0..<500 where try await deadLetters() != 1 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(try await deadLetters() == 1)
        let listed = try await admin.send("GET", "/admin/dead-letters", body: nil, headers: Running.admin)
        #expect(listed.body.contains("\"id\":\"\(id)\""))
        #expect(listed.body.contains("\"handler\":\"blocked\""))
        try FileManager.default.removeItem(atPath: file)
        let replay = try await admin.send("POST", "/admin/replay", body: Data("{\"source\":\"dead-letters\"}".utf8), headers: Running.admin.merging(["Content-Type": "application/json"]) { $1 })
        #expect(replay.status == 200)
        #expect(replay.body.contains("\"replayed\":1"))
        #expect(try await deadLetters() == 0)
        #expect(await Self.eventually { ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").contains(id) })
        let bad = try await admin.send("POST", "/admin/replay", body: Data("{\"source\":\"nowhere\"}".utf8), headers: Running.admin.merging(["Content-Type": "application/json"]) { $1 })
        #expect(bad.status == 400)
    }

    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<500 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }
}
