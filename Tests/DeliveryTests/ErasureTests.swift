import Foundation
import SynapEvents
import SystemIO
import Testing
@testable import Delivery

/// Erasing a learner removes every event about them from the journal, the delivery state and
/// the index, leaves every other learner's events as they were, and completes when run again
/// after a crash at any step.
@Suite(.serialized) struct ErasureTests {
    static let ada = "learner-1@example.edu"

    /// Every byte of every file under `directory`.
    static func everything(under directory: String) -> [UInt8] {
        var bytes: [UInt8] = []
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let name = enumerator?.nextObject() as? String {
            let path = directory + "/" + name
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                bytes += (try? FileSystem.readFile(path)) ?? []
            }
        }
        return bytes
    }

    static func holds(_ text: String, in bytes: [UInt8]) -> Bool {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// Two learners, with delivered events, a dead letter and a quarantined payload each.
    static func twoLearners() async throws -> (EngineRig, RecordingHandler, lms: RecordingHandler) {
        let log = RecordingHandler(name: "log")
        let lms = RecordingHandler(name: "lms", poisoned: { String(decoding: $0.body, as: UTF8.self).contains("attempt-9") })
        let rig = try EngineRig([log, lms], retry: RetryPolicy(maxAttempts: 1), segmentBytes: 16 << 10)
        for learner in [1, 2] {
            for n in 0..<4 { _ = await rig.accept(EngineRig.body(learner * 10 + n, learner: learner)) }
            _ = await rig.accept(EngineRig.body(9, learner: learner).replacingOccurrences(of: "attempt-9", with: "attempt-9-\(learner)"))
            _ = await rig.post(#"{"user": {"id": 7, "email": "learner-\#(learner)@example.edu", "name": "Learner \#(learner)"}}"#)
        }
        #expect(await eventually { rig.summary().deadLetters == 2 && rig.summary().quarantined == 2 && rig.summary().unsettledEvents == 4 })
        return (rig, log, lms)
    }

    @Test func erasingALearnerLeavesNothingOfThemAndEverythingOfOthers() async throws {
        let (rig, _, _) = try await Self.twoLearners()
        defer { rig.close() }
        let dry = try rig.engine.erase(LearnerMatcher(Self.ada.uppercased()), dryRun: true)
        #expect(dry.events == 6)
        #expect(dry.deadLetters == 1 && dry.quarantined == 1)
        #expect(dry.deliveredBy["log"] == 5)
        #expect(rig.summary().deadLetters == 2, "a dry run changes nothing")
        let report = try rig.engine.erase(LearnerMatcher(Self.ada), dryRun: false)
        #expect(report.events == 6)
        #expect(report.emails == [Self.ada])
        rig.engine.index?.flush()
        let bytes = Self.everything(under: rig.journalDirectory)
        for trace in [Self.ada, "Learner 1", "attempt-10", "attempt-9-1"] { #expect(!Self.holds(trace, in: bytes), "\(trace) is still on disk") }
        for trace in ["learner-2@example.edu", "Learner 2", "attempt-20", "attempt-9-2"] { #expect(Self.holds(trace, in: bytes), "\(trace) was erased too") }
        #expect(rig.summary().deadLetters == 1 && rig.summary().quarantined == 1)
        #expect(rig.engine.events(EventQuery(text: Self.ada)).events.isEmpty)
        #expect(rig.engine.events(EventQuery(text: "learner-2@example.edu")).events.count == 5)
        // Erasing again finds nothing and succeeds; the other learner survives a restart whole.
        #expect(try rig.engine.erase(LearnerMatcher(Self.ada), dryRun: false).events == 0)
        for crash in [true, false] {
            try rig.restart(crash: crash)
            #expect(rig.summary().deadLetters == 1 && rig.summary().quarantined == 1)
            #expect(rig.engine.events(EventQuery(text: "learner-2@example.edu")).events.count == 5)
            #expect(rig.engine.events(EventQuery(text: Self.ada)).events.isEmpty)
            let dead = try #require(rig.engine.heldEntries(EventSelection(source: .deadLetters)).first)
            #expect(String(decoding: try rig.engine.record(at: dead.position).body, as: UTF8.self).contains("attempt-9-2"))
        }
    }

    /// Deliveries of the erased events that had not finished are cancelled.
    @Test func unfinishedDeliveriesAreCancelled() async throws {
        let slow = RecordingHandler(name: "slow", blocked: true)
        let rig = try EngineRig([slow])
        defer { rig.close() }
        for n in 0..<6 { _ = await rig.accept(EngineRig.body(n, learner: n % 2 + 1)) }
        let report = try rig.engine.erase(LearnerMatcher(Self.ada), dryRun: false)
        #expect(report.unfinishedCancelled >= 2)
        slow.release()
        #expect(await eventually { rig.summary().unsettledEvents == 0 })
        try await Task.sleep(for: .milliseconds(100))
        // At most the one in flight when the erasure ran reached the handler.
        #expect(slow.received.withLock { $0 }.filter { String(decoding: $0.body, as: UTF8.self).contains(Self.ada) }.count <= 1)
        #expect(slow.received.withLock { $0 }.filter { String(decoding: $0.body, as: UTF8.self).contains("learner-2@") }.count == 3)
    }

    /// A crash at any step of the rewrite (write, fsync, rename, directory fsync) leaves every
    /// segment whole, old or new; erasing again after the restart completes the erasure.
    @Test(arguments: ["write", "sync", "rename", "syncDirectory"])
    func aCrashAtAnyStepIsCompletedByTheNextErasure(step: String) async throws {
        let (rig, _, _) = try await Self.twoLearners()
        defer { rig.close() }
        let crashAt = FileFailpoints { fileStep in
            switch fileStep {
            case .write where step == "write", .sync where step == "sync", .rename where step == "rename",
                .syncDirectory where step == "syncDirectory":
                return .crash
            default:
                return .proceed
            }
        }
        #expect(throws: DeliveryEngine.OperationError.self) { try rig.engine.erase(LearnerMatcher(Self.ada), dryRun: false, failpoints: crashAt) }
        try rig.restart(crash: true)
        let reader = JournalReader(directory: rig.journalDirectory)
        for segment in try reader.segments() {
            guard case .complete = try reader.scan(segment, visit: { _, _ in }) else {
                Issue.record("\(segment.fileName) is torn after a crash at \(step)")
                continue
            }
        }
        _ = try rig.engine.erase(LearnerMatcher(Self.ada), dryRun: false)
        rig.engine.index?.flush()
        let bytes = Self.everything(under: rig.journalDirectory)
        #expect(!Self.holds(Self.ada, in: bytes))
        #expect(Self.holds("learner-2@example.edu", in: bytes))
        #expect(rig.summary().deadLetters == 1)
    }

    /// Export gives every stored event about the learner with who delivered it.
    @Test func exportGivesEveryEventAboutTheLearner() async throws {
        let (rig, _, _) = try await Self.twoLearners()
        defer { rig.close() }
        var found: [(EventRecord, [Transition])] = []
        let count = try rig.engine.export(LearnerMatcher(Self.ada)) { found.append(($0, $1)) }
        #expect(count == 6)
        #expect(found.allSatisfy { String(decoding: $0.0.body, as: UTF8.self).contains(Self.ada) })
        #expect(found.first?.1.contains { $0.handler == "log" && $0.status == .delivered } == true)
    }
}
