import SynapEvents
import Testing

@Suite("Documented field paths")
struct EventFieldCatalogTests {
    static let present: [(EventKind, [String])] = [
        (
            .attemptCompleted,
            [
                "attempt", "attempt.scoreFrac", "attempt.tags", "attempt.tags.exam", "attempt.marks.penalties",
                "attempt.state.results.status", "attempt.state.responseQuestionMap", "user.email",
                "user.customAttributes",
                "test.title", "certificate.url", "meta.timestamp", "score", "timeSpentInMs", "portal.id",
            ]
        ),
        (.attemptStarted, ["meta.eventName", "attempt.state.timeStarted", "attempt.totalQuestions", "timeStarted"]),
        (.attemptSubmitted, ["attempt.state.sections.items", "attempt.state.results.pendingMarks", "test.id"]),
        (
            .attemptOverrideCreated,
            [
                "actionType", "credits.oldValue", "score.newValue", "points.isOriginal", "exam.id",
                "attempt.user.email", "attempt.user.customAttributes",
            ]
        ),
        (.examStarted, ["exam.name", "exam.attr", "exam.userGroup.name", "userGroup.name", "exam.sourceTests"]),
        (.examSubmitted, ["exam.sectionGrades", "exam.userGroup.id", "userGroup.id", "attempt.marks.points"]),
        (
            .examCompleted,
            [
                "userGroup.id", "exam.userGroup.name", "attempt.grade.label", "attempt.gradeCriteria.grades",
                "attempt.state.deferred.locked", "certificate.certificatePdfPath",
            ]
        ),
        (
            .examResultsReleased,
            [
                "attempt.audit.releasedAt", "attempt.proctorStatus", "attempt.tags.context",
                "attempt.state.instructions.didProgress", "attempt.marker.id", "exam.attr", "user.subPortalId",
            ]
        ),
        (
            .userRegistered,
            ["objectId", "email", "usergroups", "timeRegistered", "preferences.locale", "previousValues"]
        ),
        (
            .userUpdated,
            ["previousValues.name", "previousValues.preferences.locale", "previousValues.customAttributes"]
        ),
        (.userAddedToGroup, ["objectId", "totalUsers", "moderators", "dateAdded", "user.id"]),
        (
            .userRegisteredForExam,
            ["exam.objectId", "exam.schedule.openDate", "userGroup.objectId", "exam.userGroup.name"]
        ),
        (.assignmentCompleted, ["assignment.objectId", "assignment.status", "assignmentGroup.name"]),
        (.flagPlanted, ["planter.email", "question.stem", "test.objectId", "comment", "createdAt"]),
        (.storePurchase, ["unlockActions", "purchaseMethod", "purchasedAt", "user.email"]),
        (
            .learningRecordCreated,
            [
                "learningRecord.score", "learningRecord.achievedOn", "learningRecord.attr",
                "meta.eventName", "user.subPortalId",
            ]
        ),
    ]

    static let absent: [(EventKind, [String])] = [
        (
            .attemptCompleted,
            [
                "exam", "exam.name", "attempt.grade", "planter", "attempt.score.value", "user.customAttributes.team",
                "attempt.state.responseQuestionMap.0", "", "attempt.", "Attempt.id", "meta.eventName",
            ]
        ),
        (.attemptStarted, ["score", "attempt.marks", "certificate"]),
        (.userRegistered, ["user", "user.email", "meta", "portal", "portal.id"]),
        (.userUpdated, ["meta.timestamp", "previousValues.usergroups"]),
        (.flagPlanted, ["user.email", "meta", "test.id"]),
        (.storePurchase, ["user.customAttributes", "meta.timestamp"]),
        (.examCompleted, ["exam.attr", "attempt.proctorStatus"]),
    ]

    @Test("obvious paths are present", arguments: present)
    func presentPaths(_ kind: EventKind, _ paths: [String]) {
        let known = EventFieldCatalog.fieldPaths(for: kind)
        for path in paths {
            #expect(known.contains(path), "\(kind.rawValue) lacks \(path)")
        }
    }

    @Test("nonsense and other kinds' paths are absent", arguments: absent)
    func absentPaths(_ kind: EventKind, _ paths: [String]) {
        let known = EventFieldCatalog.fieldPaths(for: kind)
        for path in paths {
            #expect(!known.contains(path), "\(kind.rawValue) has \(path)")
        }
    }

    @Test("every kind has paths, and every sample path is documented", arguments: EventKind.allCases)
    func coversSample(kind: EventKind) throws {
        let known = EventFieldCatalog.fieldPaths(for: kind)
        #expect(known.count >= 6)
        let sample = TestSupport.paths(try TestSupport.tree(SampleEvents.body(for: kind)))
        #expect(sample.subtracting(known) == [])
    }

    @Test func openMaps() {
        #expect(EventFieldCatalog.openMapPaths(for: .examResultsReleased) == ["user.customAttributes", "exam.attr"])
        #expect(EventFieldCatalog.openMapPaths(for: .storePurchase) == [])
        #expect(EventFieldCatalog.isKnownPath("user.customAttributes.team", for: .attemptCompleted))
        #expect(EventFieldCatalog.isKnownPath("exam.attr.exam-weight", for: .examResultsReleased))
        #expect(EventFieldCatalog.isKnownPath("attempt.scoreFrac", for: .attemptCompleted))
        #expect(!EventFieldCatalog.isKnownPath("user.customAttributes.", for: .attemptCompleted))
        #expect(!EventFieldCatalog.isKnownPath("user.customAttributesX", for: .attemptCompleted))
        #expect(!EventFieldCatalog.isKnownPath("user.customAttributes.team", for: .storePurchase))
        #expect(!EventFieldCatalog.isKnownPath("attempt.scoreFraction", for: .attemptCompleted))
    }
}
