import JSONSyntax

/// The `test` block: the test (quiz, collection, exam paper) an attempt is on.
/// Documented as `{ id, title }`, and as `{ objectId, title }` in flag.planted; both are read.
public struct TestRef: Sendable, Equatable, Codable {
    /// The test's id (`id` or `objectId`). Required.
    public let id: String
    /// The test's title. Required: it is how a person recognises the test in logs.
    public let title: String

    enum CodingKeys: String, CodingKey {
        case id, title
    }

    /// Creates a test reference.
    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }

    /// Decodes `id` or `objectId`, and `title`.
    public init(from decoder: any Decoder) throws {
        id = try decoder.identifier("id", or: "objectId")
        title = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .title)
    }
}

extension TestRef: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        id = try object.identifier("id", or: "objectId")
        title = try object.required("title")
    }
}
