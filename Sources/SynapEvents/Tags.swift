import JSONSyntax

/// The `attempt.tags` block: the test's tags grouped by facet. Every list is optional because the
/// block itself is optional on exam.completed and Exam Results Released adds `context`.
public struct Tags: Sendable, Equatable, Codable {
    /// Tags outside any facet.
    public let nonFacetTags: [String]?
    /// `context` facet (Exam Results Released only).
    public let context: [String]?
    /// `skill` facet.
    public let skill: [String]?
    /// `difficulty` facet.
    public let difficulty: [String]?
    /// `subtopic` facet.
    public let subtopic: [String]?
    /// `topic` facet.
    public let topic: [String]?
    /// `subject` facet.
    public let subject: [String]?
    /// `module` facet.
    public let module: [String]?
    /// `exam` facet.
    public let exam: [String]?
}

extension Tags: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        nonFacetTags = try object.optional("nonFacetTags")
        context = try object.optional("context")
        skill = try object.optional("skill")
        difficulty = try object.optional("difficulty")
        subtopic = try object.optional("subtopic")
        topic = try object.optional("topic")
        subject = try object.optional("subject")
        module = try object.optional("module")
        exam = try object.optional("exam")
    }
}
