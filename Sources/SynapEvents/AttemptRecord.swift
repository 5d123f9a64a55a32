import JSONSyntax

/// The `attempt` block of the started, submitted, completed and results-released events.
///
/// One type serves all of them: started events send a subset, exam.completed adds `grade` and
/// `gradeCriteria`, Exam Results Released adds the moderation and audit fields. Only `id` is
/// required; scores are optional because submitted payloads carry marks only when the attempt
/// could be marked automatically (synap-events.md §1.2), and the rest is detail, not identity.
public struct AttemptRecord: Sendable, Equatable, Codable {
    /// The attempt's id. Required.
    public let id: String
    /// Whether this is an exam attempt. Documented as the literal `false` in attempt.* and `true`
    /// in exam.*, yet attempt.* also fires for exams (§7.2): read it, do not rely on it.
    public let isExam: Bool?
    /// Score, on the test's scale.
    public let score: Double?
    /// Score as a fraction (presumably 0–1).
    public let scoreFrac: Double?
    /// Questions answered correctly.
    public let totalAnsweredCorrectly: Double?
    /// The grade earned (exam.completed, Exam Results Released).
    public let grade: Grade?
    /// The grade bands (exam.completed, Exam Results Released).
    public let gradeCriteria: GradeCriteria?
    /// Progress and marking state.
    public let state: AttemptState?
    /// Marks (Synap's undefined `Marks` type).
    public let marks: Marks?
    /// Number of questions in the attempt.
    public let totalQuestions: Double?
    /// The test's tags.
    public let tags: Tags?
    /// Number of questions answered.
    public let totalAnswered: Double?
    /// When the attempt started.
    public let timeStarted: SynapTimestamp?
    /// When the attempt was completed.
    public let timeCompleted: SynapTimestamp?
    /// Time spent, in milliseconds.
    public let timeSpentInMs: Double?
    /// Attempt status (Exam Results Released; values undocumented).
    public let status: String?
    /// Exam status (Exam Results Released; values undocumented).
    public let examStatus: String?
    /// Proctoring status (Exam Results Released; `string | null`).
    public let proctorStatus: String?
    /// Markers assigned to moderate (Exam Results Released).
    public let assignedModeratingMarkers: [ObjectRef]?
    /// The marker (Exam Results Released).
    public let marker: ObjectRef?
    /// Who finalised and released the results (Exam Results Released).
    public let audit: AttemptAudit?
    /// How many resits this attempt is (Exam Results Released).
    public let resitCount: Double?
}

extension AttemptRecord: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        id = try object.required("id")
        isExam = try object.optional("isExam")
        score = try object.optional("score")
        scoreFrac = try object.optional("scoreFrac")
        totalAnsweredCorrectly = try object.optional("totalAnsweredCorrectly")
        grade = try object.optional("grade")
        gradeCriteria = try object.optional("gradeCriteria")
        state = try object.optional("state")
        marks = try object.optional("marks")
        totalQuestions = try object.optional("totalQuestions")
        tags = try object.optional("tags")
        totalAnswered = try object.optional("totalAnswered")
        timeStarted = try object.optional("timeStarted")
        timeCompleted = try object.optional("timeCompleted")
        timeSpentInMs = try object.optional("timeSpentInMs")
        status = try object.optional("status")
        examStatus = try object.optional("examStatus")
        proctorStatus = try object.optional("proctorStatus")
        assignedModeratingMarkers = try object.optional("assignedModeratingMarkers")
        marker = try object.optional("marker")
        audit = try object.optional("audit")
        resitCount = try object.optional("resitCount")
    }
}
