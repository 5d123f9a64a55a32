import Foundation
import Synchronization
import SynapEvents
import Testing
@testable import Delivery

@Suite struct DispatcherTests {
    /// A journal, archives and dispatcher in a temporary directory.
    struct Rig {
        let directory = TestDirectory()
        let journal: Journal
        let deadLetters: EventArchive
        let quarantine: EventArchive
        let dispatcher: Dispatcher

        init(_ handlers: [RecordingHandler], retry: RetryPolicy = RetryPolicy(initialDelay: 0.01, maxDelay: 0.05), filters: [String: [String: any EventFilter]] = [:], memoryBudget: Int = 4 << 20, recovery: ((Journal) throws -> Void)? = nil) throws {
            var (journal, recovered) = try Journal.open(directory: directory.path + "/journal")
            if let recovery {
                try recovery(journal)
                journal.close()
                (journal, recovered) = try Journal.open(directory: directory.path + "/journal")
            }
            self.journal = journal
            deadLetters = try EventArchive(path: directory.path + "/dead-letters.jsonl")
            quarantine = try EventArchive(path: directory.path + "/quarantine.jsonl")
            var plan = DispatchPlan(filters: filters)
            for handler in handlers { plan.handlers[handler.name] = HandlerSettings(handler: handler, retry: retry) }
            dispatcher = Dispatcher(journal: journal, deadLetters: deadLetters, quarantine: quarantine, plan: plan, memoryBudget: memoryBudget) { _ in }
            dispatcher.recover(recovered)
        }

        func submit(_ body: String, kind: String = "attempt.completed", handlers: [String], id: UInt64 = 1) -> EventRecord {
            let record = EventRecord(
                id: EventID(rawValue: id), receivedAt: Int64(Date().timeIntervalSince1970 * 1000), route: "/webhooks/a", kind: kind,
                handlers: handlers, requestID: "r", contentType: "application/json", body: Array(body.utf8))
            journal.append(.event(record)) { result in
                if case .success(let position) = result { dispatcher.submit(record, at: position) }
            }
            return record
        }

        /// The acks in the journal, read back from disk.
        func acks() throws -> [AckRecord] {
            journal.waitUntilFlushed()
            let (other, recovery) = try Journal.open(directory: directory.path + "/journal")
            other.close()
            return recovery.records.compactMap { if case .ack(let ack) = $0.record { ack } else { nil } }
        }

        func close() {
            journal.close()
            directory.remove()
        }
    }

    static let sample = SampleEvents.body(for: .attemptCompleted)

    @Test func everyHandlerGetsTheDecodedEventAndItsAckIsJournaled() async throws {
        let log = RecordingHandler(name: "log"), file = RecordingHandler(name: "file")
        let rig = try Rig([log, file])
        defer { rig.close() }
        _ = rig.submit(Self.sample, handlers: ["log", "file"])
        #expect(await eventually { log.count == 1 && file.count == 1 })
        let delivery = try #require(log.received.withLock { $0.first })
        #expect(delivery.kind == .attemptCompleted)
        #expect(delivery.kindRule == "route")
        #expect(delivery.body == Array(Self.sample.utf8))
        #expect(!delivery.isRedelivery)
        #expect(await eventually { (try? rig.acks().count) == 2 })
        #expect(Set(try rig.acks().map(\.handler)) == ["log", "file"])
        #expect(try rig.acks().allSatisfy { $0.outcome == .delivered })
    }

    @Test func aFailingHandlerIsRetriedWithBackoffUntilItSucceeds() async throws {
        let flaky = RecordingHandler(name: "forward", failTimes: 2)
        let rig = try Rig([flaky])
        defer { rig.close() }
        _ = rig.submit(Self.sample, handlers: ["forward"])
        #expect(await eventually { flaky.count == 3 })
        #expect(flaky.attempts == [1, 2, 3])
        #expect(await eventually { (try? rig.acks().first?.outcome) == .delivered })
        #expect(rig.deadLetters.entryCountNow == 0)
    }

