import JSONSyntax

/// A `userGroup` block. Typed `{ id?, name? }` in exam.submitted and exam.completed,
/// `{ id, name }` in exam.started and `{ objectId, name }` in user.registeredForExam, so both
/// members are optional and the id is read from `id` or `objectId`.
public struct UserGroupRef: Sendable, Equatable, Codable {
    /// The group's id.
    public let id: String?
    /// The group's name.
    public let name: String?

    enum CodingKeys: String, CodingKey {
        case id, name
    }

    /// Creates a group reference.
    public init(id: String?, name: String?) {
        self.id = id
        self.name = name
    }

    /// Decodes `id` or `objectId`, and `name`; all optional.
    public init(from decoder: any Decoder) throws {
        id = try decoder.optionalIdentifier("id", or: "objectId")
        name = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .name)
    }
}

extension UserGroupRef: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        id = try object.optionalIdentifier("id", or: "objectId")
        name = try object.optional("name")
    }
}
