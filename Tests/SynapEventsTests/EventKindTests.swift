import Foundation
import SynapEvents
import Testing

@Suite("EventKind")
struct EventKindTests {
    static let table: [(EventKind, String, String, String, Bool)] = [
        (.attemptStarted, "attempt.started", "Attempt Started", "/webhooks/attempt-started", true),
        (.attemptSubmitted, "attempt.submitted", "Attempt Submitted", "/webhooks/attempt-submitted", false),
        (.attemptCompleted, "attempt.completed", "Attempt Completed", "/webhooks/attempt-completed", false),
        (
            .attemptOverrideCreated, "attemptOverride.created", "Attempt Override Created",
            "/webhooks/attempt-override-created", true
        ),
        (.examStarted, "exam.started", "Exam Started", "/webhooks/exam-started", true),
        (.examSubmitted, "exam.submitted", "Exam Submitted", "/webhooks/exam-submitted", false),
        (.examCompleted, "exam.completed", "Exam Completed", "/webhooks/exam-completed", false),
        (
            .examResultsReleased, "exam.resultsReleased", "Exam Results Released", "/webhooks/exam-results-released",
            true
        ),
        (.userRegistered, "user.registered", "User Registered", "/webhooks/user-registered", false),
        (.userUpdated, "user.updated", "User Updated", "/webhooks/user-updated", false),
        (.userAddedToGroup, "user.addedToGroup", "User Added to Group", "/webhooks/user-added-to-group", false),
        (
            .userRegisteredForExam, "user.registeredForExam", "User Registered for Exam",
            "/webhooks/user-registered-for-exam", false
        ),
        (.assignmentCompleted, "assignment.completed", "Assignment Completed", "/webhooks/assignment-completed", false),
        (.flagPlanted, "flag.planted", "Flag Planted", "/webhooks/flag-planted", false),
        (.storePurchase, "store.purchase", "Store Purchase", "/webhooks/store-purchase", false),
        (
            .learningRecordCreated, "learningRecord.created", "Learning Record Created",
            "/webhooks/learning-record-created", true
        ),
    ]

    @Test("code, title, path and eventName per kind", arguments: table)
    func properties(_ kind: EventKind, _ code: String, _ title: String, _ path: String, _ eventName: Bool) {
        #expect(kind.rawValue == code)
        #expect(EventKind(code: code) == kind)
        #expect(kind.title == title)
        #expect(kind.suggestedPath == path)
        #expect(kind.carriesEventName == eventName)
    }

    @Test func everyKindIsInTheTable() {
        #expect(EventKind.allCases.count == 16)
        #expect(Set(Self.table.map(\.0)) == Set(EventKind.allCases))
        #expect(Set(EventKind.allCases.map(\.suggestedPath)).count == 16)
    }

    @Test func codes() {
        #expect(EventKind(code: "assignment.complete") == .assignmentCompleted)
        #expect(EventKind(code: " attempt.completed\n") == .attemptCompleted)
        #expect(EventKind(code: "Attempt.Completed") == nil)
        #expect(EventKind(code: "attempt-completed") == nil)
        #expect(EventKind(code: "") == nil)
        #expect(EventKind(code: "attempt") == nil)
    }

    @Test func metaPresence() {
        let withoutMeta = EventKind.allCases.filter { !$0.carriesMeta }
        #expect(withoutMeta == [.userRegistered, .userUpdated, .flagPlanted, .storePurchase])
    }

    @Test func codableAsItsCode() throws {
        let data = try JSONEncoder().encode([EventKind.userAddedToGroup])
        #expect(String(decoding: data, as: UTF8.self) == #"["user.addedToGroup"]"#)
        #expect(try JSONDecoder().decode(EventKind.self, from: Data(#""flag.planted""#.utf8)) == .flagPlanted)
    }

    @Test func summaryIsCodable() throws {
        let summary = ExpectedSummaries.forSample(.attemptCompleted)
        let data = try JSONEncoder().encode(summary)
        #expect(try JSONDecoder().decode(EventSummary.self, from: data) == summary)
        let sparse = try JSONEncoder().encode(EventSummary(kind: .userUpdated))
        #expect(String(decoding: sparse, as: UTF8.self) == #"{"kind":"user.updated"}"#)
    }
}
