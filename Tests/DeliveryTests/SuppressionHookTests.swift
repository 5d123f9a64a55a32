import Foundation
import JSONSyntax
import SynapEvents
import Testing
@testable import Delivery

/// The intake's `suppressed` hook: asked about each event (decoded or not) before anything is
/// stored; a yes answers `.suppressed` and nothing is journaled, de-duplicated or dispatched.
@Suite struct SuppressionHookTests {
    @Test func aSuppressedEventIsAnsweredWithoutBeingJournaledOrDelivered() async throws {
        let handler = RecordingHandler(name: "log")
        let rig = try EngineRig([handler])
        defer { rig.close() }
        let intake = DeliveryIntake(engine: rig.engine) { event, _ in event?.summary.userEmail == "learner-1@example.edu" }
        func post(_ body: String) async -> DeliveryIntake.Answer {
            await withCheckedContinuation { continuation in
                let bytes = Array(body.utf8)
                intake.submit(
                    .init(route: rig.plan.routes[EngineRig.route]!, body: bytes, value: try! JSONValue(parsing: bytes), requestID: "r", contentType: ""),
                    limits: rig.plan.limits
                ) {
                    continuation.resume(returning: $0)
                }
            }
        }
        let journalBefore = rig.engine.journal.bytesOnDisk
        #expect(await post(EngineRig.body(1, learner: 1)) == .suppressed)
        #expect(await post(EngineRig.body(1, learner: 1)) == .suppressed, "not remembered as a body seen: a duplicate is suppressed too")
        #expect(rig.engine.journal.bytesOnDisk == journalBefore)
        guard case .accepted = await post(EngineRig.body(2, learner: 2)) else {
            Issue.record("another learner's event is accepted")
            return
        }
        #expect(rig.engine.waitUntilIdle(timeout: 10))
        #expect(handler.received.withLock { $0.map(\.summary.userEmail) } == ["learner-2@example.edu"])
        #expect(rig.summary().unsettledEvents == 0)
    }
}
