import Foundation
import SynapEvents
import Testing
@testable import Receiver

/// Careful defaults: under `umask 000`, everything the receiver (and the example exec script)
/// creates under the data directory is 0600 or 0700: journal segments, index files, the
/// checkpoint, dead letters and quarantine (in the journal), the file sink's files and its
/// directories, its registry, the audit log, keys, generated passwords, the example's results.
@Suite(.serialized) struct PrivateModesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test func everyFileAndDirectoryUnderTheDataDirectoryIsPrivateWhateverTheUmask() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let endpoint = try CaptureEndpoint(status: .badRequest)  // each forwarded event becomes a dead letter
        defer { endpoint.stop() }
        let data = directory.path + "/data"
        let auth = #""auth": { "realm": "synap", "credentials": [ { "username": "synap", "passwordFile": "secrets/synap-basic-password" } ] }"#
        let config = directory.write("""
            { "server": { "host": "127.0.0.1", "port": 0 }, "dataDir": "\(data)",
              "admin": { "host": "127.0.0.1", "port": 0, "users": [ { "username": "ops", "role": "operator", "passwordFile": "secrets/admin-password" } ] },
              "handlers": {
                "archive": { "type": "file", "path": "events/{event}/{date}.jsonl" },
                "lms": { "type": "forward", "url": "\(endpoint.url)" },
                "results": { "type": "exec", "command": ["\(Self.root)/examples/on-exam-completed.sh"], "env": { "EXAM_RESULTS_DIR": "\(data)/exam-completed" } }
              },
              "routes": [
                { "path": "/webhooks/attempt-completed", "event": "attempt.completed", "handlers": ["archive", "lms"], \(auth),
                  "redact": [ { "field": "user.email", "action": "hash" } ] },
                { "path": "/webhooks/exam-completed", "event": "exam.completed", "handlers": ["archive", "results"], \(auth) }
              ] }
            """, to: "config.json")
        let receiver = try ReceiverProcess(["serve", "--config", config], launcher: ["/bin/sh", "-c", "umask 000 && exec \"$@\"", "sh"])
        defer { receiver.signal(SIGKILL) }
        let port = try #require(receiver.listeningPort(), "stderr: \(receiver.standardError)")
        let password = try #require(try? String(contentsOfFile: data + "/secrets/synap-basic-password", encoding: .utf8))
        let headers = ["Authorization": "Basic " + Data("synap:\(password)".utf8).base64EncodedString(), "Content-Type": "application/json"]
        let client = HTTPTestClient(port: port)
        let attempt = SampleEvents.body(for: .attemptCompleted)
        #expect(try await client.post("/webhooks/attempt-completed", body: attempt, headers: headers).body.contains("accepted"))
        let misfit = attempt.replacingOccurrences(of: "\"isExam\": false", with: "\"isExam\": \"no\"")
        #expect(try await client.post("/webhooks/attempt-completed", body: misfit, headers: headers).body.contains("quarantined"))
        #expect(try await client.post("/webhooks/exam-completed", body: SampleEvents.body(for: .examCompleted), headers: headers).body.contains("accepted"))
        #expect(receiver.waitFor { _ in
            endpoint.received.count == 1 && FileManager.default.fileExists(atPath: data + "/exam-completed/results.csv")
                && (FileManager.default.subpaths(atPath: data + "/events")?.filter { $0.hasSuffix(".jsonl") }.count ?? 0) == 2
        }, "stderr: \(receiver.standardError)")
        #expect(receiver.waitFor { $0.standardError.contains("dead letter") })
        receiver.signal(SIGTERM)
        #expect(receiver.waitForExit() == 0, "stderr: \(receiver.standardError)")

        let scan = DataDirectoryScan(data)
        for expected in ["/journal", "/journal/checkpoint", "/events/attempt.completed", "/sinks/archive/files.jsonl", "/audit.jsonl",
                         "/keys/identifier-hash.key", "/secrets/admin-password", "/exam-completed/results.csv"] {
            #expect(scan.entries.contains { $0.path == data + expected }, "\(expected) was not created")
        }
        #expect(scan.files.contains { $0.hasSuffix(".idx") })
        #expect(scan.loosePermissions.isEmpty, "\(scan.loosePermissions)")
    }
}
