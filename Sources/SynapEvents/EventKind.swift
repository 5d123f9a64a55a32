/// The Synap webhook events this receiver understands, one per documented event page.
///
/// The raw value is Synap's event code as it appears in the index table or in `meta.eventName`.
/// Two codes are not documented anywhere and are **our own names** until Synap confirms them:
/// `exam.resultsReleased` (Exam Results Released; its `meta.eventName` is typed only as `string`) and
/// `store.purchase` (Store Purchase (Legacy); the index row was cut).
public enum EventKind: String, CaseIterable, Sendable, Codable {
    /// A user's attempt on any test was started. Code from `meta.eventName`.
    case attemptStarted = "attempt.started"
    /// A user submitted an attempt on any test (exams included).
    case attemptSubmitted = "attempt.submitted"
    /// An attempt on any test was completed, marking included.
    case attemptCompleted = "attempt.completed"
    /// An attempt's results were overridden, or an override was reverted.
    case attemptOverrideCreated = "attemptOverride.created"
    /// A user's exam attempt was started. Code from `meta.eventName`.
    case examStarted = "exam.started"
    /// A user submitted an exam attempt.
    case examSubmitted = "exam.submitted"
    /// An exam attempt was completed, marking included.
    case examCompleted = "exam.completed"
    /// A user's exam results were released. The code is undocumented: this is our name.
    case examResultsReleased = "exam.resultsReleased"
    /// A new user account was created.
    case userRegistered = "user.registered"
    /// A user's account details were updated.
    case userUpdated = "user.updated"
    /// A user was added to a user group.
    case userAddedToGroup = "user.addedToGroup"
    /// A user was registered for an exam.
    case userRegisteredForExam = "user.registeredForExam"
    /// A user completed an assignment. The API example spells it `assignment.complete`.
    case assignmentCompleted = "assignment.completed"
    /// A user planted a flag on a question.
    case flagPlanted = "flag.planted"
    /// A user bought something in the (legacy) Synap store. The code is undocumented: this is our name.
    case storePurchase = "store.purchase"
    /// A learning record was created. Code from the example's `meta.eventName`.
    case learningRecordCreated = "learningRecord.created"

    /// Other spellings of a code seen in Synap's documentation.
    static let aliases: [String: EventKind] = [
        // The index table says assignment.completed; the Create WebhookSubscription example says this.
        "assignment.complete": .assignmentCompleted
    ]

    /// Looks a code up by its exact raw value or a documented alias (`assignment.complete`).
    /// Surrounding whitespace is ignored; case is not (Synap's codes are camelCase).
    public init?(code: String) {
        var trimmed = Substring(code)
        while let first = trimmed.first, first.isWhitespace { trimmed.removeFirst() }
        while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
        let key = String(trimmed)
        guard let kind = EventKind(rawValue: key) ?? Self.aliases[key] else { return nil }
        self = kind
    }

    /// Synap's human name for the event, e.g. "Attempt Completed".
    public var title: String {
        switch self {
        case .attemptStarted: "Attempt Started"
        case .attemptSubmitted: "Attempt Submitted"
        case .attemptCompleted: "Attempt Completed"
        case .attemptOverrideCreated: "Attempt Override Created"
        case .examStarted: "Exam Started"
        case .examSubmitted: "Exam Submitted"
        case .examCompleted: "Exam Completed"
        case .examResultsReleased: "Exam Results Released"
        case .userRegistered: "User Registered"
        case .userUpdated: "User Updated"
        case .userAddedToGroup: "User Added to Group"
        case .userRegisteredForExam: "User Registered for Exam"
        case .assignmentCompleted: "Assignment Completed"
        case .flagPlanted: "Flag Planted"
        case .storePurchase: "Store Purchase"
        case .learningRecordCreated: "Learning Record Created"
        }
    }

    /// A URL path to subscribe this event to: `/webhooks/` plus the code in kebab case,
    /// e.g. "/webhooks/attempt-completed", "/webhooks/attempt-override-created".
    public var suggestedPath: String {
        var path = "/webhooks/"
        for character in rawValue {
            if character == "." {
                path.append("-")
            } else if character.isUppercase {
                path.append("-")
                path.append(contentsOf: character.lowercased())
            } else {
                path.append(character)
            }
        }
        return path
    }

    /// Whether the documented payload carries `meta.eventName` (synap-events.md §1.1). Only these
    /// kinds can be recognised from the body with certainty.
    public var carriesEventName: Bool {
        switch self {
        case .attemptStarted, .examStarted, .attemptOverrideCreated, .examResultsReleased, .learningRecordCreated:
            true
        default:
            false
        }
    }

    /// Whether the documented payload has a `meta` block at all (it has no timestamp otherwise).
    public var carriesMeta: Bool {
        switch self {
        case .userRegistered, .userUpdated, .flagPlanted, .storePurchase: false
        default: true
        }
    }
}
