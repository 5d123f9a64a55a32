import Foundation
import Synchronization
import SynapEvents
import Testing
@testable import Delivery

/// Operators' changes to the delivery state, tried the way an operator would: replaying twice,
/// replaying what is done, reloading a handler away, one poisonous event.
@Suite(.serialized) struct DeliveryStateTests {
    static let note = "test"

    /// A replayed dead letter goes back in line and leaves the dead-letter count at once; a
    /// second replay finds nothing more to send.
    @Test func aReplayedDeadLetterLeavesTheCountAtOnceAndIsNotSentTwice() async throws {
        let lms = RecordingHandler(name: "lms", failTimes: 1, failure: HandlerFailure("HTTP 400", retryable: false))
        let rig = try EngineRig([lms])
        defer { rig.close() }
        let id = await rig.accept(EngineRig.body(1))
        #expect(await eventually { rig.summary().deadLetters == 1 })
        let first = try rig.engine.replay(EventSelection(source: .deadLetters), note: Self.note)
        #expect(first.replayed == 1)
        #expect(await eventually { rig.entry(id) == nil })
        #expect(rig.summary().deadLetters == 0)
        let second = try rig.engine.replay(EventSelection(source: .deadLetters), note: Self.note)
        #expect(second.replayed == 0)
        try await Task.sleep(for: .milliseconds(100))
        #expect(lms.count == 2)
    }

    /// Replaying the journal twice gives a handler that never takes an event twice (a file
    /// sink) nothing more, even with force; others need force, and then get one more copy each.
    @Test func replayingTheJournalTwiceNeverRepeatsWithoutForceAndNeverToAFileSink() async throws {
        let file = RecordingHandler(name: "file", acceptsRepeatedDelivery: false), lms = RecordingHandler(name: "lms")
        let rig = try EngineRig([file, lms])
        defer { rig.close() }
        var ids: [EventID] = []
        for n in 0..<3 { ids.append(await rig.accept(EngineRig.body(n))) }
        #expect(await eventually { ids.allSatisfy { rig.entry($0) == nil } })
        for _ in 0..<2 {
            let report = try rig.engine.replay(EventSelection(source: .journal), note: Self.note)
            #expect(report.replayed == 0)
            #expect(report.skippedDone == 6)
        }
        let forced = try rig.engine.replay(EventSelection(source: .journal), force: true, note: Self.note)
        #expect(forced.replayed == 3)
        #expect(forced.skippedNeverRepeated == 3)
        #expect(await eventually { lms.count == 6 })
        try await Task.sleep(for: .milliseconds(100))
        #expect(file.count == 3)
        #expect(Set(file.ids).count == 3)
    }

