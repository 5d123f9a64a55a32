/// Just enough of a JSON object's shape for `EventKindDetector`: which members are present, a few
/// nested objects, `eventName`, and whether `score` is a number.
///
/// Decoding this is cheaper than decoding the whole body as `AttributeValue`: member values are
/// skipped, not built, and no failed type guesses are thrown for every value.
struct PayloadShape: Decodable {
    /// Members that are present and not null.
    let members: Set<String>
    /// The members named in `nestedNames` that are objects.
    let nested: [String: PayloadShape]
    /// `eventName`, if it is a string.
    let eventName: String?
    /// Whether `score` is a number (attempt.completed), not an object (attemptOverride.created).
    let scoreIsNumber: Bool

    /// The nested objects the detection rules look into, at any depth.
    static let nestedNames: Set<String> = ["meta", "attempt", "state", "exam", "previousValues"]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        var members: Set<String> = []
        for key in container.allKeys where try !container.decodeNil(forKey: key) {
            members.insert(key.stringValue)
        }
        var nested: [String: PayloadShape] = [:]
        for name in Self.nestedNames.intersection(members) {
            nested[name] = try? container.decode(PayloadShape.self, forKey: AnyCodingKey(name))
        }
        self.members = members
        self.nested = nested
        eventName =
            members.contains("eventName") ? try? container.decode(String.self, forKey: AnyCodingKey("eventName")) : nil
        scoreIsNumber =
            members.contains("score") && (try? container.decode(Double.self, forKey: AnyCodingKey("score"))) != nil
    }

    /// Whether member `name` is present and not null.
    func has(_ name: String) -> Bool {
        members.contains(name)
    }

    /// The nested object `name`, if present and an object.
    subscript(name: String) -> PayloadShape? {
        nested[name]
    }
}
