import Foundation
import SynapEvents
import Testing

/// The places where Synap's documentation contradicts itself (synap-events.md §7): whichever
/// version Synap really sends must decode.
@Suite("Documentation contradictions (§7)")
struct ContradictionTests {
    static let group = UserGroupRef(id: "Gy12FMaths", name: "Year 12 Further Maths")

    @Test("§7.3 exam.completed: userGroup at the top level (as documented)")
    func examCompletedTopLevelGroup() throws {
        let event = try TestSupport.sample(ExamCompleted.self)
        #expect(event.userGroup == Self.group)
        #expect(event.exam.userGroup == nil)
        #expect(event.resolvedUserGroup == Self.group)
    }

    @Test("§7.3 exam.completed: userGroup under exam (as in exam.submitted); empty Marks")
    func examCompletedGroupUnderExam() throws {
        let body = try TestSupport.fixture("exam-completed.usergroup-under-exam.json")
        let event = try TestSupport.model(ExamCompleted.self, body)
        #expect(event.userGroup == nil)
        #expect(event.resolvedUserGroup == Self.group)
        #expect(event.attempt.marks == Marks())
        #expect(event.attempt.grade == nil)
        #expect(event.attempt.tags == nil)
        #expect(event.attempt.state?.sections == nil)
        #expect(event.certificate == nil)
        #expect(event.summary.score == 61.5)
        #expect(event.summary.examName == "Further Mathematics Mock Exam (Summer 2024)")
    }

    @Test("§7.3 userGroup with optional members, and none at all")
    func groupMembersOptional() throws {
        var body = try TestSupport.setting("userGroup", to: .object([:]), in: SampleEvents.body(for: .examCompleted))
        let empty = try TestSupport.model(ExamCompleted.self, body)
        #expect(empty.resolvedUserGroup == UserGroupRef(id: nil, name: nil))
        body = try TestSupport.removing("exam.userGroup", from: SampleEvents.body(for: .examStarted))
        let started = try TestSupport.model(ExamStarted.self, body)
        #expect(started.resolvedUserGroup == nil)
        body = try TestSupport.setting("userGroup", to: .object(["id": .string("GtopLevel1")]), in: body)
        let topLevel = try TestSupport.model(ExamStarted.self, body)
        #expect(topLevel.resolvedUserGroup == UserGroupRef(id: "GtopLevel1", name: nil))
    }

    @Test("§7.8 user.registeredForExam: userGroup at the top level or under exam")
    func registeredForExamGroup() throws {
        let topLevel = try TestSupport.sample(UserRegisteredForExam.self)
        let nested = try TestSupport.model(
            UserRegisteredForExam.self, try TestSupport.fixture("user-registered-for-exam.usergroup-under-exam.json"))
        #expect(topLevel.userGroup == Self.group)
        #expect(nested.userGroup == nil)
        #expect(nested.exam.userGroup == Self.group)
        for registration in [topLevel, nested] {
            #expect(registration.resolvedUserGroup == Self.group)
            #expect(registration.exam.id == "Ex4mFM2024")
            #expect(registration.summary.examName == "Further Mathematics Mock Exam (Summer 2024)")
        }
    }

    static let allFour: [String: AttributeValue] = [
        "points": .number(17), "maxPoints": .number(20), "credits": .number(1), "penalties": .number(0.5),
    ]

    static let marksVariants: [(String, AttributeValue?, Marks?)] = [
        ("all four", .object(allFour), Marks(points: 17, maxPoints: 20, credits: 1, penalties: 0.5)),
        ("some", .object(["points": .number(17), "maxPoints": .number(20)]), Marks(points: 17, maxPoints: 20)),
        ("none", .object([:]), Marks()),
        ("nulls", .object(["points": .null, "credits": .null]), Marks()),
        ("absent", nil, nil),
    ]

    @Test("§7.4 Marks with all, some or none of its fields", arguments: marksVariants)
    func marks(_ label: String, _ json: AttributeValue?, _ expected: Marks?) throws {
        for kind in [EventKind.attemptCompleted, .examSubmitted, .examCompleted, .examResultsReleased] {
            let body = try TestSupport.editing(SampleEvents.body(for: kind), "attempt.marks", to: json)
            #expect(try TestSupport.decode(kind, body).attemptMarks == expected, "\(label) in \(kind)")
        }
    }

