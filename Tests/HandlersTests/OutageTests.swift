import Foundation
import Testing
@testable import Delivery
@testable import Handlers
import SynapEvents

/// A downstream that is down when events arrive gets every one of them, once, when it returns:
/// journal, dispatcher, retry policy and forward handler together. The outage here lasts
/// seconds with a fast backoff; a longer one follows the same path (delays stop growing at
/// the policy's maximum), so only the wait is longer.
@Suite struct OutageTests {
    @Test func everyEventReachesADownstreamThatComesBackExactlyOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.path + "/synap-outage-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Reserve a port, then leave nothing listening on it: connections are refused.
        let placeholder = CaptureServer(replies: [.init(status: 200)])
        let port = placeholder.port
        placeholder.stop()

        let (journal, _) = try Journal.open(directory: directory + "/journal")
        defer { journal.close() }
        let deadLetters = try EventArchive(path: directory + "/dead-letters.jsonl")
        let quarantine = try EventArchive(path: directory + "/quarantine.jsonl")
        var settings = ForwardHandler.Settings(url: URL(string: "http://127.0.0.1:\(port)/lms")!)
        settings.envelope = true
        settings.timeoutSeconds = 2
        let forward = ForwardHandler(name: "lms", settings: settings)
        let plan = DispatchPlan(handlers: ["lms": HandlerSettings(handler: forward, retry: RetryPolicy(initialDelay: 0.05, maxDelay: 0.5))])
        let dispatcher = Dispatcher(journal: journal, deadLetters: deadLetters, quarantine: quarantine, plan: plan) { _ in }

        let count = 30
        let body = Array(SampleEvents.body(for: .attemptCompleted).utf8)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let records = (1...count).map { n in
            EventRecord(id: EventID(rawValue: UInt64(n)), receivedAt: now, route: "/webhooks/attempt-completed", kind: "attempt.completed",
                        handlers: ["lms"], requestID: "r\(n)", contentType: "application/json", body: body)
        }
        let positions = try journal.appendAndWait(records.map(JournalRecord.event)).get()
        for (record, position) in zip(records, positions) { dispatcher.submit(record, at: position) }

        try await Task.sleep(for: .seconds(4))  // the outage
        #expect(dispatcher.status().handlers.first?.retrying != nil, "the handler should be retrying during the outage")
        let downstream = CaptureServer(replies: [.init(status: 200)], port: port)
        defer { downstream.stop() }

        for _ in 0..<1000 where downstream.requests.count < count { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(300))  // anything extra would show up now
        let ids = downstream.requests.compactMap { request -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
            return object?["id"] as? String
        }
        #expect(ids.count == count)
        #expect(Set(ids).count == count)
        #expect(deadLetters.entryCountNow == 0)
        #expect(dispatcher.status().handlers.first?.backlog == 0)
    }
}
