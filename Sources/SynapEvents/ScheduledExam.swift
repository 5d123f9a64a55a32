import JSONSyntax

/// The `exam` block of user.registeredForExam: `{ objectId, url, name, schedule }`, and possibly
/// `userGroup` (the published interface's braces put it either here or at the top level, §7.8).
public struct ScheduledExam: Sendable, Equatable, Codable {
    /// The exam's id (`objectId`, or `id`). Required.
    public let id: String
    /// The exam's name. Required.
    public let name: String
    /// Link to the exam.
    public let url: String?
    /// When the exam opens and closes.
    public let schedule: ExamSchedule?
    /// The group through which the user was registered, when sent under `exam`.
    public let userGroup: UserGroupRef?

    enum CodingKeys: String, CodingKey {
        case id, name, url, schedule, userGroup
    }

    /// Decodes the block, reading the id from `objectId` or `id`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try decoder.identifier("objectId", or: "id")
        name = try container.decode(String.self, forKey: .name)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        schedule = try container.decodeIfPresent(ExamSchedule.self, forKey: .schedule)
        userGroup = try container.decodeIfPresent(UserGroupRef.self, forKey: .userGroup)
    }
}

extension ScheduledExam: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        id = try object.identifier("objectId", or: "id")
        name = try object.required("name")
        url = try object.optional("url")
        schedule = try object.optional("schedule")
        userGroup = try object.optional("userGroup")
    }
}
