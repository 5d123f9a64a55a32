import Delivery
import Foundation
import SynapEvents
import Testing
@testable import Receiver

/// `onInvalidPayload: reject`: a body that is JSON but does not fit its model gets 400 naming
/// the field, before anything is journaled; an `auto` route refuses a body it cannot place.
@Suite(.serialized) struct InvalidPayloadPolicyTests {
    @Test func rejectAnswers400NamingTheFieldAndStoresNothing() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.write("""
            {
              "server": { "host": "127.0.0.1", "port": 0 },
              "dataDir": "\(directory.path)/data",
              "log": { "level": "error" },
              "handlers": { "archive": { "type": "file", "path": "events.jsonl" } },
              "routes": [
                { "path": "/strict", "event": "attempt.completed", "handlers": ["archive"], "onInvalidPayload": "reject" },
                { "path": "/auto", "event": "auto", "handlers": ["archive"], "onInvalidPayload": "reject" }
              ]
            }
            """, to: "config.json")
        let runtime = try ReceiverRuntime.start(try ReceiverConfiguration.load(path: path))
        defer { runtime.stop(grace: 1) }
        let client = HTTPTestClient(port: runtime.port)

        var drifted = try JSONSerialization.jsonObject(with: Data(SampleEvents.body(for: .attemptCompleted).utf8)) as! [String: Any]
        var attempt = drifted["attempt"] as! [String: Any]
        attempt.removeValue(forKey: "id")
        drifted["attempt"] = attempt
        let body = String(decoding: try JSONSerialization.data(withJSONObject: drifted), as: UTF8.self)
        let refused = try await client.post("/strict", body: body)
        #expect(refused.status == 400)
        #expect(refused.body.contains("attempt.id"))

        let unplaceable = try await client.post("/auto", body: #"{"hello": "world"}"#)
        #expect(unplaceable.status == 400)
        #expect(unplaceable.body.contains("could not tell the event kind"))

        let fitting = try await client.post("/strict", body: SampleEvents.body(for: .attemptCompleted))
        #expect(fitting.status == 200)
        runtime.engine.journal.waitUntilFlushed()
        #expect(try JournalEvents.count(dataDirectory: directory.path + "/data") == 1, "only the fitting body was journaled")
    }
}
