import SynapEvents
import Testing

@Suite("Kind detection from the body")
struct KindDetectionTests {
    @Test("each sample is detected, by meta.eventName where it has one", arguments: EventKind.allCases)
    func sample(kind: EventKind) {
        let detection = EventKindDetector.detect(Array(SampleEvents.body(for: kind).utf8))
        #expect(detection?.kind == kind)
        #expect(detection?.rule == (kind.carriesEventName ? .metaEventName : .payloadShape))
    }

    @Test("without meta, every sample is still detected by shape", arguments: EventKind.allCases)
    func shapeOnly(kind: EventKind) throws {
        let body = try TestSupport.removing("meta", from: SampleEvents.body(for: kind))
        #expect(EventKindDetector.detect(Array(body.utf8)) == KindDetection(kind: kind, rule: .payloadShape))
    }

    @Test func unknownEventNameFallsBackToShape() throws {
        let body = try TestSupport.setting(
            "meta.eventName", to: .string("exam.results.released"), in: SampleEvents.body(for: .examResultsReleased))
        #expect(
            EventKindDetector.detect(Array(body.utf8)) == KindDetection(kind: .examResultsReleased, rule: .payloadShape)
        )
    }

    @Test func eventNameWinsOverShape() throws {
        let body = try TestSupport.setting(
            "meta.eventName", to: .string("exam.completed"), in: SampleEvents.body(for: .examSubmitted))
        #expect(EventKindDetector.detect(Array(body.utf8)) == KindDetection(kind: .examCompleted, rule: .metaEventName))
    }

    /// The documented fragility: without a top-level score, a completed attempt looks submitted.
    @Test func completedWithoutTopLevelScoreLooksSubmitted() throws {
        var body = try TestSupport.removing("score", from: SampleEvents.body(for: .attemptCompleted))
        body = try TestSupport.removing("scoreFrac", from: body)
        #expect(
            EventKindDetector.detect(Array(body.utf8)) == KindDetection(kind: .attemptSubmitted, rule: .payloadShape))
    }

    @Test func registeredWithFilledPreviousValuesLooksUpdated() throws {
        let body = try TestSupport.setting(
            "previousValues", to: .object(["name": .string("Ada")]), in: SampleEvents.body(for: .userRegistered))
        #expect(EventKindDetector.detect(Array(body.utf8))?.kind == .userUpdated)
    }

    @Test func examCompletedFixtureWithoutCompletedOnlyFieldsLooksSubmitted() throws {
        let body = try TestSupport.fixture("exam-completed.usergroup-under-exam.json")
        #expect(EventKindDetector.detect(Array(body.utf8)) == KindDetection(kind: .examSubmitted, rule: .payloadShape))
    }

    @Test(
        "bodies that match nothing",
        arguments: [
            "", "not json", "[]", "42", "{}", #"{"meta": {"timestamp": "2024-06-25T11:15:15.587Z"}}"#,
            #"{"meta": {"eventName": "payment.refunded"}}"#, #"{"score": 5}"#,
        ])
    func nothing(body: String) {
        #expect(EventKindDetector.detect(Array(body.utf8)) == nil)
    }

    @Test func ruleRawValues() {
        #expect(KindDetection.Rule.metaEventName.rawValue == "meta.eventName")
        #expect(KindDetection.Rule.payloadShape.rawValue == "payload shape")
    }
}
