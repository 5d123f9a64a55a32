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
    ///
    /// Read from the case, not through `payload`: an `any SynapEventPayload` of a model this size is a heap box
    /// holding a copy of the whole model (a retain per field), and the kind is read several times per event.
    public var kind: EventKind {
        switch self {
        case .attemptStarted: AttemptStarted.kind
        case .attemptSubmitted: AttemptSubmitted.kind
        case .attemptCompleted: AttemptCompleted.kind
        case .attemptOverrideCreated: AttemptOverrideCreated.kind
        case .examStarted: ExamStarted.kind
        case .examSubmitted: ExamSubmitted.kind
        case .examCompleted: ExamCompleted.kind
        case .examResultsReleased: ExamResultsReleased.kind
        case .userRegistered: UserRegistered.kind
        case .userUpdated: UserUpdated.kind
        case .userAddedToGroup: UserAddedToGroup.kind
        case .userRegisteredForExam: UserRegisteredForExam.kind
        case .assignmentCompleted: AssignmentCompleted.kind
        case .flagPlanted: FlagPlanted.kind
        case .storePurchase: StorePurchase.kind
        case .learningRecordCreated: LearningRecordCreated.kind
        }
    }

    /// The event's key facts (straight from the case's model, without boxing it as `payload` does).
    public var summary: EventSummary {
        switch self {
        case .attemptStarted(let event): event.summary
        case .attemptSubmitted(let event): event.summary
        case .attemptCompleted(let event): event.summary
        case .attemptOverrideCreated(let event): event.summary
        case .examStarted(let event): event.summary
        case .examSubmitted(let event): event.summary
        case .examCompleted(let event): event.summary
        case .examResultsReleased(let event): event.summary
        case .userRegistered(let event): event.summary
        case .userUpdated(let event): event.summary
        case .userAddedToGroup(let event): event.summary
        case .userRegisteredForExam(let event): event.summary
        case .assignmentCompleted(let event): event.summary
        case .flagPlanted(let event): event.summary
        case .storePurchase(let event): event.summary
        case .learningRecordCreated(let event): event.summary
        }
    }
}
