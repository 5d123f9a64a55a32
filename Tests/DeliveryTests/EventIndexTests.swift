import Foundation
import Synchronization
import SynapEvents
import Testing
@testable import Delivery

/// The console's index: every event listed newest first with its handlers' states, found by its
/// learner's email, name or id, or its attempt id, paged stably, with its whole timeline, and
/// the same after a restart or a crash.
@Suite(.serialized) struct EventIndexTests {
    @Test func eventsAreListedNewestFirstAndFoundByTheirLearner() async throws {
        let log = RecordingHandler(name: "log")
        let rig = try EngineRig([log])
        defer { rig.close() }
        var ids: [EventID] = []
        for n in 0..<30 { ids.append(await rig.accept(EngineRig.body(n, learner: n % 10))) }
        #expect(await eventually { ids.allSatisfy { rig.entry($0) == nil } })
        let all = rig.engine.events(EventQuery(limit: 100))
        #expect(all.events.map(\.entry.id) == ids.reversed())
        #expect(all.events.allSatisfy { $0.handlers.map(\.status) == ["delivered"] })
        for text in ["learner-3@example.edu", "  LEARNER-3@Example.edu ", "Learner 3"] {
            let found = rig.engine.events(EventQuery(text: text))
            #expect(found.events.map(\.entry.id) == [ids[23], ids[13], ids[3]], "searching \(text)")
        }
        #expect(rig.engine.events(EventQuery(text: "attempt-7")).events.map(\.entry.id) == [ids[7]])
        #expect(rig.engine.events(EventQuery(text: ids[5].description)).events.map(\.entry.id) == [ids[5]])
        #expect(rig.engine.events(EventQuery(text: "nobody@example.edu")).events.isEmpty)
        let first = try #require(rig.engine.events(EventQuery(limit: 7)).events.first?.entry)
        #expect(first.learnerEmail == "learner-9@example.edu")
        #expect(first.title != nil)
    }

    /// Search terms are trimmed of white space at both ends, whatever it is (the quick check
    /// for plain ends must not skip any).
    @Test(arguments: ["ada@example.edu", " ada ", "\tada\n", "ada\u{A0}", "\u{2003}ada", "a", " ", "", "Zoë", "é ", " é", "\r\nada"])
    func searchTermsAreTrimmedOfWhiteSpace(text: String) {
        var reference = Substring(text)
        while let first = reference.first, first.isWhitespace { reference.removeFirst() }
        while let last = reference.last, last.isWhitespace { reference.removeLast() }
        #expect(text.trimmingCharacters() == String(reference))
    }

    /// An entry lists each token once, ascending, however often its terms repeat (a user id
    /// that is also the attempt id), as the `Set` it replaced did.
    @Test(arguments: [[], [7], [3, 1, 3, 2, 1], [5, 5, 5, 5], [1, 2, 3, 4], [UInt64.max, 0, UInt64.max]] as [[UInt64]])
    func tokensAreListedOnceAscending(tokens: [UInt64]) {
        #expect(EventIndex.sortedUnique(tokens) == Array(Set(tokens)).sorted())
    }

    /// Pages stay stable while events keep arriving: the next page starts after the last id seen.
    @Test func pagesAreStableWhileEventsArrive() async throws {
        let rig = try EngineRig([RecordingHandler(name: "log")])
        defer { rig.close() }
        var ids: [EventID] = []
        for n in 0..<25 { ids.append(await rig.accept(EngineRig.body(n))) }
        let page1 = rig.engine.events(EventQuery(limit: 10))
        for n in 25..<40 { _ = await rig.accept(EngineRig.body(n)) }
        let page2 = rig.engine.events(EventQuery(before: page1.next, limit: 10))
        let page3 = rig.engine.events(EventQuery(before: page2.next, limit: 10))
        #expect((page1.events + page2.events + page3.events).map(\.entry.id) == ids.reversed())
        #expect(page3.next == nil)
    }

    @Test func stateFiltersSeeLiveAndSettledEvents() async throws {
        let lms = RecordingHandler(name: "lms", poisoned: { String(decoding: $0.body, as: UTF8.self).contains("attempt-1\"") })
        let rig = try EngineRig([lms], retry: RetryPolicy(maxAttempts: 1))
        defer { rig.close() }
        let ok = await rig.accept(EngineRig.body(0))
        let dead = await rig.accept(EngineRig.body(1))
        _ = await rig.post(#"{"user": {"id": 7}}"#)
        #expect(await eventually { rig.summary().deadLetters == 1 && rig.entry(ok) == nil })
        #expect(rig.engine.events(EventQuery(state: "dead")).events.map(\.entry.id) == [dead])
        #expect(rig.engine.events(EventQuery(state: "delivered")).events.map(\.entry.id) == [ok])
        #expect(rig.engine.events(EventQuery(state: "quarantined")).events.count == 1)
        #expect(rig.engine.events(EventQuery(handler: "lms")).events.count == 2)
        #expect(rig.engine.events(EventQuery(state: "dead", handler: "lms")).events.map(\.entry.id) == [dead])
        #expect(rig.engine.events(EventQuery(state: "delivered", handler: "lms")).events.map(\.entry.id) == [ok])
    }

    /// An event's timeline holds every try, with its outcome, status code and error.
    @Test func theTimelineHoldsEveryTry() async throws {
        let lms = RecordingHandler(name: "lms", failTimes: 2, failure: HandlerFailure("HTTP 503: busy", statusCode: 503))
        let rig = try EngineRig([lms])
        defer { rig.close() }
        let id = await rig.accept(EngineRig.body(1))
        #expect(await eventually { rig.entry(id) == nil })
        let found = try #require(rig.engine.event(id))
        #expect(found.record.body == Array(EngineRig.body(1).utf8))
        #expect(found.timeline.map(\.what) == ["retrying", "retrying", "delivered"])
        #expect(found.timeline.map(\.attempt) == [1, 2, 3])
        #expect(found.timeline.first?.statusCode == 503)
        #expect(found.timeline.first?.detail == "HTTP 503: busy")
    }

    /// The index is on disk: after a clean stop or a crash (its file for the segment written
    /// last cut short, or gone), the same events are found.
    @Test(arguments: ["clean", "crash", "lost"])
    func theIndexSurvivesARestart(how: String) async throws {
        let rig = try EngineRig([RecordingHandler(name: "log")], segmentBytes: 64 << 10)
        defer { rig.close() }
        var ids: [EventID] = []
        for n in 0..<60 { ids.append(await rig.accept(EngineRig.body(n, learner: n % 6))) }
        #expect(await eventually { ids.allSatisfy { rig.entry($0) == nil } })
        let before = rig.engine.events(EventQuery(text: "learner-2@example.edu", limit: 100))
        #expect(before.events.count == 10)
        rig.stop(crash: how != "clean")
        if how == "lost" {
            // The newest index files go missing: start-up rebuilds them from the journal.
            let index = EventIndex(directory: rig.journalDirectory, key: [])
            for segment in index.indexedSegments().suffix(2) { try FileManager.default.removeItem(atPath: index.path(of: segment)) }
        }
        try rig.start()
        let after = rig.engine.events(EventQuery(text: "learner-2@example.edu", limit: 100))
        #expect(after.events.map(\.entry.id) == before.events.map(\.entry.id))
        #expect(after.events.allSatisfy { $0.handlers.map(\.status) == ["delivered"] })
    }
}
