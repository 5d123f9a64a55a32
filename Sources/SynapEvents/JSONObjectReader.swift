import JSONSyntax

/// Reads the members of one JSON object for a model's `init(reading:)`, with the rules of
/// `ValueKeyedContainer`: the first member wins when a key repeats, and an optional field that is
/// missing or `null` is nil.
struct JSONObjectReader {
    /// The object's members in document order.
    let members: [(String, JSONValue)]

    /// A reader over `value`, which must be an object.
    init(_ value: JSONValue) throws(ValueMismatch) {
        guard case .object(let members) = value else { throw ValueMismatch() }
        self.members = members
    }

    /// The value of the first member named `key`.
    func member(_ key: String) -> JSONValue? {
        for (memberKey, value) in members where memberKey == key { return value }
        return nil
    }

    /// A required field: missing is a mismatch; `null` is left to `T` (only `AttributeValue` accepts it).
    func required<T: JSONValueReadable>(_ key: String) throws(ValueMismatch) -> T {
        guard let value = member(key) else { throw ValueMismatch() }
        return try T(reading: value)
    }

    /// An optional field: nil when missing or `null`; any other value must fit `T`.
    func optional<T: JSONValueReadable>(_ key: String) throws(ValueMismatch) -> T? {
        switch member(key) {
        case nil, .null?: nil
        case let value?: try T(reading: value)
        }
    }

    /// A required id under `primary` or, when that is missing or null, `alternate`
    /// (the reader's counterpart of `Decoder.identifier(_:or:)`).
    func identifier(_ primary: String, or alternate: String) throws(ValueMismatch) -> String {
        guard let id = try optionalIdentifier(primary, or: alternate) else { throw ValueMismatch() }
        return id
    }

    /// An optional id under `primary` or `alternate`; a wrong type under the name that is read
    /// is still a mismatch (the counterpart of `Decoder.optionalIdentifier(_:or:)`).
    func optionalIdentifier(_ primary: String, or alternate: String) throws(ValueMismatch) -> String? {
        if let id: String = try optional(primary) { return id }
        return try optional(alternate)
    }
}
