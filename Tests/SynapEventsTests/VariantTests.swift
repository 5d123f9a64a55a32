import Foundation
import SynapEvents
import Testing

/// Bodies that differ from the samples the way Synap's payloads drift, and still decode.
@Suite("Tolerated variants")
struct VariantTests {
    @Test("unknown members everywhere are ignored", arguments: EventKind.allCases)
    func unknownFields(kind: EventKind) throws {
        let body = try TestSupport.text(
            TestSupport.addingUnknownFields(try TestSupport.tree(SampleEvents.body(for: kind))))
        #expect(body.contains("unexpectedField"))
        #expect(try TestSupport.decode(kind, body).summary == ExpectedSummaries.forSample(kind))
    }

    @Test("integers written as floats decode", arguments: EventKind.allCases)
    func integersAsFloats(kind: EventKind) throws {
        let body = TestSupport.serialise(try TestSupport.tree(SampleEvents.body(for: kind)), numbers: .integralAsFloat)
        #expect(try TestSupport.decode(kind, body).summary == ExpectedSummaries.forSample(kind))
    }

    @Test("numbers in exponent notation decode", arguments: EventKind.allCases)
    func exponentNotation(kind: EventKind) throws {
        let body = TestSupport.serialise(try TestSupport.tree(SampleEvents.body(for: kind)), numbers: .exponent)
        let summary = try TestSupport.decode(kind, body).summary
        let expected = ExpectedSummaries.forSample(kind)
        #expect(summary.attemptId == expected.attemptId)
        #expect(summary.score.map { ($0 * 1e6).rounded() } == expected.score.map { ($0 * 1e6).rounded() })
        #expect(summary.scoreFrac.map { ($0 * 1e6).rounded() } == expected.scoreFrac.map { ($0 * 1e6).rounded() })
    }

    @Test func fractionalWhereIntegersAreTypical() throws {
        var body = SampleEvents.body(for: .attemptCompleted)
        body = try TestSupport.setting("score", to: .number(17.5), in: body)
        body = try TestSupport.setting("scoreFrac", to: .number(1), in: body)
        body = try TestSupport.setting("attempt.totalQuestions", to: .number(20.5), in: body)
        let event = try TestSupport.model(AttemptCompleted.self, body)
        #expect(event.summary.score == 17.5)
        #expect(event.summary.scoreFrac == 1)
        #expect(event.attempt.totalQuestions == 20.5)
    }

    @Test func topLevelScoreMissingFallsBackToAttemptScore() throws {
        var body = try TestSupport.removing("score", from: SampleEvents.body(for: .attemptCompleted))
        body = try TestSupport.removing("scoreFrac", from: body)
        body = try TestSupport.setting("attempt.score", to: .number(16), in: body)
        let summary = try TestSupport.decode(.attemptCompleted, body).summary
        #expect(summary.score == 16)
        #expect(summary.scoreFrac == 0.85)
    }

    @Test func occurredAtFallsBackWhenMetaIsAbsent() throws {
        let completed = try TestSupport.removing("meta", from: SampleEvents.body(for: .attemptCompleted))
        #expect(try TestSupport.decode(.attemptCompleted, completed).summary.occurredAt == "2024-06-25T11:15:14.903Z")
        let started = try TestSupport.removing("meta", from: SampleEvents.body(for: .examStarted))
        #expect(try TestSupport.decode(.examStarted, started).summary.occurredAt == "2024-06-28T09:00:11.904Z")
        let group = try TestSupport.removing("meta", from: SampleEvents.body(for: .userAddedToGroup))
        #expect(try TestSupport.decode(.userAddedToGroup, group).summary.occurredAt == "2024-06-21T08:15:29.870Z")
        let released = try TestSupport.removing("meta", from: SampleEvents.body(for: .examResultsReleased))
        #expect(try TestSupport.decode(.examResultsReleased, released).summary.occurredAt == "2024-07-05T08:00:00.000Z")
    }

