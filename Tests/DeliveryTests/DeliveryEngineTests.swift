import Foundation
import JSONSyntax
import Synchronization
import SynapEvents
import Testing
@testable import Delivery

/// The engine's everyday path: every handler gets each event once, failures are retried and
/// then dead-lettered, and each step is in the delivery state.
@Suite(.serialized) struct DeliveryEngineTests {
    static let sample = SampleEvents.body(for: .attemptCompleted)

    @Test func everyHandlerGetsTheDecodedEventOnceAndTheStateSettles() async throws {
        let log = RecordingHandler(name: "log"), file = RecordingHandler(name: "file")
        let rig = try EngineRig([log, file])
        defer { rig.close() }
        let id = await rig.accept(Self.sample)
        #expect(await eventually { log.count == 1 && file.count == 1 && rig.entry(id) == nil })
        #expect(log.received.withLock { $0.first?.event.kind } == .attemptCompleted)
        #expect(log.attempts == [1])
        // Each handler's outcome is journaled as a change.
        rig.engine.journal.waitUntilFlushed()
        let delivered = try JournalFixtures.records(rig.journalDirectory).compactMap { record -> String? in
            if case .transition(let t) = record.1, case .delivered = t.change { return t.handler } else { return nil }
        }
        #expect(Set(delivered) == ["log", "file"])
    }

    @Test func aFailingHandlerIsRetriedWithBackoffUntilItSucceeds() async throws {
        let flaky = RecordingHandler(name: "lms", failTimes: 3)
        let rig = try EngineRig([flaky])
        defer { rig.close() }
        let id = await rig.accept(Self.sample)
        #expect(await eventually { rig.entry(id) == nil })
        #expect(flaky.attempts == [1, 2, 3, 4])
    }

    @Test func aPermanentFailureBecomesADeadLetterAtOnce() async throws {
        let refusing = RecordingHandler(name: "lms", failTimes: 100, failure: HandlerFailure("HTTP 400", retryable: false, statusCode: 400))
        let rig = try EngineRig([refusing])
        defer { rig.close() }
        let id = await rig.accept(Self.sample)
        #expect(await eventually { rig.summary().deadLetters == 1 })
        #expect(refusing.count == 1)
        let progress = try #require(rig.entry(id)?.progress(for: "lms"))
        #expect(progress.status == .dead)
        #expect(progress.lastError == "HTTP 400")
        #expect(progress.lastStatusCode == 400)
        #expect(rig.engine.heldBytes.deadLetters == Self.sample.utf8.count)
    }

    @Test func retriesStopAtMaxAttempts() async throws {
        let down = RecordingHandler(name: "lms", failTimes: 100)
        let rig = try EngineRig([down], retry: RetryPolicy(maxAttempts: 3, initialDelay: 0.01, maxDelay: 0.02, jitter: 0))
        defer { rig.close() }
        let id = await rig.accept(Self.sample)
        #expect(await eventually { rig.entry(id)?.progress(for: "lms")?.status == .dead })
        #expect(down.attempts == [1, 2, 3])
    }

    @Test func aSlowHandlerDoesNotHoldUpAnother() async throws {
        let slow = RecordingHandler(name: "slow", blocked: true), fast = RecordingHandler(name: "fast")
        let rig = try EngineRig([slow, fast])
        defer { rig.close() }
        for n in 0..<5 { _ = await rig.accept(EngineRig.body(n)) }
        #expect(await eventually { fast.count == 5 })
        #expect(slow.count == 0)
        slow.release()
        #expect(await eventually { slow.count == 5 })
    }

    /// A body that does not fit its model is decoded at intake: it is quarantined with the
    /// field path (and reaches no handler), or refused with 400 on a route that rejects.
    @Test func aDriftedPayloadIsQuarantinedWithItsFieldPathOrRefused() async throws {
        let log = RecordingHandler(name: "log")
        let rig = try EngineRig([log], routes: [
            RoutePlan(path: "/q", kind: .fixed(.attemptCompleted), handlers: ["log"]),
            RoutePlan(path: "/r", kind: .fixed(.attemptCompleted), handlers: ["log"], rejectsInvalidPayloads: true),
        ])
        defer { rig.close() }
        let drifted = #"{"user": {"id": 7}, "attempt": {"id": "a"}}"#
        guard case .accepted(let id, let reason?, _) = await rig.post(drifted, route: "/q") else {
            Issue.record("a drifted payload must be accepted into the quarantine")
            return
        }
        #expect(reason.contains("user"))
        #expect(rig.entry(id)?.quarantine?.reason == reason)
        #expect(rig.summary().quarantined == 1)
        guard case .refused(let message) = await rig.post(drifted, route: "/r") else {
            Issue.record("a rejecting route must refuse it")
            return
        }
        #expect(message.contains("user"))
        try await Task.sleep(for: .milliseconds(100))
        #expect(log.count == 0)
    }

