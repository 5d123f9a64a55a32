import Checksums
import Delivery
import Foundation
import Testing
@testable import Receiver

/// An erasure with `suppress` lists the learner before it scans, so their later events are
/// answered `suppressed` and never stored; and an erasure by email finds the events of a route
/// that hashes `user.email` at intake, whose stored bodies hold the hash instead.
@Suite(.serialized) struct ErasureSuppressionTests {
    static func archive(_ data: String) -> String { (try? String(contentsOfFile: data + "/events.jsonl", encoding: .utf8)) ?? "" }

    @Test func anErasureWithSuppressDropsTheLearnersLaterEvents() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.path + "/data"
        let runtime = try ReceiverRuntime.start(try ReceiverConfiguration.load(path: directory.write(SuppressionTests.config(dataDir: data), to: "config.json")))
        let client = HTTPTestClient(port: runtime.port)
        #expect(try await client.post("/webhooks/attempt-completed", body: SuppressionTests.ada).body.contains("\"accepted\""))
        #expect(try await client.post("/webhooks/attempt-completed", body: SuppressionTests.grace()).body.contains("\"accepted\""))
        #expect(await OperationsTests.eventually { Self.archive(data).split(separator: "\n").count == 2 })

        // A dry run lists nobody.
        let dry = try runtime.erase("ada@example.edu", dryRun: true, suppress: true)
        #expect(dry.engine.events == 1 && !dry.suppressed && runtime.suppression.count == 0)

        let erased = try runtime.erase("ADA@example.edu", dryRun: false, suppress: true)
        #expect(erased.engine.events == 1 && erased.suppressed)
        #expect(erased.sentence.contains("Later events about this learner are acknowledged and dropped"))
        #expect(runtime.suppression.count == 1)
        let later = try await client.post("/webhooks/attempt-completed", body: SuppressionTests.ada.replacingOccurrences(of: "kP4s9WcR2tX", with: "later-1"))
        #expect(later.body == #"{"status":"suppressed"}"#)
        #expect(try await client.post("/webhooks/attempt-completed", body: SuppressionTests.grace("grace-2")).body.contains("\"accepted\""))
        #expect(await OperationsTests.eventually { Self.archive(data).split(separator: "\n").count == 2 })
        runtime.stop(grace: 1)
        let scan = DataDirectoryScan(data)
        #expect(scan.files(containing: "ada@example.edu").isEmpty, "\(scan.files(containing: "ada@example.edu"))")
        #expect(scan.files(containing: "7dNGUkKit2O").isEmpty, "ada's user id")
        #expect(scan.files(containing: "grace@example.edu").count >= 2, "the journal and the archive keep grace")
    }

    @Test func theCommandLineSuppressesWithConfigAndAuditsIt() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.path + "/data"
        let config = directory.write(SuppressionTests.config(dataDir: data), to: "config.json")
        let erase = try ReceiverProcess(["erase", "--user", "7dNGUkKit2O", "--suppress", "--config", config])
        #expect(erase.waitForExit(timeout: 60) == 0, "\(erase.standardError)")
        #expect(erase.standardOutput.contains("erased 0 events") && erase.standardOutput.contains("(suppressed)"), "\(erase.standardOutput)")
        let audit = try String(contentsOfFile: data + "/audit.jsonl", encoding: .utf8)
        #expect(audit.contains("\"suppress\"") && !audit.contains("7dNGUkKit2O"), "\(audit)")

        let runtime = try ReceiverRuntime.start(try ReceiverConfiguration.load(path: config))
        defer { runtime.stop(grace: 1) }
        let client = HTTPTestClient(port: runtime.port)
        #expect(try await client.post("/webhooks/attempt-completed", body: SuppressionTests.ada).body == #"{"status":"suppressed"}"#)
        #expect(try await client.post("/webhooks/attempt-completed", body: SuppressionTests.grace()).body.contains("\"accepted\""))
    }

    @Test func anErasureByEmailFindsTheEventsOfARouteThatHashesTheEmail() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.path + "/data"
        let json = """
            { "server": { "host": "127.0.0.1", "port": 0 }, "dataDir": "\(data)", "log": { "level": "error" },
              "handlers": { "archive": { "type": "file", "path": "events.jsonl" } },
              "routes": [ { "path": "/webhooks/attempt-completed", "event": "attempt.completed", "handlers": ["archive"],
                            "redact": [ { "field": "user.email", "action": "hash" } ] } ] }
            """
        let runtime = try ReceiverRuntime.start(try ReceiverConfiguration.load(path: directory.write(json, to: "config.json")))
        defer { runtime.stop(grace: 1) }
        let client = HTTPTestClient(port: runtime.port)
        #expect(try await client.post("/webhooks/attempt-completed", body: SuppressionTests.ada).body.contains("\"accepted\""))
        #expect(try await client.post("/webhooks/attempt-completed", body: SuppressionTests.grace()).body.contains("\"accepted\""))
        #expect(await OperationsTests.eventually { Self.archive(data).split(separator: "\n").count == 2 })
        let hash = runtime.identifiers.hash("ada@example.edu")
        #expect(Self.archive(data).contains(hash) && !Self.archive(data).contains("ada@example.edu"))

        var exported: [UInt8] = []
        let count = try LearnerExport.lines(runtime.engine, matcher: LearnerMatcher("Ada@Example.edu", identifiers: runtime.identifiers)) { exported += $0 }
        #expect(count == 1 && String(decoding: exported, as: UTF8.self).contains(hash))

        let erased = try runtime.erase("Ada@Example.edu", dryRun: false)
        #expect(erased.engine.events == 1 && erased.fileLineCount == 1)
        #expect(!Self.archive(data).contains(hash))
        #expect(Self.archive(data).contains(runtime.identifiers.hash("grace@example.edu")))
    }
}
