import Foundation
import JSONSyntax
import Testing
@testable import Delivery
@testable import Handlers
import SynapEvents

/// A downstream that is down when events arrive gets every one of them, once, when it returns:
/// journal, engine, retry policy and forward handler together. The outage here lasts seconds
/// with a fast backoff; a longer one follows the same path (delays stop growing at the
/// policy's maximum), so only the wait is longer.
@Suite struct OutageTests {
    @Test func everyEventReachesADownstreamThatComesBackExactlyOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.path + "/synap-outage-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Reserve a port, then leave nothing listening on it: connections are refused.
        let placeholder = CaptureServer(replies: [.init(status: 200)])
        let port = placeholder.port
        placeholder.stop()

        var settings = ForwardHandler.Settings(url: URL(string: "http://127.0.0.1:\(port)/lms")!)
        settings.envelope = true
        settings.timeoutSeconds = 2
        let forward = ForwardHandler(name: "lms", settings: settings)
        let route = RoutePlan(path: "/webhooks/attempt-completed", kind: .fixed(.attemptCompleted), handlers: ["lms"])
        let plan = DeliveryPlan(
            handlers: ["lms": HandlerSettings(handler: forward, retry: RetryPolicy(initialDelay: 0.05, maxDelay: 0.5))],
            routes: [route.path: route])
        let (engine, start) = try DeliveryEngine.open(
            directory: directory + "/journal", segmentBytes: 64 << 20, deduplicationWindowSeconds: 0, deduplicationMaxEntries: 1, plan: plan,
            report: { _ in })
        engine.recoverNow(start)
        defer { engine.journal.close() }
        let intake = DeliveryIntake(engine: engine)

        let count = 30
        let body = Array(SampleEvents.body(for: .attemptCompleted).utf8)
        for n in 1...count {
            let answer = await withCheckedContinuation { continuation in
                intake.submit(.init(route: route, body: body, value: try! JSONValue(parsing: body), requestID: "r\(n)", contentType: "application/json"), limits: plan.limits) {
                    continuation.resume(returning: $0)
                }
            }
            guard case .accepted = answer else { Issue.record("not accepted: \(answer)"); return }
        }

        try await Task.sleep(for: .seconds(4))  // the outage
        #expect(engine.summary().0.handlers.first?.lastError != nil, "the handler should be retrying during the outage")
        let downstream = CaptureServer(replies: [.init(status: 200)], port: port)
        defer { downstream.stop() }

        for _ in 0..<3000 where downstream.requests.count < count { try await Task.sleep(for: .milliseconds(20)) }  // up to a minute on a loaded machine
        try await Task.sleep(for: .milliseconds(300))  // anything extra would show up now
        let ids = downstream.requests.compactMap { request -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
            return object?["id"] as? String
        }
        #expect(ids.count == count)
        #expect(Set(ids).count == count)
        #expect(engine.summary().0.deadLetters == 0)
        #expect(engine.summary().0.handlers.first?.backlog == 0)
    }
}
