import Checksums
import Foundation
import HTTP1
import JSONSyntax
import SynapEvents
import Testing
@testable import Receiver

/// Redaction at intake on a running receiver: what is journaled, indexed, quarantined, kept as
/// a dead letter, written by the file sink and forwarded is the redacted body, and no byte
/// under the data directory holds a redacted value in clear.
@Suite(.serialized) struct RedactionIntakeTests {
    /// The sample attempt with another learner (and attempt id, so no body is a duplicate).
    static func attempt(email: String, attemptID: String) -> String {
        SampleEvents.body(for: .attemptCompleted)
            .replacingOccurrences(of: "ada@example.edu", with: email)
            .replacingOccurrences(of: "Ada Lovelace", with: "Grace Hopper")
            .replacingOccurrences(of: "AE-1815", with: "NX-90417")
            .replacingOccurrences(of: "kP4s9WcR2tX", with: attemptID)
    }

    @Test func theRedactedBodyIsWhatIsStoredAndForwardedAndNoRedactedValueReachesTheDisk() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        // The endpoint records what it is sent and refuses it with 400: each event also becomes a dead letter.
        let endpoint = try CaptureEndpoint(status: .badRequest)
        defer { endpoint.stop() }
        let data = directory.path + "/data"
        let json = """
            { "server": { "host": "127.0.0.1", "port": 0 }, "dataDir": "\(data)", "log": { "level": "error" },
              "handlers": { "archive": { "type": "file", "path": "events/{event}.jsonl" },
                            "lms": { "type": "forward", "url": "\(endpoint.url)" } },
              "routes": [ { "path": "/webhooks/attempt-completed", "event": "attempt.completed", "handlers": ["archive", "lms"],
                            "redact": [ { "field": "user.email", "action": "hash" }, { "field": "user.name", "action": "mask" },
                                        { "field": "user.customAttributes.employee-id", "action": "remove" } ] } ] }
            """
        let runtime = try ReceiverRuntime.start(try ReceiverConfiguration.load(path: directory.write(json, to: "config.json")))
        let client = HTTPTestClient(port: runtime.port)
        // The same learner twice, written differently; the third body does not fit the model (quarantined).
        let first = try await client.post("/webhooks/attempt-completed", body: Self.attempt(email: "Grace.Hopper@Example.EDU", attemptID: "att-one"))
        let second = try await client.post("/webhooks/attempt-completed", body: Self.attempt(email: "grace.hopper@example.edu", attemptID: "att-two"))
        let misfit = Self.attempt(email: "grace.hopper@example.edu", attemptID: "att-three").replacingOccurrences(of: "\"isExam\": false", with: "\"isExam\": \"no\"")
        let third = try await client.post("/webhooks/attempt-completed", body: misfit)
        #expect(first.status == 200 && second.status == 200 && third.status == 200)
        #expect(third.body.contains("quarantined"))
        let file = data + "/events/attempt.completed.jsonl"
        #expect(await OperationsTests.eventually { endpoint.received.count == 2 && runtime.engine.summary().0.deadLetters == 2 })
        #expect(await OperationsTests.eventually { ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(separator: "\n").count == 2 })
        runtime.stop(grace: 1)
        runtime.engine.index?.flush()

        let keyed = try KeyedIdentifierHash.loadOrCreate(dataDirectory: data).hash("grace.hopper@example.edu")
        // The file sink's lines and the forwarded bodies: the hash, the mask, no employee id.
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        for line in lines {
            let body = try #require(try JSONValue(parsing: Array(line.utf8))["body"])
            #expect(body.value(atPath: "user.email")?.stringValue == keyed)
            #expect(body.value(atPath: "user.name")?.stringValue == "G*** H***")
            #expect(body.value(atPath: "user.customAttributes.employee-id") == nil)
            #expect(body.value(atPath: "user.customAttributes.team")?.stringValue == "Analytical Engines")
        }
        for forwarded in endpoint.received {
            let body = try JSONValue(parsing: forwarded)
            #expect(body.value(atPath: "user.email")?.stringValue == keyed)
            #expect(body.value(atPath: "user.name")?.stringValue == "G*** H***")
            #expect(body.value(atPath: "user.customAttributes.employee-id") == nil)
        }

        // Every byte under the data directory: journal segments, index files, checkpoint, sink, registry.
        let scan = DataDirectoryScan(data)
        #expect(scan.files.contains { $0.hasSuffix(".idx") }, "the index files are part of the scan")
        #expect(scan.files.contains { $0.contains("/journal/segment-") })
        for secret in ["grace.hopper@example.edu", "Grace Hopper", "Hopper", "NX-90417"] {
            #expect(scan.files(containing: secret).isEmpty, "\(secret) in clear in \(scan.files(containing: secret))")
        }
        let holdingHash = scan.files(containing: keyed)
        #expect(holdingHash.contains(file))
        #expect(holdingHash.contains { $0.contains("/journal/segment-") }, "the journal holds the redacted body, quarantined event included")
    }

    @Test func aRedactingRouteStillRefusesABodyThatIsNotJSON() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let json = """
            { "server": { "host": "127.0.0.1", "port": 0 }, "dataDir": "\(directory.path)/data", "log": { "level": "error" },
              "handlers": { "archive": { "type": "file", "path": "events.jsonl" } },
              "routes": [ { "path": "/webhooks/a", "event": "auto", "handlers": ["archive"], "redact": [ { "field": "user.email", "action": "remove" } ] } ] }
            """
        let runtime = try ReceiverRuntime.start(try ReceiverConfiguration.load(path: directory.write(json, to: "config.json")))
        defer { runtime.stop(grace: 1) }
        let response = try await HTTPTestClient(port: runtime.port).post("/webhooks/a", body: #"{"user": oops}"#)
        #expect(response.status == 400)
        #expect(response.body.contains("line 1, column 10"))
    }
}
