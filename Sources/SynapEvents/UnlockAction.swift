import JSONSyntax

/// An entry of Store Purchase's `unlockActions`: something the purchase unlocked.
public struct UnlockAction: Sendable, Equatable, Codable {
    /// What kind of thing is unlocked (values undocumented).
    public let type: String?
    /// The id of the unlocked thing.
    public let targetId: String?
}

extension UnlockAction: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        type = try object.optional("type")
        targetId = try object.optional("targetId")
    }
}
