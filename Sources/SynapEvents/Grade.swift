import JSONSyntax

/// A grade band: `attempt.grade` and each entry of `attempt.gradeCriteria.grades`.
/// Optional in exam.completed, required in Exam Results Released (synap-events.md §7.5), so every
/// member is optional.
public struct Grade: Sendable, Equatable, Codable {
    /// The grade's label, e.g. "Merit".
    public let label: String?
    /// Lowest score (same scale as `attempt.score`) that earns this grade.
    public let minScore: Double?
    /// Whether this grade is a pass.
    public let isPass: Bool?
}

extension Grade: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        label = try object.optional("label")
        minScore = try object.optional("minScore")
        isPass = try object.optional("isPass")
    }
}
