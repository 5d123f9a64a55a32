import JSONSyntax

/// The `question` block of flag.planted: the question a flag was planted on.
public struct FlaggedQuestion: Sendable, Equatable, Codable {
    /// The question's id (`objectId`, or `id`). Required.
    public let id: String
    /// The question's stem (its text).
    public let stem: String?
    /// Link to the question.
    public let url: String?

    enum CodingKeys: String, CodingKey {
        case id, stem, url
    }

    /// Decodes the block, reading the id from `objectId` or `id`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try decoder.identifier("objectId", or: "id")
        stem = try container.decodeIfPresent(String.self, forKey: .stem)
        url = try container.decodeIfPresent(String.self, forKey: .url)
    }
}

extension FlaggedQuestion: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        id = try object.identifier("objectId", or: "id")
        stem = try object.optional("stem")
        url = try object.optional("url")
    }
}