    @Test func aPermanentFailureGoesStraightToTheDeadLetters() async throws {
        let refusing = RecordingHandler(name: "forward", failTimes: 100, failure: HandlerFailure("HTTP 422 from LMS", retryable: false))
        let rig = try Rig([refusing])
        defer { rig.close() }
        let record = rig.submit(Self.sample, handlers: ["forward"])
        #expect(await eventually { rig.deadLetters.entryCountNow == 1 })
        #expect(refusing.count == 1)
        let entry = try #require(try EventArchive.entries(path: rig.deadLetters.path).first)
        #expect(entry.id == record.id)
        #expect(entry.handler == "forward")
        #expect(entry.error == "HTTP 422 from LMS")
        #expect(entry.body == record.body)
        #expect(await eventually { (try? rig.acks().first?.outcome) == .deadLettered })
    }

    @Test func retriesStopAtMaxAttempts() async throws {
        let broken = RecordingHandler(name: "exec", failTimes: 100)
        let rig = try Rig([broken], retry: RetryPolicy(maxAttempts: 3, initialDelay: 0.01, maxDelay: 0.02))
        defer { rig.close() }
        _ = rig.submit(Self.sample, handlers: ["exec"])
        #expect(await eventually { rig.deadLetters.entryCountNow == 1 })
        #expect(broken.attempts == [1, 2, 3])
        // Having given up, the handler is not reported stuck (that would fail /readyz for good).
        #expect(await eventually { rig.dispatcher.status().handlers.first { $0.name == "exec" }?.stuckSeconds == 0 })
    }

    @Test func aSlowHandlerDoesNotHoldUpAnother() async throws {
        let slow = RecordingHandler(name: "slow", blocked: true)
        let fast = RecordingHandler(name: "fast")
        let rig = try Rig([slow, fast])
        defer { rig.close() }
        for n in 1...5 { _ = rig.submit(Self.sample, handlers: ["slow", "fast"], id: UInt64(n)) }
        #expect(await eventually(timeout: 10) { fast.count == 5 })
        #expect(slow.count == 0)
        #expect(rig.dispatcher.status().handlers.first { $0.name == "slow" }?.backlog == 5)
        slow.release()
        #expect(await eventually(timeout: 10) { slow.count == 5 })
    }

    @Test func aDriftedPayloadIsQuarantinedWithItsFieldPath() async throws {
        let log = RecordingHandler(name: "log")
        let rig = try Rig([log])
        defer { rig.close() }
        let drifted = Self.sample.replacingOccurrences(of: "\"title\": \"Number Theory", with: "\"title\": 42, \"was\": \"Number Theory")
        #expect(drifted != Self.sample)
        _ = rig.submit(drifted, handlers: ["log"])
        #expect(await eventually { rig.quarantine.entryCountNow == 1 })
        let entry = try #require(try EventArchive.entries(path: rig.quarantine.path).first)
        #expect(entry.error.hasPrefix("test.title:"))
        #expect(entry.body == Array(drifted.utf8))
        #expect(log.count == 0)
        #expect(await eventually { (try? rig.acks().first?.outcome) == .quarantined })
    }

    @Test func autoRoutesTakeTheKindFromMetaEventName() async throws {
        let log = RecordingHandler(name: "log")
        let rig = try Rig([log])
        defer { rig.close() }
        _ = rig.submit(SampleEvents.body(for: .examStarted), kind: "auto", handlers: ["log"])
        #expect(await eventually { log.count == 1 })
        #expect(log.received.withLock { $0.first?.kind } == .examStarted)
        #expect(log.received.withLock { $0.first?.kindRule } == "meta.eventName")
    }

    struct RejectAll: EventFilter {
        func matches(_ delivery: Delivery) -> Bool { false }
    }