    // MARK: Fixture files

    @Test func examAttemptOnTheAttemptRoute() throws {
        let body = try TestSupport.fixture("attempt-completed.exam-attempt.json")
        let event = try TestSupport.model(AttemptCompleted.self, body)
        #expect(
            event.summary
                == EventSummary(
                    kind: .attemptCompleted, attemptId: "Xa7Tq2LmN9p", userId: "7dNGUkKit2O",
                    userEmail: "ada@example.edu",
                    userName: "Ada Lovelace", testTitle: "Further Mathematics Paper 1: Pure", score: 57, scoreFrac: 1,
                    occurredAt: "2024-07-01T15:05:44.129+01:00"))
        #expect(event.attempt.isExam == true)
        #expect(event.certificate == nil)
        #expect(event.attempt.tags == nil)
        #expect(event.attempt.marks == Marks(points: 57, maxPoints: 80))
        #expect(event.attempt.state?.responseQuestionMap == [])
        #expect(event.attempt.state?.results?.markingStatus == "completed")
        #expect(event.user.customAttributes == [:])
        #expect(event.meta?.timestamp?.date == Date(timeIntervalSince1970: 1_719_842_744.129))
    }

    @Test func flagWithIdsNamedId() throws {
        let body = try TestSupport.fixture("flag-planted.ids-named-id.json")
        let flag = try TestSupport.model(FlagPlanted.self, body)
        #expect(flag.objectId == "Fl4gQ7vB2n")
        #expect(flag.question.id == "q6Ws3KvB8d")
        #expect(flag.question.url == nil)
        #expect(flag.test?.id == "T5nB8vQe3Zr")
        #expect(flag.comment == nil)
        #expect(flag.createdAt?.raw == "2024-06-25 10:47:22")
        #expect(flag.createdAt?.date == nil)
        #expect(flag.summary.occurredAt == "2024-06-25 10:47:22")
        #expect(flag.summary.userId == "7dNGUkKit2O")
    }

    @Test func overrideRevertWithoutExam() throws {
        let body = try TestSupport.fixture("attempt-override.revert.json")
        let event = try TestSupport.model(AttemptOverrideCreated.self, body)
        #expect(event.actionType == "revert")
        #expect(event.exam == nil)
        #expect(event.credits == nil)
        #expect(event.score == ValueChangeExpectation.revert)
        #expect(
            event.summary
                == EventSummary(
                    kind: .attemptOverrideCreated, attemptId: "Xa7Tq2LmN9p", userId: "7dNGUkKit2O",
                    userEmail: "ada@example.edu", userName: "Ada Lovelace", score: 62.5,
                    occurredAt: "2024-07-03T12:00:00.000Z"))
        #expect(
            EventKindDetector.detect(Array(body.utf8))
                == KindDetection(kind: .attemptOverrideCreated, rule: .metaEventName))
    }

    @Test func userRegisteredWithoutPreviousValues() throws {
        let body = try TestSupport.fixture("user-registered.minimal.json")
        let user = try TestSupport.model(UserRegistered.self, body)
        #expect(user.previousValues == nil)
        #expect(user.preferences == nil)
        #expect(user.usergroups == [])
        #expect(
            user.summary
                == EventSummary(
                    kind: .userRegistered, userId: "Gh1906Navy", userEmail: "grace@example.edu",
                    userName: "Grace Hopper",
                    occurredAt: "2024-06-20T16:42:09.331Z"))
        #expect(EventKindDetector.detect(Array(body.utf8)) == KindDetection(kind: .userRegistered, rule: .payloadShape))
    }
}

/// Expected value changes in the override fixtures.
enum ValueChangeExpectation {
    static let revert: ValueChange? = {
        let json = #"{ "oldValue": 71, "newValue": 62.5, "isOriginal": true }"#
        return try? JSONDecoder().decode(ValueChange.self, from: Data(json.utf8))
    }()
}
