import JSONSyntax

/// An entry of `exam.sectionGrades`: one section's marks.
public struct SectionGrade: Sendable, Equatable, Codable {
    /// The section's id.
    public let id: String?
    /// The section's marks.
    public let marks: Marks?
}

extension SectionGrade: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        id = try object.optional("id")
        marks = try object.optional("marks")
    }
}