    @Test func autoRoutesTakeTheKindFromMetaEventName() async throws {
        let log = RecordingHandler(name: "log")
        let rig = try EngineRig([log], routes: [RoutePlan(path: "/auto", kind: .auto, handlers: ["log"])])
        defer { rig.close() }
        _ = await rig.accept(SampleEvents.body(for: .examStarted), route: "/auto")
        #expect(await eventually { log.count == 1 })
        #expect(log.received.withLock { $0.first?.kindRule } == "meta.eventName")
    }

    struct NeverMatches: EventFilter {
        func matches(_ delivery: Delivery, payload: JSONValue) -> Bool { false }
    }

    @Test func aFilterThatDoesNotMatchSettlesTheHandlerAsFilteredOut() async throws {
        let log = RecordingHandler(name: "log"), lms = RecordingHandler(name: "lms")
        let rig = try EngineRig([log, lms], routes: [
            RoutePlan(path: EngineRig.route, kind: .fixed(.attemptCompleted), handlers: ["log", "lms"], filters: ["lms": NeverMatches()]),
        ])
        defer { rig.close() }
        let id = await rig.accept(Self.sample)
        #expect(await eventually { rig.entry(id) == nil })
        #expect(log.count == 1)
        #expect(lms.count == 0)
    }

    /// Past the memory budget, waiting events are kept as journal positions and read back (and
    /// decoded) on the handler's queue when their turn comes; every one still arrives, in order.
    @Test func aLongBacklogWaitsOnDiskNotInMemory() async throws {
        let slow = RecordingHandler(name: "slow", blocked: true)
        let rig = try EngineRig([slow], memoryBudget: 64 << 10)
        defer { rig.close() }
        var ids: [EventID] = []
        for n in 0..<40 { ids.append(await rig.accept(EngineRig.body(n))) }
        let kept = rig.engine.queue.sync { rig.engine.decoded.count }
        #expect(kept < 40)
        slow.release()
        #expect(await eventually { slow.count == 40 })
        #expect(slow.ids == ids)
    }
}

/// A payload naming another known event than its route's follows the route's policy for
/// payloads that do not fit; an alias counts as the route's kind; an unknown name is accepted
/// with a warning.
@Suite struct EventNameCheckTests {
    static func body(eventName: String) -> String {
        EngineRig.body(1).replacingOccurrences(
            of: "\"meta\": { \"timestamp\": \"2024-06-25T11:15:15.587Z\" }",
            with: "\"meta\": { \"eventName\": \"\(eventName)\", \"timestamp\": \"2024-06-25T11:15:15.587Z\" }")
    }

    @Test func anotherKnownEventIsQuarantinedOrRefused() async throws {
        let log = RecordingHandler(name: "log")
        let rig = try EngineRig([log], routes: [
            RoutePlan(path: "/q", kind: .fixed(.attemptCompleted), handlers: ["log"]),
            RoutePlan(path: "/r", kind: .fixed(.attemptCompleted), handlers: ["log"], rejectsInvalidPayloads: true),
        ])
        defer { rig.close() }
        let wrong = Self.body(eventName: "exam.started")
        #expect(wrong.contains("exam.started"), "the sample must name its event")
        guard case .accepted(_, let reason?, _) = await rig.post(wrong, route: "/q") else {
            Issue.record("a payload of another event must be quarantined on a quarantining route")
            return
        }
        #expect(reason.contains("exam.started") && reason.contains("attempt.completed"))
        guard case .refused(let message) = await rig.post(wrong, route: "/r") else {
            Issue.record("a rejecting route must refuse it")
            return
        }
        #expect(message.contains("exam.started"))
        try await Task.sleep(for: .milliseconds(100))
        #expect(log.count == 0)
    }

    @Test func anUnknownNameIsAcceptedWithAWarning() async throws {
        let log = RecordingHandler(name: "log")
        let rig = try EngineRig([log])
        defer { rig.close() }
        guard case .accepted(_, nil, let warning?) = await rig.post(Self.body(eventName: "attempt.finalized")) else {
            Issue.record("an unknown eventName must be accepted as the route's kind, with a warning")
            return
        }
        #expect(warning.contains("attempt.finalized"))
        #expect(await eventually { log.count == 1 })
    }
}
