import JSONSyntax

/// The `assignment` block of assignment.completed.
public struct AssignmentRef: Sendable, Equatable, Codable {
    /// The assignment's id (`objectId`, or `id`). Required.
    public let id: String
    /// The assignment's name. Required.
    public let name: String
    /// The assignment's status (values undocumented).
    public let status: String?

    enum CodingKeys: String, CodingKey {
        case id, name, status
    }

    /// Decodes the block, reading the id from `objectId` or `id`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try decoder.identifier("objectId", or: "id")
        name = try container.decode(String.self, forKey: .name)
        status = try container.decodeIfPresent(String.self, forKey: .status)
    }
}

extension AssignmentRef: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        id = try object.identifier("objectId", or: "id")
        name = try object.required("name")
        status = try object.optional("status")
    }
}