    @Test("§7.5 grade and gradeCriteria absent from Exam Results Released")
    func gradeOptional() throws {
        var body = try TestSupport.removing("attempt.grade", from: SampleEvents.body(for: .examResultsReleased))
        body = try TestSupport.removing("attempt.gradeCriteria", from: body)
        let event = try TestSupport.model(ExamResultsReleased.self, body)
        #expect(event.attempt.grade == nil)
        #expect(event.summary.score == 57)
    }

    @Test("§7.2 and §7.6: isExam true on attempt.*, false on exam.*, or missing")
    func isExamNotRelied() throws {
        let onAttempt = try TestSupport.setting(
            "attempt.isExam", to: .bool(true), in: SampleEvents.body(for: .attemptCompleted))
        #expect(try TestSupport.decode(.attemptCompleted, onAttempt).summary.attemptId == "kP4s9WcR2tX")
        let onExam = try TestSupport.setting(
            "attempt.isExam", to: .bool(false), in: SampleEvents.body(for: .examCompleted))
        #expect(try TestSupport.decode(.examCompleted, onExam).summary.attemptId == "Xa7Tq2LmN9p")
        let missing = try TestSupport.removing("attempt.isExam", from: SampleEvents.body(for: .examResultsReleased))
        #expect(try TestSupport.decode(.examResultsReleased, missing).summary.attemptId == "Xa7Tq2LmN9p")
    }

    @Test("§7.7 attemptOverride.created's unquoted eventName arrives as a string")
    func overrideEventName() throws {
        let body = SampleEvents.body(for: .attemptOverrideCreated)
        #expect(body.contains(#""eventName": "attemptOverride.created""#))
        let event = try TestSupport.model(AttemptOverrideCreated.self, body)
        #expect(event.meta?.eventName == "attemptOverride.created")
        #expect(event.user.customAttributes?["trait-testing"] == .string("control"))
        #expect(EventKind(code: event.meta?.eventName ?? "") == .attemptOverrideCreated)
        #expect(
            EventKindDetector.detect(Array(body.utf8))
                == KindDetection(kind: .attemptOverrideCreated, rule: .metaEventName))
    }

    @Test("§7.9 assignment.complete is an alias of assignment.completed")
    func assignmentAlias() throws {
        #expect(EventKind(code: "assignment.complete") == .assignmentCompleted)
        #expect(EventKind(rawValue: "assignment.complete") == nil)
        let body = try TestSupport.setting(
            "meta.eventName", to: .string("assignment.complete"), in: SampleEvents.body(for: .assignmentCompleted))
        #expect(
            EventKindDetector.detect(Array(body.utf8))
                == KindDetection(kind: .assignmentCompleted, rule: .metaEventName))
    }

    @Test("§7.10 user.registered with and without previousValues")
    func registeredPreviousValues() throws {
        let user = try TestSupport.sample(UserRegistered.self)
        #expect(user.previousValues?.isEmpty == true)
        #expect(user.preferences?.locale == "en-GB")
        let without = try TestSupport.removing("previousValues", from: SampleEvents.body(for: .userRegistered))
        #expect(try TestSupport.decode(.userRegistered, without).summary.userId == "7dNGUkKit2O")
    }

    @Test("§7.11 id and objectId are both read")
    func idOrObjectId() throws {
        var body = try TestSupport.removing("exam.id", from: SampleEvents.body(for: .examStarted))
        body = try TestSupport.setting("exam.objectId", to: .string("ExamByObjId"), in: body)
        body = try TestSupport.removing("user.id", from: body)
        body = try TestSupport.setting("user.objectId", to: .string("UserByObjId"), in: body)
        let event = try TestSupport.model(ExamStarted.self, body)
        #expect(event.exam.id == "ExamByObjId")
        #expect(event.summary.userId == "UserByObjId")

        var updated = try TestSupport.removing("objectId", from: SampleEvents.body(for: .userUpdated))
        updated = try TestSupport.setting("id", to: .string("7dNGUkKit2O"), in: updated)
        #expect(try TestSupport.decode(.userUpdated, updated).summary.userId == "7dNGUkKit2O")
    }
}

extension SynapEvent {
    /// `attempt.marks` of the events that have one.
    var attemptMarks: Marks? {
        switch self {
        case .attemptCompleted(let event): event.attempt.marks
        case .examSubmitted(let event): event.attempt.marks
        case .examCompleted(let event): event.attempt.marks
        case .examResultsReleased(let event): event.attempt.marks
        default: nil
        }
    }
}
