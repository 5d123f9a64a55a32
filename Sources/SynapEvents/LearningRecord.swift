import JSONSyntax

/// The `learningRecord` block of learningRecord.created. The page shows only an example payload
/// ([CUT]), so types are inferred from the example values.
public struct LearningRecord: Sendable, Equatable, Codable {
    /// The record's id (`objectId`, or `id`). Required.
    public let id: String
    /// The record's name. Required.
    public let name: String
    /// The score recorded (55 in the example).
    public let score: Double?
    /// Whether the learner can see the record.
    public let visibleToStudent: Bool?
    /// When the learning was achieved.
    public let achievedOn: SynapTimestamp?
    /// The record's custom attributes (an open map; the example has `grade` and a `file` with a
    /// pre-signed URL valid for about an hour).
    public let attr: [String: AttributeValue]?

    enum CodingKeys: String, CodingKey {
        case id, name, score, visibleToStudent, achievedOn, attr
    }

    /// Decodes the block, reading the id from `objectId` or `id`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try decoder.identifier("objectId", or: "id")
        name = try container.decode(String.self, forKey: .name)
        score = try container.decodeIfPresent(Double.self, forKey: .score)
        visibleToStudent = try container.decodeIfPresent(Bool.self, forKey: .visibleToStudent)
        achievedOn = try container.decodeIfPresent(SynapTimestamp.self, forKey: .achievedOn)
        attr = try container.decodeIfPresent([String: AttributeValue].self, forKey: .attr)
    }
}

extension LearningRecord: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        id = try object.identifier("objectId", or: "id")
        name = try object.required("name")
        score = try object.optional("score")
        visibleToStudent = try object.optional("visibleToStudent")
        achievedOn = try object.optional("achievedOn")
        attr = try object.optional("attr")
    }
}
