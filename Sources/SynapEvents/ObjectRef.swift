import JSONSyntax

/// A reference to another Synap object: `{ id }` or `{ objectId, name }` (override `exam`,
/// `attempt.marker`, `assignedModeratingMarkers[]`, group `moderators[]`, `assignmentGroup`).
public struct ObjectRef: Sendable, Equatable, Codable {
    /// The object's id (`id` or `objectId`). Required.
    public let id: String
    /// The object's name, where the payload gives one.
    public let name: String?

    enum CodingKeys: String, CodingKey {
        case id, name
    }

    /// Creates a reference.
    public init(id: String, name: String? = nil) {
        self.id = id
        self.name = name
    }

    /// Decodes `id` or `objectId`, and an optional `name`.
    public init(from decoder: any Decoder) throws {
        id = try decoder.identifier("id", or: "objectId")
        name = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .name)
    }
}

extension ObjectRef: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        id = try object.identifier("id", or: "objectId")
        name = try object.optional("name")
    }
}
