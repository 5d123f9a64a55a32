/// A decoded Synap webhook event: one case per `EventKind`, each carrying its typed model.
public enum SynapEvent: Sendable, Equatable {
    /// `attempt.started`.
    case attemptStarted(AttemptStarted)
    /// `attempt.submitted`.
    case attemptSubmitted(AttemptSubmitted)
    /// `attempt.completed`.
    case attemptCompleted(AttemptCompleted)
    /// `attemptOverride.created`.
    case attemptOverrideCreated(AttemptOverrideCreated)
    /// `exam.started`.
    case examStarted(ExamStarted)
    /// `exam.submitted`.
    case examSubmitted(ExamSubmitted)
    /// `exam.completed`.
    case examCompleted(ExamCompleted)
    /// Exam Results Released (`exam.resultsReleased`, our name).
    case examResultsReleased(ExamResultsReleased)
    /// `user.registered`.
    case userRegistered(UserRegistered)
    /// `user.updated`.
    case userUpdated(UserUpdated)
    /// `user.addedToGroup`.
    case userAddedToGroup(UserAddedToGroup)
    /// `user.registeredForExam`.
    case userRegisteredForExam(UserRegisteredForExam)
    /// `assignment.completed`.
    case assignmentCompleted(AssignmentCompleted)
    /// `flag.planted`.
    case flagPlanted(FlagPlanted)
    /// Store Purchase (`store.purchase`, our name).
    case storePurchase(StorePurchase)
    /// `learningRecord.created`.
    case learningRecordCreated(LearningRecordCreated)

    /// The model carried by the case.
    public var payload: any SynapEventPayload {
        switch self {
        case .attemptStarted(let event): event
        case .attemptSubmitted(let event): event
        case .attemptCompleted(let event): event
        case .attemptOverrideCreated(let event): event
        case .examStarted(let event): event
        case .examSubmitted(let event): event
        case .examCompleted(let event): event
        case .examResultsReleased(let event): event
        case .userRegistered(let event): event
        case .userUpdated(let event): event
        case .userAddedToGroup(let event): event
        case .userRegisteredForExam(let event): event
        case .assignmentCompleted(let event): event
        case .flagPlanted(let event): event
        case .storePurchase(let event): event
        case .learningRecordCreated(let event): event
        }
    }

    /// The event's kind.
    public var kind: EventKind {
        type(of: payload).kind
    }

    /// The event's key facts.
    public var summary: EventSummary {
        payload.summary
    }
}
