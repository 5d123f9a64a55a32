import Delivery
import Foundation
import JSONSyntax
import SynapEvents
import Testing
@testable import Handlers

@Suite struct FieldFilterTests {
    /// The exam.completed sample: scoreFrac 0.7125, score 57, exam.name "Further Mathematics Mock
    /// Exam (Summer 2024)", attempt.tags.exam ["summer-2024"], attempt.isExam true,
    /// user.customAttributes.team "Analytical Engines", candidate-number 4127.
    static let delivery = DeliveryFixture.make(.examCompleted)

    static func matches(_ field: String, _ op: FilterCondition.Operator, _ value: JSONValue) -> Bool {
        FieldFilter(conditions: [try! FilterCondition(field: field, op: op, value: value)]).matches(delivery, payload: payload(delivery))
    }

    static func payload(_ delivery: Delivery) -> JSONValue { try! JSONValue(parsing: delivery.body) }

    @Test func numbersCompareNumerically() {
        #expect(Self.matches("attempt.scoreFrac", .greaterOrEqual, .number("0.5")))
        #expect(Self.matches("attempt.scoreFrac", .greaterOrEqual, .number("0.7125")))
        #expect(!Self.matches("attempt.scoreFrac", .greater, .number("0.7125")))
        #expect(Self.matches("attempt.scoreFrac", .less, .number("0.8")))
        #expect(!Self.matches("attempt.scoreFrac", .lessOrEqual, .number("0.7")))
        #expect(Self.matches("attempt.score", .equal, .number("57.0")))
        #expect(Self.matches("attempt.score", .equal, .number("5.7e1")))
        #expect(Self.matches("attempt.score", .notEqual, .number("56")))
        #expect(Self.matches("user.customAttributes.candidate-number", .greater, .number("4000")))
    }

    @Test func stringsAndBooleansCompareExactly() {
        #expect(Self.matches("exam.name", .equal, .string("Further Mathematics Mock Exam (Summer 2024)")))
        #expect(!Self.matches("exam.name", .equal, .string("further mathematics mock exam (summer 2024)")))
        #expect(Self.matches("exam.name", .notEqual, .string("Final")))
        #expect(Self.matches("attempt.isExam", .equal, .bool(true)))
        #expect(!Self.matches("attempt.isExam", .equal, .string("true")))
        #expect(Self.matches("user.customAttributes.team", .equal, .string("Analytical Engines")))
        // A string is not a number, even when it reads like one.
        #expect(!Self.matches("exam.name", .greater, .number("0")))
    }

    @Test func containsLooksInListsAndStrings() {
        #expect(Self.matches("attempt.tags.exam", .contains, .string("summer-2024")))
        #expect(!Self.matches("attempt.tags.exam", .contains, .string("summer")))
        #expect(Self.matches("exam.name", .contains, .string("Mock")))
        #expect(!Self.matches("exam.name", .contains, .string("mock")))
        #expect(Self.matches("exam.sourceTests", .contains, .string("Tq9PaPer2Y")))
        #expect(!Self.matches("attempt.score", .contains, .number("5")))
    }

    @Test func inMatchesAnyOfAList() {
        #expect(Self.matches("userGroup.name", .in, .array([.string("Year 11"), .string("Year 12 Further Maths")])))
        #expect(!Self.matches("userGroup.name", .in, .array([.string("Year 11")])))
        #expect(Self.matches("attempt.score", .in, .array([.number("57"), .number("58")])))
    }

    @Test func existsAndMissingFields() {
        #expect(Self.matches("certificate.url", .exists, .bool(true)))
        #expect(Self.matches("user.customAttributes.pronouns", .exists, .bool(false)))
        #expect(!Self.matches("user.customAttributes.pronouns", .equal, .string("she/her")))
        #expect(Self.matches("user.customAttributes.pronouns", .notEqual, .string("she/her")))
        #expect(!Self.matches("user.customAttributes.pronouns", .less, .number("1")))
        #expect(!Self.matches("user.customAttributes.pronouns", .contains, .string("x")))
        #expect(!Self.matches("user.customAttributes.pronouns", .in, .array([.string("x")])))
        let nullField = DeliveryFixture.make(.examResultsReleased)  // "pronouns": null
        let exists = FieldFilter(conditions: [try! FilterCondition(field: "user.customAttributes.pronouns", op: .exists, value: .bool(false))])
        #expect(exists.matches(nullField, payload: Self.payload(nullField)))
    }

    @Test func everyConditionMustHold() {
        let both = FieldFilter(conditions: [
            try! FilterCondition(field: "attempt.scoreFrac", op: .greaterOrEqual, value: .number("0.5")),
            try! FilterCondition(field: "attempt.tags.exam", op: .contains, value: .string("summer-2024")),
        ])
        #expect(both.matches(Self.delivery, payload: Self.payload(Self.delivery)))
        let oneFails = FieldFilter(conditions: both.conditions + [try! FilterCondition(field: "attempt.isExam", op: .equal, value: .bool(false))])
        #expect(!oneFails.matches(Self.delivery, payload: Self.payload(Self.delivery)))
    }

    @Test func aRoutesFiltersEachReadThePayloadTheyAreGiven() {
        let filters = FieldFilter.forRoute([
            "lms": [try! FilterCondition(field: "attempt.score", op: .greater, value: .number("50"))],
            "crm": [try! FilterCondition(field: "attempt.score", op: .greater, value: .number("60"))],
        ])
        #expect(filters["lms"]?.matches(Self.delivery, payload: Self.payload(Self.delivery)) == true)
        #expect(filters["crm"]?.matches(Self.delivery, payload: Self.payload(Self.delivery)) == false)
        // Another event's payload decides for that event.
        let other = DeliveryFixture.make(.examCompleted, id: 2, body: SampleEvents.body(for: .examCompleted).replacingOccurrences(of: "\"score\": 57", with: "\"score\": 12"))
        #expect(filters["lms"]?.matches(other, payload: Self.payload(other)) == false)
    }

    @Test(arguments: [
        (FilterCondition.Operator.greater, JSONValue.string("0.5"), "must be a number for >"),
        (.equal, .array([]), "must be a number, string or boolean for =="),
        (.equal, .null, "must be a number, string or boolean for =="),
        (.in, .string("a"), "must be a non-empty list of numbers, strings or booleans for in"),
        (.in, .array([]), "must be a non-empty list of numbers, strings or booleans for in"),
        (.exists, .string("yes"), "must be true or false for exists"),
    ])
    func valuesThatCannotWorkWithTheOperatorAreRefused(op: FilterCondition.Operator, value: JSONValue, message: String) {
        #expect(throws: HandlerConfigurationError(message)) { try FilterCondition(field: "attempt.score", op: op, value: value) }
    }
}
