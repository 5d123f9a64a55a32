/// An entry of `exam.sectionGrades`: one section's marks.
public struct SectionGrade: Sendable, Equatable, Codable {
    /// The section's id.
    public let id: String?
    /// The section's marks.
    public let marks: Marks?
}
