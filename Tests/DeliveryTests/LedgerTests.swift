import Foundation
import Testing
@testable import Delivery

/// The ledger is a value with no I/O: applying the journal's records in order gives the state,
/// applying a change again changes nothing, and a checkpoint brings it back whole.
@Suite struct LedgerTests {
    typealias F = JournalFixtures
    static let at = JournalPosition(segment: JournalSegment(sequence: 1), offset: 0)

    static func change(_ n: Int, _ handler: String?, _ sequence: UInt64, _ change: Transition.Change) -> Transition {
        Transition(id: EventID(rawValue: UInt64(1000 + n)), handler: handler, sequence: sequence, at: 1_700_000_000_000 + Int64(sequence), change: change)
    }

    @Test func aChangeAppliesOnlyOverAnOlderOne() {
        var ledger = Ledger()
        ledger.open(F.event(1), at: Self.at)
        let dead = Self.change(1, "log", 5, .dead(attempt: 4, reason: "HTTP 400", statusCode: 400))
        let olderRetry = Self.change(1, "log", 3, .retrying(attempt: 2, nextAt: 9, error: "HTTP 503", statusCode: 503))
        let first = ledger.apply(dead)
        let older = ledger.apply(olderRetry)
        let again = ledger.apply(dead)
        #expect(first)
        #expect(!older, "an older change read again after a checkpoint must not win")
        #expect(!again, "the same change again changes nothing")
        #expect(ledger[EventID(rawValue: 1001)]?.progress(for: "log")?.status == .dead)
        #expect(ledger.deadDeliveries == 1)
        #expect(ledger.deadBytes == F.event(1).body.count)
    }

    @Test func anEventSettlesWhenEveryHandlerIsFinishedAndIsForgotten() {
        var ledger = Ledger()
        ledger.open(F.event(1), at: Self.at)
        ledger.apply(Self.change(1, "log", 1, .delivered(attempt: 1, detail: "")))
        #expect(ledger[EventID(rawValue: 1001)] != nil)
        #expect(ledger.liveBySegment[Self.at.segment] == 1)
        ledger.apply(Self.change(1, "file", 2, .filteredOut))
        #expect(ledger[EventID(rawValue: 1001)] == nil)
        #expect(ledger.isFree(Self.at.segment))
    }

    @Test func retryBudgetStartsAgainAtAReplayWhileAttemptsGoOn() {
        var ledger = Ledger()
        ledger.open(F.event(1, handlers: ["lms"]), at: Self.at)
        ledger.apply(Self.change(1, "lms", 1, .dead(attempt: 7, reason: "gave up", statusCode: nil)))
        ledger.apply(Self.change(1, "lms", 2, .pending(note: "replayed")))
        let progress = ledger[EventID(rawValue: 1001)]!.progress(for: "lms")!
        #expect(progress.status == .pending)
        #expect(progress.attempts == 7)
        #expect(progress.budgetAttempts == 7)
        #expect(progress.budgetSince == 1_700_000_000_002)
        #expect(ledger.deadDeliveries == 0)
    }

    @Test func aQuarantinedEventIsHeldUntilReleased() {
        var ledger = Ledger()
        ledger.open(F.event(1, handlers: []), at: Self.at)
        ledger.apply(Self.change(1, nil, 1, .quarantined(reason: "user.id: expected a string")))
        #expect(ledger.quarantined == 1)
        ledger.apply(Self.change(1, "log", 2, .pending(note: "decoded on replay")))
        ledger.apply(Self.change(1, nil, 3, .released(note: "decoded on replay")))
        #expect(ledger.quarantined == 0)
        #expect(ledger[EventID(rawValue: 1001)]?.progress(for: "log")?.status == .pending)
    }

