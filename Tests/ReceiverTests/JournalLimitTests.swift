import Foundation
import SynapEvents
import Testing
@testable import Receiver

/// Disk use is bounded: past `journal.maxMegabytes` new events get 503 (never a 2xx that could
/// not be kept), and finished segments are then deleted before their retention to make room.
@Suite(.serialized) struct JournalLimitTests {
    @Test func aFullJournalAnswers503UntilFinishedSegmentsAreRemoved() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.write("""
            {
              "server": { "host": "127.0.0.1", "port": 0 },
              "dataDir": "\(directory.path)/data",
              "log": { "level": "error" },
              "journal": { "segmentMegabytes": 1, "maxMegabytes": 1, "retentionHours": 24 },
              "handlers": { "archive": { "type": "file", "path": "held/events.jsonl", "retry": { "initialDelaySeconds": 0.05, "maxDelaySeconds": 0.05 } } },
              "routes": [ { "path": "/webhooks/attempt-completed", "event": "attempt.completed", "handlers": ["archive"] } ]
            }
            """, to: "config.json")
        // The handler cannot write until "held" stops being a plain file: until then no event is
        // finished, so no segment can be deleted and the journal stays full while we look.
        try FileManager.default.createDirectory(atPath: directory.path + "/data", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let held = directory.write("", to: "data/held")
        let runtime = try ReceiverRuntime.start(try ReceiverConfiguration.load(path: path))
        defer { runtime.stop(grace: 1) }
        let client = HTTPTestClient(port: runtime.port)
        let sample = SampleEvents.body(for: .attemptCompleted)
        var accepted = 0
        var refusal: HTTPTestClient.Response?
        for n in 0..<1000 {
            let response = try await client.post("/webhooks/attempt-completed", body: "{\"nonce\": \(n)," + sample.dropFirst())
            if response.status == 200 { accepted += 1 } else { refusal = response; break }
        }
        let full = try #require(refusal, "the journal never filled up")
        #expect(full.status == 503)
        #expect(full.headers["retry-after"] == "30")
        #expect(accepted > 300 && accepted < 450)  // 1 MiB of ~2.5 KB events
        #expect(try await client.get("/readyz").status == 503)
        // Once the handler has written everything, the full segment can go before its retention.
        try FileManager.default.removeItem(atPath: held)
        let file = directory.path + "/data/held/events.jsonl"
        for _ in 0..<500 {
            if ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(separator: "\n").count >= accepted { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(200))  // acks written
        runtime.maintenanceQueue.sync { runtime.engine.maintain() }
        let after = try await client.post("/webhooks/attempt-completed", body: "{\"nonce\": \"after\"," + sample.dropFirst())
        #expect(after.status == 200)
    }
}
