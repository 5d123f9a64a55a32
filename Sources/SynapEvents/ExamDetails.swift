import JSONSyntax

/// The `exam` block of exam.started, exam.submitted, exam.completed and Exam Results Released.
///
/// Required: `id` and `name`, which every variant documents as required. `userGroup` sits here in
/// exam.submitted and exam.started but at the top level in exam.completed (synap-events.md §7.3);
/// events expose `resolvedUserGroup` to read either.
public struct ExamDetails: Sendable, Equatable, Codable {
    /// The exam's id (`id` or `objectId`). Required.
    public let id: String
    /// The exam's name. Required.
    public let name: String
    /// The portal's custom exam attributes (an open map; keys are portal-specific).
    public let attr: [String: AttributeValue]?
    /// How many resits the exam allows or has had (undocumented).
    public let resitCount: Double?
    /// Ids of the tests the exam draws on.
    public let sourceTests: [String]?
    /// Marks per section grade (exam.submitted, exam.completed).
    public let sectionGrades: [SectionGrade]?
    /// The candidate's user group, when sent under `exam`.
    public let userGroup: UserGroupRef?

    enum CodingKeys: String, CodingKey {
        case id, name, attr, resitCount, sourceTests, sectionGrades, userGroup
    }

    /// Decodes the block, reading the id from `id` or `objectId`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try decoder.identifier("id", or: "objectId")
        name = try container.decode(String.self, forKey: .name)
        attr = try container.decodeIfPresent([String: AttributeValue].self, forKey: .attr)
        resitCount = try container.decodeIfPresent(Double.self, forKey: .resitCount)
        sourceTests = try container.decodeIfPresent([String].self, forKey: .sourceTests)
        sectionGrades = try container.decodeIfPresent([SectionGrade].self, forKey: .sectionGrades)
        userGroup = try container.decodeIfPresent(UserGroupRef.self, forKey: .userGroup)
    }
}

extension ExamDetails: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        id = try object.identifier("id", or: "objectId")
        name = try object.required("name")
        attr = try object.optional("attr")
        resitCount = try object.optional("resitCount")
        sourceTests = try object.optional("sourceTests")
        sectionGrades = try object.optional("sectionGrades")
        userGroup = try object.optional("userGroup")
    }
}
