import SynapEvents

/// The summary each sample in `SampleEvents` must produce: concrete values, per kind.
enum ExpectedSummaries {
    static let ada = (id: "7dNGUkKit2O", email: "ada@example.edu", name: "Ada Lovelace")
    static let practiceTest = "Number Theory: Bernoulli Numbers (Practice Set 3)"
    static let examPaper = "Further Mathematics Paper 1: Pure"
    static let examName = "Further Mathematics Mock Exam (Summer 2024)"

    static func forSample(_ kind: EventKind) -> EventSummary {
        switch kind {
        case .attemptStarted:
            candidate(kind, attempt: "kP4s9WcR2tX", test: practiceTest, at: "2024-06-25T10:32:04.254Z")
        case .attemptSubmitted:
            candidate(
                kind, attempt: "kP4s9WcR2tX", test: practiceTest, score: 17, frac: 0.85,
                at: "2024-06-25T11:15:15.201Z")
        case .attemptCompleted:
            candidate(
                kind, attempt: "kP4s9WcR2tX", test: practiceTest, score: 17, frac: 0.85,
                at: "2024-06-25T11:15:15.587Z")
        case .attemptOverrideCreated:
            candidate(kind, attempt: "Xa7Tq2LmN9p", score: 71, at: "2024-07-02T09:41:27.015Z")
        case .examStarted:
            candidate(kind, attempt: "Xa7Tq2LmN9p", test: examPaper, exam: examName, at: "2024-06-28T09:00:12.348Z")
        case .examSubmitted:
            candidate(
                kind, attempt: "Xa7Tq2LmN9p", test: examPaper, exam: examName, score: 48, frac: 0.6,
                at: "2024-06-28T10:30:02.771Z")
        case .examCompleted:
            candidate(
                kind, attempt: "Xa7Tq2LmN9p", test: examPaper, exam: examName, score: 57, frac: 0.7125,
                at: "2024-07-01T14:05:44.129Z")
        case .examResultsReleased:
            candidate(
                kind, attempt: "Xa7Tq2LmN9p", test: examPaper, exam: examName, score: 57, frac: 0.7125,
                at: "2024-07-05T08:00:03.662Z")
        case .userRegistered:
            candidate(kind, at: "2024-06-20T16:42:09.331Z")
        case .userUpdated:
            EventSummary(kind: kind, userId: ada.id, userEmail: ada.email, userName: "Ada King, Countess of Lovelace")
        case .userAddedToGroup:
            candidate(kind, at: "2024-06-21T08:15:30.044Z")
        case .userRegisteredForExam:
            candidate(kind, exam: examName, at: "2024-06-21T08:15:31.508Z")
        case .assignmentCompleted:
            candidate(kind, at: "2024-06-26T19:03:57.412Z")
        case .flagPlanted:
            candidate(kind, test: practiceTest, at: "2024-06-25T10:47:22.690Z")
        case .storePurchase:
            candidate(kind, at: "2024-06-22T20:11:05.237Z")
        case .learningRecordCreated:
            candidate(kind, score: 55, at: "2024-06-25T11:15:15.587Z")
        }
    }

    /// A summary about Ada.
    static func candidate(
        _ kind: EventKind, attempt: String? = nil, test: String? = nil, exam: String? = nil, score: Double? = nil,
        frac: Double? = nil, at time: String?
    ) -> EventSummary {
        EventSummary(
            kind: kind, attemptId: attempt, userId: ada.id, userEmail: ada.email, userName: ada.name, testTitle: test,
            examName: exam, score: score, scoreFrac: frac, occurredAt: time)
    }
}
