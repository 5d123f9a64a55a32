import Foundation
import Synchronization
import SynapEvents
import Testing
@testable import Delivery

/// The delivery state survives restarts, clean or not: attempt counters continue, dead stays
/// dead, delivered stays delivered, and a checkpoint keeps start-up short.
@Suite(.serialized) struct RecoveryTests {
    @Test func attemptCountersContinueAcrossARestart() async throws {
        let lms = RecordingHandler(name: "lms")
        lms.down.withLock { $0 = true }
        let rig = try EngineRig([lms], retry: RetryPolicy(initialDelay: 0.01, maxDelay: 0.02, jitter: 0))
        defer { rig.close() }
        let id = await rig.accept(EngineRig.body(1))
        #expect(await eventually { (rig.entry(id)?.progress(for: "lms")?.attempts ?? 0) >= 3 })
        let before = rig.entry(id)!.progress(for: "lms")!.attempts
        let after = RecordingHandler(name: "lms")
        try rig.restart(crash: true, handlers: [after])
        #expect(await eventually { after.count == 1 })
        #expect(after.attempts.first! > before - 1, "the first try after the restart is \(after.attempts), before it \(before)")
        #expect(after.received.withLock { $0.first?.isRedelivery } == true)
    }

    @Test(arguments: [false, true])
    func deadStaysDeadAndDeliveredStaysDelivered(crash: Bool) async throws {
        let log = RecordingHandler(name: "log")
        let lms = RecordingHandler(name: "lms", failTimes: 100, failure: HandlerFailure("HTTP 400", retryable: false))
        let rig = try EngineRig([log, lms])
        defer { rig.close() }
        let id = await rig.accept(EngineRig.body(1))
        #expect(await eventually { rig.entry(id)?.progress(for: "lms")?.status == .dead && rig.entry(id)?.progress(for: "log")?.status == .delivered })
        let log2 = RecordingHandler(name: "log"), lms2 = RecordingHandler(name: "lms")
        try rig.restart(crash: crash, handlers: [log2, lms2])
        try await Task.sleep(for: .milliseconds(200))
        #expect(log2.count == 0)
        #expect(lms2.count == 0)
        #expect(rig.entry(id)?.progress(for: "lms")?.status == .dead)
        #expect(rig.summary().deadLetters == 1)
    }

    /// With a checkpoint, start-up reads only the journal written after it, and finds the
    /// same state as reading everything.
    @Test func aCheckpointShortensStartUpAndGivesTheSameState() async throws {
        let lms = RecordingHandler(name: "lms", failTimes: 1000, failure: HandlerFailure("HTTP 400", retryable: false))
        let rig = try EngineRig([lms])
        defer { rig.close() }
        for n in 0..<50 { _ = await rig.accept(EngineRig.body(n)) }
        #expect(await eventually { rig.summary().deadLetters == 50 })
        try rig.restart()
        let withCheckpoint = rig.summary()
        #expect(rig.lastRecovery?.readsWholeJournal == false)
        let reader = JournalReader(directory: rig.journalDirectory)
        let (checkpoint, _) = Checkpoint.read(from: rig.journalDirectory)
        let tail = LedgerRecovery.read(reader, segments: try reader.segments(), checkpoint: checkpoint, repair: false)
        // The checkpoint's position is the start of the last event it reflects: at most that one is read again.
        #expect(tail.eventsRead <= 1, "\(tail.eventsRead) events read after the checkpoint")
        let whole = LedgerRecovery.read(reader, segments: try reader.segments(), checkpoint: nil, repair: false)
        #expect(whole.eventsRead == 50)
        #expect(LedgerSummary(whole.ledger, handlers: ["lms"]) == withCheckpoint)
        #expect(Set(whole.ledger.entries.keys) == Set(checkpoint!.ledger.entries.keys))
    }

    /// A damaged checkpoint is ignored: the whole journal is read instead.
    @Test func aDamagedCheckpointIsIgnored() async throws {
        let lms = RecordingHandler(name: "lms", failTimes: 1000, failure: HandlerFailure("HTTP 400", retryable: false))
        let rig = try EngineRig([lms])
        defer { rig.close() }
        for n in 0..<5 { _ = await rig.accept(EngineRig.body(n)) }
        #expect(await eventually { rig.summary().deadLetters == 5 })
        rig.stop()
        let path = rig.journalDirectory + "/" + Checkpoint.fileName
        var bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        bytes[bytes.count / 2] ^= 0x55
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        try rig.start()
        #expect(rig.lastRecovery?.readsWholeJournal == true)
        #expect(rig.summary().deadLetters == 5)
    }

    /// A dead letter keeps its body after its journal segment's retention has passed: it is
    /// carried forward with its state, and survives a restart as a dead letter.
    @Test func aDeadLetterOutlivesItsSegmentsRetention() async throws {
        let lms = RecordingHandler(name: "lms", failTimes: 1000, failure: HandlerFailure("HTTP 400", retryable: false))
        let rig = try EngineRig([lms], limits: StoreLimits(journalRetentionMilliseconds: 1), segmentBytes: 4096)
        defer { rig.close() }
        let dead = await rig.accept(EngineRig.body(0))
        #expect(await eventually { rig.summary().deadLetters == 1 })
        for n in 1..<10 { _ = await rig.accept(EngineRig.body(n)) }
        #expect(await eventually { rig.summary().deadLetters == 10 })
        try rig.engine.journal.roll()
        let firstSegment = try JournalReader(directory: rig.journalDirectory).segments().first!
        rig.engine.maintain(now: Int64(Date().timeIntervalSince1970 * 1000) + 10_000)
        #expect(!(try JournalReader(directory: rig.journalDirectory).segments().contains(firstSegment)), "the old segment is deleted")
        #expect(rig.summary().deadLetters == 10)
        #expect(try rig.engine.record(at: rig.entry(dead)!.position).body == Array(EngineRig.body(0).utf8))
        try rig.restart(crash: true)
        #expect(rig.entry(dead)?.progress(for: "lms")?.status == .dead)
        #expect(try rig.engine.record(at: rig.entry(dead)!.position).body == Array(EngineRig.body(0).utf8))
        // Without the checkpoint too: the state was restated with the copy.
        rig.stop()
        Checkpoint.remove(from: rig.journalDirectory)
        try rig.start()
        #expect(rig.entry(dead)?.progress(for: "lms")?.status == .dead)
        #expect(rig.summary().deadLetters == 10)
    }

    /// Settled segments past their retention are deleted; the current one never is.
    @Test func settledSegmentsGoAfterTheirRetention() async throws {
        let log = RecordingHandler(name: "log")
        let rig = try EngineRig([log], limits: StoreLimits(journalRetentionMilliseconds: 1), segmentBytes: 4096)
        defer { rig.close() }
        var ids: [EventID] = []
        for n in 0..<10 { ids.append(await rig.accept(EngineRig.body(n))) }
        #expect(await eventually { ids.allSatisfy { rig.entry($0) == nil } })
        rig.engine.journal.waitUntilFlushed()
        let before = try JournalReader(directory: rig.journalDirectory).segments().count
        rig.engine.maintain(now: Int64(Date().timeIntervalSince1970 * 1000) + 10_000)
        let after = try JournalReader(directory: rig.journalDirectory).segments()
        #expect(before > 1)
        #expect(after == [rig.engine.journal.currentSegment])
    }
}
