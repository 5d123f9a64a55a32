import JSONSyntax

/// The `portal` block: the Synap portal (tenant) the event belongs to.
public struct Portal: Sendable, Equatable, Codable {
    /// The portal's id. Required when the block is present.
    public let id: String

    /// Creates a portal reference.
    public init(id: String) {
        self.id = id
    }
}

extension Portal: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        id = try object.required("id")
    }
}