    @Test func aFilterThatDoesNotMatchSkipsTheHandlerAndAcksIt() async throws {
        let log = RecordingHandler(name: "log"), file = RecordingHandler(name: "file")
        let rig = try Rig([log, file], filters: ["/webhooks/a": ["file": RejectAll()]])
        defer { rig.close() }
        _ = rig.submit(Self.sample, handlers: ["log", "file"])
        #expect(await eventually { (try? rig.acks().count) == 2 })
        #expect(log.count == 1)
        #expect(file.count == 0)
        #expect(try rig.acks().first { $0.handler == "file" }?.outcome == .filteredOut)
    }

    /// After a restart, only the handlers that had not finished get the event, marked as a redelivery.
    @Test func recoveryResumesOnlyUnfinishedHandlers() async throws {
        let log = RecordingHandler(name: "log"), file = RecordingHandler(name: "file")
        let body = Array(Self.sample.utf8)
        let rig = try Rig([log, file]) { journal in
            let record = EventRecord(id: EventID(rawValue: 7), receivedAt: Int64(Date().timeIntervalSince1970 * 1000), route: "/webhooks/a", kind: "attempt.completed", handlers: ["log", "file"], requestID: "r", contentType: "", body: body)
            let wait = DispatchSemaphore(value: 0)
            journal.append(.event(record)) { _ in wait.signal() }
            wait.wait()
            journal.append(.ack(AckRecord(id: record.id, handler: "log", outcome: .delivered))) { _ in wait.signal() }
            wait.wait()
        }
        defer { rig.close() }
        #expect(await eventually { file.count == 1 })
        try await Task.sleep(for: .milliseconds(100))
        #expect(log.count == 0)
        #expect(file.received.withLock { $0.first?.isRedelivery } == true)
        #expect(file.received.withLock { $0.first?.id } == EventID(rawValue: 7))
    }

    /// A backlog past the memory limit waits in the journal and is read back, in order, intact.
    @Test func aLongBacklogWaitsOnDiskNotInMemory() async throws {
        let stuck = RecordingHandler(name: "forward", blocked: true)
        // Room for three bodies in memory.
        let rig = try Rig([stuck], memoryBudget: 3 * Self.sample.utf8.count * HandlerWorker.decodedSizeFactor + 100)
        defer { rig.close() }
        var bodies: [String] = []
        for n in 1...40 {
            let body = Self.sample.replacingOccurrences(of: "\"score\": 17", with: "\"score\": \(n)")
            bodies.append(body)
            _ = rig.submit(body, handlers: ["forward"], id: UInt64(n))
        }
        #expect(await eventually { rig.dispatcher.status().handlers.first?.backlog == 40 })
        let status = try #require(rig.dispatcher.status().handlers.first)
        #expect(status.inMemory <= 3)
        stuck.release()
        #expect(await eventually(timeout: 20) { stuck.count == 40 })
        let received = stuck.received.withLock { $0 }
        #expect(received.map(\.id.rawValue) == Array(1...40))
        #expect(received.map { String(decoding: $0.body, as: UTF8.self) } == bodies)
        #expect(received.map { $0.summary.score } == (1...40).map(Double.init))
    }

    /// With no memory to spare, events wait undecoded; a drifted one is still quarantined
    /// exactly once when its turn comes, even with two handlers reading it back.
    @Test func anEventDecodedOnlyAtItsTurnIsStillQuarantinedOnce() async throws {
        let log = RecordingHandler(name: "log"), file = RecordingHandler(name: "file")
        let rig = try Rig([log, file], memoryBudget: 1)
        defer { rig.close() }
        let drifted = Self.sample.replacingOccurrences(of: "\"title\": \"Number Theory", with: "\"title\": 42, \"was\": \"Number Theory")
        _ = rig.submit(drifted, handlers: ["log", "file"], id: 1)
        _ = rig.submit(Self.sample, handlers: ["log", "file"], id: 2)
        #expect(await eventually { log.count == 1 && file.count == 1 })
        #expect(await eventually { rig.quarantine.entryCountNow == 1 })
        try await Task.sleep(for: .milliseconds(100))
        #expect(rig.quarantine.entryCountNow == 1)
        #expect(log.received.withLock { $0.first?.id } == EventID(rawValue: 2))
    }
}