    /// Replaying a quarantined event that still does not fit leaves one quarantine entry.
    @Test func aQuarantinedEventThatStillDoesNotFitStaysQuarantinedOnce() async throws {
        let log = RecordingHandler(name: "log")
        let rig = try EngineRig([log])
        defer { rig.close() }
        _ = await rig.post(#"{"user": {"id": 7}}"#)
        #expect(rig.summary().quarantined == 1)
        for _ in 0..<3 {
            let report = try rig.engine.replay(EventSelection(source: .quarantine), note: Self.note)
            #expect(report.stillQuarantined == 1)
        }
        #expect(rig.summary().quarantined == 1)
        #expect(rig.engine.heldEntries(EventSelection(source: .quarantine)).count == 1)
    }

    /// A handler removed by a reload stops at once: its waiting deliveries become dead letters
    /// ("handler removed"), status forgets it, and they can be replayed to another handler.
    /// The one in flight when it was removed finishes, and its real outcome is kept.
    @Test func aRemovedHandlerStopsAtOnceAndItsDeadLettersGoToAnother() async throws {
        let old = RecordingHandler(name: "old", blocked: true), successor = RecordingHandler(name: "new")
        let rig = try EngineRig([old])
        defer { rig.close() }
        for n in 0..<5 { _ = await rig.accept(EngineRig.body(n)) }
        var plan = rig.plan
        plan.handlers["old"] = nil
        plan.handlers["new"] = HandlerSettings(handler: successor)
        rig.engine.update(plan)
        #expect(await eventually { rig.summary().deadOfOtherHandlers["old"] == 4 })  // one was in flight
        #expect(rig.summary().handlers.map(\.name) == ["new"])
        old.release()
        #expect(await eventually { old.count == 1 && rig.summary().unsettledEvents == 4 })
        let dead = rig.engine.heldEntries(EventSelection(source: .deadLetters))
        #expect(dead.count == 4)
        #expect(dead.allSatisfy { $0.progress(for: "old")?.lastError == "handler removed" })
        let report = try rig.engine.replay(EventSelection(source: .deadLetters, handler: "old"), to: "new", note: Self.note)
        #expect(report.replayed == 4)
        #expect(await eventually { successor.count == 4 })
        #expect(old.count == 1)
        #expect(rig.summary().deadLetters == 0)
    }

    /// One event a handler cannot take moves to its own schedule after three tries at the head,
    /// and the events behind it proceed.
    @Test func aPoisonousEventDoesNotHoldTheOthersHostage() async throws {
        let poisonAttempt = "attempt-0"
        let lms = RecordingHandler(name: "lms", poisoned: { delivery in
            String(decoding: delivery.body, as: UTF8.self).contains(poisonAttempt)
        })
        let rig = try EngineRig([lms], retry: RetryPolicy(initialDelay: 0.2, maxDelay: 5, jitter: 0))
        defer { rig.close() }
        let poison = await rig.accept(EngineRig.body(0))
        var others: [EventID] = []
        for n in 1...5 { others.append(await rig.accept(EngineRig.body(n))) }
        #expect(await eventually { others.allSatisfy { rig.entry($0) == nil } })
        #expect(rig.entry(poison)?.progress(for: "lms")?.status == .retrying)
        #expect(lms.tries(of: poison) >= 3)
        #expect(rig.reports.withLock { $0.contains { if case .setAside = $0 { true } else { false } } })
    }

    /// When every try fails (the endpoint is down), the handler backs off as a whole: one try
    /// per backoff step, not one per queued event.
    @Test func aDownEndpointGetsOneTryPerBackoffStep() async throws {
        let lms = RecordingHandler(name: "lms")
        lms.down.withLock { $0 = true }
        let rig = try EngineRig([lms], retry: RetryPolicy(initialDelay: 0.1, maxDelay: 0.4, jitter: 0))
        defer { rig.close() }
        let started = ContinuousClock.now
        for n in 0..<20 { _ = await rig.accept(EngineRig.body(n)) }
        try await Task.sleep(for: .seconds(2.5))
        let tries = lms.count
        let elapsed = Double((ContinuousClock.now - started).components.seconds) + Double((ContinuousClock.now - started).components.attoseconds) / 1e18
        // Delays 0.1, 0.2, then 0.4 s between tries: a handful of tries, however long the wait
        // really took on a loaded machine, and only the first events ever tried.
        #expect(Double(tries) <= 4 + elapsed / 0.4, "\(tries) tries while down in \(elapsed) s")
        #expect(Set(lms.ids).count <= 3, "events tried while down: \(Set(lms.ids).count)")
        lms.down.withLock { $0 = false }
        #expect(await eventually { rig.summary().handlers.first?.backlog == 0 })
    }

    /// `ordered` keeps strict receipt order: a failing event holds up the ones behind it.
    @Test func anOrderedHandlerKeepsStrictOrder() async throws {
        let lms = RecordingHandler(name: "lms", failTimes: 6)
        let rig = try EngineRig([lms], retry: RetryPolicy(initialDelay: 0.01, maxDelay: 0.02, jitter: 0), ordered: true)
        defer { rig.close() }
        var ids: [EventID] = []
        for n in 0..<4 { ids.append(await rig.accept(EngineRig.body(n))) }
        #expect(await eventually { ids.allSatisfy { rig.entry($0) == nil } })
        let delivered = lms.received.withLock { $0 }.suffix(4).map(\.id)
        #expect(delivered == ids)
        #expect(lms.received.withLock { $0 }.prefix(7).allSatisfy { $0.id == ids[0] })
    }

    /// Resolving marks a dead letter handled without delivering it.
    @Test func resolvingADeadLetterSettlesItWithoutDelivering() async throws {
        let lms = RecordingHandler(name: "lms", failTimes: 1, failure: HandlerFailure("HTTP 422", retryable: false))
        let rig = try EngineRig([lms])
        defer { rig.close() }
        let id = await rig.accept(EngineRig.body(1))
        #expect(await eventually { rig.summary().deadLetters == 1 })
        #expect(try rig.engine.resolve(EventSelection(source: .deadLetters), note: "fixed in the LMS by hand") == 1)
        #expect(rig.entry(id) == nil)
        #expect(rig.summary().deadLetters == 0)
        try await Task.sleep(for: .milliseconds(100))
        #expect(lms.count == 1)
    }

    /// Full dead letters refuse new events (503) instead of dropping a dead letter to make room.
    @Test func fullDeadLettersRefuseNewEvents() async throws {
        let lms = RecordingHandler(name: "lms", failTimes: 100, failure: HandlerFailure("HTTP 400", retryable: false))
        let rig = try EngineRig([lms], limits: StoreLimits(deadLetterMaxBytes: 100))
        defer { rig.close() }
        _ = await rig.accept(EngineRig.body(1))
        #expect(await eventually { rig.summary().deadLetters == 1 })
        #expect(await rig.post(EngineRig.body(2)) == .unavailable(.deadLettersFull))
        #expect(rig.intake.unavailability(rig.plan.limits) == .deadLettersFull)
        _ = try rig.engine.resolve(EventSelection(source: .deadLetters), note: Self.note)
        #expect(rig.intake.unavailability(rig.plan.limits) == nil)
    }

    /// Dead letters and quarantined events expire after their own retention.
    @Test func deadLettersAndQuarantineExpireAfterTheirRetention() async throws {
        let lms = RecordingHandler(name: "lms", failTimes: 100, failure: HandlerFailure("HTTP 400", retryable: false))
        let rig = try EngineRig([lms], limits: StoreLimits(deadLetterRetentionMilliseconds: 1000, quarantineRetentionMilliseconds: 1000))
        defer { rig.close() }
        _ = await rig.accept(EngineRig.body(1))
        _ = await rig.post(#"{"user": {"id": 7}}"#)
        #expect(await eventually { rig.summary().deadLetters == 1 && rig.summary().quarantined == 1 })
        rig.engine.maintain(now: Int64(Date().timeIntervalSince1970 * 1000) + 500)
        #expect(rig.summary().deadLetters == 1)
        rig.engine.maintain(now: Int64(Date().timeIntervalSince1970 * 1000) + 5000)
        #expect(rig.summary().deadLetters == 0)
        #expect(rig.summary().quarantined == 0)
        #expect(rig.summary().unsettledEvents == 0)
    }
}
