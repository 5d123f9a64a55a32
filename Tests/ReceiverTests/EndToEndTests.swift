import Foundation
import Testing
import SynapEvents

/// The real binary on the example-like configuration: what a new user sees.
@Suite(.serialized) struct EndToEndTests {
    static func config(dataDir: String) -> String {
        """
        {
          "server": { "host": "127.0.0.1", "port": 0 },
          "dataDir": "\(dataDir)",
          "handlers": {
            "console": { "type": "log", "format": "text" },
            "archive": { "type": "file", "path": "events/{event}.jsonl" }
          },
          "routes": [
            { "path": "/webhooks/attempt-completed", "event": "attempt.completed", "handlers": ["console", "archive"] },
            { "path": "/webhooks/exam-started", "event": "exam.started", "handlers": ["console", "archive"] }
          ]
        }
        """
    }

    @Test func bothEventsReachTheLogAndTheFile() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.write(Self.config(dataDir: directory.path + "/data"), to: "config.json")
        let receiver = try ReceiverProcess(["serve", "--config", config])
        let port = try #require(receiver.listeningPort())
        let client = HTTPTestClient(port: port)

        let attempt = try await client.post("/webhooks/attempt-completed", body: SampleEvents.body(for: .attemptCompleted))
        #expect(attempt.status == 200)
        #expect(attempt.body.contains("\"status\":\"accepted\""))
        #expect(attempt.headers["x-request-id"] != nil)
        let exam = try await client.post("/webhooks/exam-started", body: SampleEvents.body(for: .examStarted))
        #expect(exam.status == 200)

        let decoded = try SynapEventDecoder().decode(.attemptCompleted, from: Array(SampleEvents.body(for: .attemptCompleted).utf8))
        let summary = decoded.summary
        #expect(receiver.waitFor { $0.standardOutput.contains("kind=exam.started") })
        let logLine = try #require(receiver.standardOutput.split(separator: "\n").first { $0.contains("kind=attempt.completed") })
        #expect(logLine.contains("attempt=\(summary.attemptId!)"))
        #expect(logLine.contains("email=\(summary.userEmail!)"))
        #expect(logLine.contains("score="))

        // The file handler is its own worker: the log line says nothing about when it wrote.
        // Waits for the line, not the file: the file exists a moment before its first line is in it.
        #expect(receiver.waitFor { _ in directory.read("data/events/attempt.completed.jsonl")?.hasSuffix("\n") == true })
        let attemptFile = try #require(directory.read("data/events/attempt.completed.jsonl"))
        let lines = attemptFile.split(separator: "\n")
        #expect(lines.count == 1)
        let firstLine = try #require(lines.first)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(firstLine.utf8)) as? [String: Any])
        #expect(record["route"] as? String == "/webhooks/attempt-completed")
        #expect(record["kind"] as? String == "attempt.completed")
        #expect((record["receivedAt"] as? String)?.hasSuffix("Z") == true)
        let body = try #require(record["body"] as? [String: Any])
        #expect((body["attempt"] as? [String: Any])?["id"] as? String == summary.attemptId)
        #expect(receiver.waitFor { _ in directory.read("data/events/exam.started.jsonl")?.split(separator: "\n").count == 1 })

        receiver.signal(SIGTERM)
        #expect(receiver.waitForExit() == 0)
    }

    @Test func aBodyThatIsNotJSONIsRefusedAndNothingIsWritten() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.write(Self.config(dataDir: directory.path + "/data"), to: "config.json")
        let receiver = try ReceiverProcess(["serve", "--config", config])
        let port = try #require(receiver.listeningPort())
        let response = try await HTTPTestClient(port: port).post("/webhooks/attempt-completed", body: "{\"user\": oops}")
        #expect(response.status == 400)
        let error = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as! [String: Any]
        #expect(error["status"] as? Int == 400)
        #expect((error["error"] as? String)?.contains("line 1, column 10") == true)
        try await Task.sleep(for: .milliseconds(200))
        #expect(directory.read("data/events/attempt.completed.jsonl") == nil)
        #expect(!receiver.standardOutput.contains("kind="))
        receiver.signal(SIGTERM)
        #expect(receiver.waitForExit() == 0)
    }

    @Test func aBadConfigurationIsRefusedWithTheKeyNamed() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let broken = Self.config(dataDir: directory.path).replacingOccurrences(of: "\"path\": \"events", with: "\"pathh\": \"events")
        let config = directory.write(broken, to: "config.json")
        let receiver = try ReceiverProcess(["serve", "--config", config])
        #expect(receiver.waitForExit() == 2)
        #expect(receiver.standardError.contains("handlers.archive.path: is required"))
    }

    @Test func helpAndVersionAnswer() throws {
        let help = try ReceiverProcess(["--help"])
        #expect(help.waitForExit() == 0)
        #expect(help.standardOutput.contains("serve --config FILE"))
        let version = try ReceiverProcess(["--version"])
        #expect(version.waitForExit() == 0)
        #expect(version.standardOutput.hasPrefix("synap-webhooks "))
        let commandHelp = try ReceiverProcess(["send", "--help"])
        #expect(commandHelp.waitForExit() == 0)
        #expect(commandHelp.standardOutput.contains("send --event KIND --url URL"))
    }

    @Test func commandLineOverridesTheConfiguredPortAndDataDirectory() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.write(Self.config(dataDir: "/nonexistent/never-used"), to: "config.json")
        let receiver = try ReceiverProcess(["serve", "--config", config, "--port", "0", "--host", "127.0.0.1", "--data-dir", directory.path + "/other"])
        let port = try #require(receiver.listeningPort())
        let response = try await HTTPTestClient(port: port).post("/webhooks/exam-started", body: SampleEvents.body(for: .examStarted))
        #expect(response.status == 200)
        #expect(receiver.waitFor { _ in directory.read("other/events/exam.started.jsonl") != nil })
        receiver.signal(SIGTERM)
        #expect(receiver.waitForExit() == 0)
    }
}
