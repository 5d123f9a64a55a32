import SynapEvents
import Testing

/// Payloads that do not fit their model: the error names the field and says what was wrong.
@Suite("Drift is reported with a field path and a reason")
struct DriftTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let kind: EventKind
        let edit: @Sendable (String) throws -> String
        let fieldPath: String
        let reason: String
        let label: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            kind: .attemptCompleted, edit: { try TestSupport.removing("attempt.id", from: $0) },
            fieldPath: "attempt.id", reason: "missing required field", label: "attempt.id missing"),
        Case(
            kind: .attemptCompleted, edit: { try TestSupport.setting("score", to: .string("85"), in: $0) },
            fieldPath: "score", reason: "expected a number, found a string", label: "score as a string"),
        Case(
            kind: .attemptCompleted,
            edit: { try TestSupport.setting("attempt.state.timeStarted", to: .number(1_719_311_524), in: $0) },
            fieldPath: "attempt.state.timeStarted", reason: "expected a string, found a number",
            label: "timeStarted as epoch number"),
        Case(
            kind: .attemptCompleted, edit: { try TestSupport.setting("attempt.isExam", to: .string("false"), in: $0) },
            fieldPath: "attempt.isExam", reason: "expected a boolean, found a string", label: "isExam as a string"),
        Case(
            kind: .attemptCompleted, edit: { try TestSupport.setting("attempt.tags", to: .array([]), in: $0) },
            fieldPath: "attempt.tags", reason: "expected an object, found an array", label: "tags as an array"),
        Case(
            kind: .attemptCompleted, edit: { try TestSupport.setting("user.email", to: .null, in: $0) },
            fieldPath: "user.email", reason: "expected a string, found null", label: "user.email null"),
        Case(
            kind: .attemptCompleted,
            edit: {
                try TestSupport.setting(
                    "attempt.state.responseQuestionMap",
                    to: .array([.array([.string("r1"), .string("q1")]), .array([.number(7)])]),
                    in: $0)
            },
            fieldPath: "attempt.state.responseQuestionMap[1][0]", reason: "expected a string, found a number",
            label: "number inside responseQuestionMap"),
        Case(
            kind: .userAddedToGroup,
            edit: {
                try TestSupport.setting(
                    "moderators",
                    to: .array([
                        .object(["objectId": .string("a1"), "name": .string("A")]), .object(["name": .string("B")]),
                    ]),
                    in: $0)
            },
            fieldPath: "moderators[1].id", reason: "missing required field (or objectId)", label: "moderator without id"
        ),
        Case(
            kind: .flagPlanted, edit: { try TestSupport.removing("planter", from: $0) },
            fieldPath: "planter", reason: "missing required field", label: "flag without planter"),
        Case(
            kind: .userRegistered, edit: { try TestSupport.removing("objectId", from: $0) },
            fieldPath: "objectId", reason: "missing required field (or id)", label: "user.registered without objectId"),
        Case(
            kind: .examCompleted,
            edit: { try TestSupport.setting("exam.sourceTests", to: .string("Tq9PaPer1X"), in: $0) },
            fieldPath: "exam.sourceTests", reason: "expected an array, found a string", label: "sourceTests as a string"
        ),
        Case(
            kind: .attemptCompleted, edit: { _ in SampleEvents.body(for: .userRegistered) },
            fieldPath: "user", reason: "missing required field",
            label: "user.registered body on the attempt.completed route"),
        Case(
            kind: .attemptCompleted, edit: { String($0.dropLast(3)) },
            fieldPath: "", reason: "not valid JSON", label: "truncated body"),
        Case(kind: .attemptCompleted, edit: { _ in "" }, fieldPath: "", reason: "not valid JSON", label: "empty body"),
        Case(
            kind: .attemptCompleted, edit: { _ in "[1, 2]" },
            fieldPath: "", reason: "expected an object, found an array", label: "array body"),
    ]

    @Test("drift case", arguments: cases)
    func drift(_ drift: Case) throws {
        let body = try drift.edit(SampleEvents.body(for: drift.kind))
        let error = TestSupport.error(drift.kind, body)
        #expect(error == EventDecodingError(fieldPath: drift.fieldPath, reason: drift.reason))
    }

    @Test func descriptionIsReadable() {
        #expect(
            EventDecodingError(fieldPath: "attempt.id", reason: "missing required field").description
                == "attempt.id: missing required field")
        #expect(EventDecodingError(fieldPath: "", reason: "not valid JSON").description == "(root): not valid JSON")
    }

    @Test func typedThrowsCarriesTheError() {
        #expect(throws: EventDecodingError(fieldPath: "", reason: "not valid JSON")) {
            try SynapEventDecoder().decode(.flagPlanted, from: Array("{".utf8))
        }
    }
}
