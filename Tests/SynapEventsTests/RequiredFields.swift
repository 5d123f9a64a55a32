import SynapEvents

/// Which members of each sample are required: removing one (or setting it to null) must fail with
/// the error path given here; removing any other member must still decode.
///
/// The policy: required is what identifies the event's subjects (user id and email, attempt id,
/// test id and title, exam id and name, group/assignment/record/item id and name, a flag's id and
/// question), plus each present block's own id. Everything else is optional.
enum RequiredFields {
    /// Removed path -> expected `EventDecodingError.fieldPath`. They differ where Synap's key is
    /// `objectId` but the shared type's primary name is `id`.
    static func paths(for kind: EventKind) -> [String: String] {
        let user = same("user", "user.id", "user.email")
        let portal = same("portal.id")
        let test = same("test", "test.id", "test.title")
        let exam = same("exam", "exam.id", "exam.name")
        switch kind {
        case .attemptStarted, .attemptCompleted:
            return user.merging(portal) { a, _ in a }.merging(test) { a, _ in a }
                .merging(same("attempt", "attempt.id")) { a, _ in a }
        case .attemptSubmitted:
            return user.merging(portal) { a, _ in a }
                .merging(same("attempt", "attempt.id", "test.id", "test.title")) { a, _ in a }
        case .attemptOverrideCreated:
            return user.merging(portal) { a, _ in a }
                .merging(
                    same("actionType", "attempt", "attempt.id", "attempt.user.id", "attempt.user.email", "exam.id")
                ) {
                    a, _ in a
                }
        case .examStarted, .examSubmitted, .examCompleted:
            return user.merging(portal) { a, _ in a }.merging(test) { a, _ in a }.merging(exam) { a, _ in a }
                .merging(same("attempt", "attempt.id")) { a, _ in a }
        case .examResultsReleased:
            return user.merging(portal) { a, _ in a }.merging(test) { a, _ in a }.merging(exam) { a, _ in a }
                .merging(same("attempt", "attempt.id", "attempt.marker.id")) { a, _ in a }
        case .userRegistered, .userUpdated:
            return same("objectId", "email")
        case .userAddedToGroup:
            return user.merging(portal) { a, _ in a }.merging(same("objectId", "name")) { a, _ in a }
        case .userRegisteredForExam:
            return user.merging(portal) { a, _ in a }
                .merging(same("exam", "exam.objectId", "exam.name")) { a, _ in a }
        case .assignmentCompleted:
            return user.merging(portal) { a, _ in a }
                .merging(same("assignment", "assignment.objectId", "assignment.name")) { a, _ in a }
                .merging(["assignmentGroup.objectId": "assignmentGroup.id"]) { a, _ in a }
        case .flagPlanted:
            return portal.merging(
                same(
                    "objectId", "planter", "planter.id", "planter.email", "question", "question.objectId", "test.title")
            ) {
                a, _ in a
            }
            .merging(["test.objectId": "test.id"]) { a, _ in a }
        case .storePurchase:
            return user.merging(portal) { a, _ in a }.merging(same("objectId", "title")) { a, _ in a }
        case .learningRecordCreated:
            return user.merging(portal) { a, _ in a }
                .merging(same("learningRecord", "learningRecord.objectId", "learningRecord.name")) { a, _ in a }
        }
    }

    private static func same(_ paths: String...) -> [String: String] {
        Dictionary(uniqueKeysWithValues: paths.map { ($0, $0) })
    }
}
