/// A coding key made from any string, used to read a field under either of two names.
struct AnyCodingKey: CodingKey, Hashable {
    let stringValue: String
    let intValue: Int?

    init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    init?(stringValue: String) {
        self.init(stringValue)
    }

    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }

    /// Prefix of the debug description of a `keyNotFound` thrown by `identifier(_:or:)`; the error
    /// converter turns it into "missing required field (or objectId)".
    static let alternatePrefix = "also accepted as "
}

extension Decoder {
    /// Reads a required identifier stored under `primary` or, when that is absent or null, under
    /// `alternate`. Synap names ids `id` in some payloads and `objectId` in others (synap-events.md §7.11).
    /// A missing identifier is reported under `primary`.
    func identifier(_ primary: String, or alternate: String) throws -> String {
        if let value = try optionalIdentifier(primary, or: alternate) { return value }
        throw DecodingError.keyNotFound(
            AnyCodingKey(primary),
            DecodingError.Context(codingPath: codingPath, debugDescription: AnyCodingKey.alternatePrefix + alternate))
    }

    /// Reads an optional identifier stored under `primary` or `alternate`; `nil` when neither is present.
    /// A value of the wrong type under either name still throws.
    func optionalIdentifier(_ primary: String, or alternate: String) throws -> String? {
        let container = try container(keyedBy: AnyCodingKey.self)
        if let value = try container.decodeIfPresent(String.self, forKey: AnyCodingKey(primary)) {
            return value
        }
        return try container.decodeIfPresent(String.self, forKey: AnyCodingKey(alternate))
    }
}