    /// A checkpoint holds every field of every unsettled event, and the de-duplication index.
    @Test func aCheckpointRoundTripsTheWholeState() throws {
        var ledger = Ledger()
        for n in 0..<20 {
            ledger.open(F.event(n), at: JournalPosition(segment: JournalSegment(sequence: UInt64(n / 5 + 1)), offset: n * 100))
            ledger.apply(Self.change(n, "log", UInt64(4 * n + 1), .retrying(attempt: n, nextAt: 1_700_000_009_000, error: "HTTP 503 ✗", statusCode: 503)))
            if n % 3 == 0 { ledger.apply(Self.change(n, "file", UInt64(4 * n + 2), .dead(attempt: 2, reason: "disk", statusCode: nil))) }
            if n % 4 == 0 { ledger.apply(Self.change(n, nil, UInt64(4 * n + 3), .quarantined(reason: "q\(n)"))) }
        }
        let index = DeduplicationIndex(windowSeconds: 3600)
        _ = index.claim(index.key(route: "/r", body: [1, 2]), now: 1000) { _ in }
        index.confirm(index.key(route: "/r", body: [1, 2]), id: EventID(rawValue: 77))
        let checkpoint = Checkpoint(position: JournalPosition(segment: JournalSegment(sequence: 4), offset: 1234), ledger: ledger, deduplication: index.snapshot(now: 1000))
        let directory = TestDirectory()
        defer { directory.remove() }
        try checkpoint.write(to: directory.path)
        let (read, problem) = Checkpoint.read(from: directory.path)
        #expect(problem == nil)
        let restored = try #require(read)
        #expect(restored.position == checkpoint.position)
        #expect(restored.ledger.entries == ledger.entries)
        #expect(restored.ledger.deadDeliveries == ledger.deadDeliveries)
        #expect(restored.ledger.quarantinedBytes == ledger.quarantinedBytes)
        #expect(restored.ledger.lastSequence == ledger.lastSequence)
        // The restored index recognises the body under the same key.
        let again = DeduplicationIndex(windowSeconds: 3600, hashKey: restored.deduplication.key)
        again.restore(restored.deduplication, now: 1000)
        guard case .duplicate(let original) = again.claim(again.key(route: "/r", body: [1, 2]), now: 1001, waiter: { _ in }) else {
            Issue.record("the restored index forgot the body")
            return
        }
        #expect(original == EventID(rawValue: 77))
    }

    /// A body re-sent while start-up was still reading the journal was accepted as new: when the
    /// journal yields the first copy, the newer one is named, to be settled as a duplicate.
    @Test func relearningAnOlderCopyNamesTheNewerDuplicate() {
        let index = DeduplicationIndex(windowSeconds: 3600)
        let key = index.key(route: "/r", body: [9])
        _ = index.claim(key, now: 2000) { _ in }
        index.confirm(key, id: EventID(rawValue: 500))
        #expect(index.remember(route: "/r", body: [9], id: EventID(rawValue: 100), receivedAt: 1500, now: 2000) == EventID(rawValue: 500))
        guard case .duplicate(let original) = index.claim(key, now: 2001, waiter: { _ in }) else {
            Issue.record("expected a duplicate")
            return
        }
        #expect(original == EventID(rawValue: 100))
        // Re-learning in order (older first) names nothing.
        let fresh = DeduplicationIndex(windowSeconds: 3600)
        #expect(fresh.remember(route: "/r", body: [9], id: EventID(rawValue: 100), receivedAt: 1500, now: 2000) == nil)
        #expect(fresh.remember(route: "/r", body: [9], id: EventID(rawValue: 200), receivedAt: 1600, now: 2000) == nil)
    }

    /// Dead letters and quarantined payloads an earlier version kept in files become part of
    /// the state, and the files are renamed.
    @Test func legacyArchivesAreImported() async throws {
        let lms = RecordingHandler(name: "lms")
        let rig = try EngineRig([lms])
        defer { rig.close() }
        let body = EngineRig.body(1).replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
        let file = rig.directory.path + "/dead-letters.jsonl"
        try """
            {"id":"0000000000000abc","receivedAt":1700000000000,"route":"/webhooks/attempt-completed","kind":"attempt.completed","handler":"lms","attempts":5,"error":"HTTP 500","archivedAt":1700000001000,"requestId":"r9","body":"\(body)"}
            not a line of an archive

            """.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try LegacyArchiveImport.run(file, into: rig.engine) == 1)
        #expect(FileManager.default.fileExists(atPath: file + ".imported"))
        #expect(!FileManager.default.fileExists(atPath: file))
        let entry = try #require(rig.entry(EventID(rawValue: 0xabc)))
        #expect(entry.progress(for: "lms")?.status == .dead)
        #expect(entry.progress(for: "lms")?.lastError == "HTTP 500")
        #expect(try rig.engine.record(at: entry.position).body == Array(EngineRig.body(1).utf8))
        _ = try rig.engine.replay(EventSelection(source: .deadLetters), note: "t")
        #expect(await eventually { lms.count == 1 })
    }
}
