import JSONSyntax
import SynapEvents
import Testing

/// `meta.eventName` against the route's kind (issue 15, "Payloads").
@Suite("Route kind against meta.eventName")
struct EventKindCheckTests {
    static func check(_ routeKind: EventKind, _ text: String) throws -> EventKindCheck.Outcome {
        EventKindCheck.check(routeKind: routeKind, value: try JSONValue(parsing: Array(text.utf8)))
    }

    @Test("each sample matches its own route", arguments: EventKind.allCases)
    func samples(kind: EventKind) throws {
        let outcome = try Self.check(kind, SampleEvents.body(for: kind))
        #expect(outcome == (kind.carriesEventName ? .matches : .noName))
    }

    @Test func sameKindMatches() throws {
        #expect(try Self.check(.attemptCompleted, #"{"meta":{"eventName":"attempt.completed"}}"#) == .matches)
        #expect(try Self.check(.examStarted, #"{"meta":{"eventName":"  exam.started\n"}}"#) == .matches)
    }

    @Test func aliasCountsAsTheRoutesKind() throws {
        #expect(try Self.check(.assignmentCompleted, #"{"meta":{"eventName":"assignment.complete"}}"#) == .matches)
        // An alias of another kind is that other kind.
        #expect(
            try Self.check(.attemptCompleted, #"{"meta":{"eventName":"assignment.complete"}}"#)
                == .differentKnownKind(.assignmentCompleted, name: "assignment.complete"))
    }

    @Test func anotherKnownKindIsReportedWithAReason() throws {
        let outcome = try Self.check(.attemptCompleted, SampleEvents.body(for: .examStarted))
        #expect(outcome == .differentKnownKind(.examStarted, name: "exam.started"))
        #expect(
            EventKindCheck.reason(outcome, routeKind: .attemptCompleted)
                == #"meta.eventName is "exam.started" but this route receives attempt.completed"#)
    }

    @Test func unknownNameIsAcceptedWithAWarning() throws {
        let outcome = try Self.check(.examResultsReleased, #"{"meta":{"eventName":"exam.results.released"}}"#)
        #expect(outcome == .unknownName("exam.results.released"))
        #expect(
            EventKindCheck.reason(outcome, routeKind: .examResultsReleased)
                == #"meta.eventName "exam.results.released" is not a known event; "#
                + "taken as exam.resultsReleased, the route's kind")
        // Codes are camelCase and matched exactly.
        #expect(
            try Self.check(.attemptCompleted, #"{"meta":{"eventName":"Attempt.Completed"}}"#)
                == .unknownName("Attempt.Completed"))
    }

    @Test func aNameThatIsNotAStringIsUnknownAndShownShort() throws {
        #expect(try Self.check(.attemptStarted, #"{"meta":{"eventName":42}}"#) == .unknownName("42"))
        let elements = String(repeating: #""é","#, count: 100)
        let long = try Self.check(.attemptStarted, #"{"meta":{"eventName":[\#(elements)1]}}"#)
        guard case .unknownName(let shown) = long else { throw Unexpected(outcome: long) }
        #expect(shown.hasPrefix(#"["é","#) && shown.hasSuffix("...") && shown.utf8.count <= 64 + 3)
        // A sender's control characters and quotes stay escaped in the reason.
        let quoted = try Self.check(.attemptStarted, #"{"meta":{"eventName":"a\"b\nc"}}"#)
        let reason = EventKindCheck.reason(quoted, routeKind: .attemptStarted)
        #expect(reason?.hasPrefix(#"meta.eventName "a\"b\nc" is"#) == true)
    }

    @Test(arguments: [
        #"{"user":{}}"#, #"{"meta":{"timestamp":"2024-06-25T11:15:15.587Z"}}"#, #"{"meta":{"eventName":null}}"#,
        #"{"meta":"attempt.started"}"#, #"{"meta":null}"#, "[]", #""attempt.started""#,
    ])
    func noName(body: String) throws {
        #expect(try Self.check(.attemptStarted, body) == .noName)
        #expect(EventKindCheck.reason(.noName, routeKind: .attemptStarted) == nil)
    }

    @Test func firstMemberWinsAsInDecoding() throws {
        let body = #"{"meta":{"eventName":"exam.started","eventName":"attempt.started"},"meta":{}}"#
        #expect(try Self.check(.attemptStarted, body) == .differentKnownKind(.examStarted, name: "exam.started"))
    }

    struct Unexpected: Error {
        let outcome: EventKindCheck.Outcome
    }
}
