import JSONSyntax

/// Reads the members of one JSON object for a model's `init(reading:)`, with the rules of
/// `ValueKeyedContainer`: the first member wins when a key repeats, and an optional field that is
/// missing or `null` is nil. A field that does not fit throws a `ValueMismatch` that names it.
struct JSONObjectReader {
    /// Objects with more members than this get an index, so that reading a model's fields costs
    /// time linear in the object's width (a model reads up to about 25 fields; a body may carry
    /// 100,000 unknown members). Below it, a scan is cheaper than building the index.
    static let indexThreshold = 32

    /// The object's members in document order.
    let members: [(String, JSONValue)]
    /// For wide objects, the position of each key's first member.
    private let firstPositions: [String: Int]?

    /// A reader over `value`, which must be an object.
    init(_ value: JSONValue) throws(ValueMismatch) {
        guard case .object(let members) = value else { throw .expected(.object, found: value) }
        self.members = members
        if members.count > Self.indexThreshold {
            // String hashing and `==` agree (both by canonical equivalence), so the index finds what the
            // scan would.
            var positions: [String: Int] = [:]
            positions.reserveCapacity(members.count)
            // Last to first, so that the first member of a repeated key is written last and stays.
            for position in members.indices.reversed() {
                positions[members[position].0] = position
            }
            firstPositions = positions
        } else {
            firstPositions = nil
        }
    }

    /// The value of the first member named `key`.
    func member(_ key: String) -> JSONValue? {
        if let firstPositions {
            return firstPositions[key].map { members[$0].1 }
        }
        let longest = Self.longestEquivalent(to: key)
        for (memberKey, value) in members where memberKey.utf8.count <= longest && memberKey == key {
            return value
        }
        return nil
    }

    /// A bound on the UTF-8 length of any string canonically equivalent to `key`, so that longer
    /// member keys are skipped without `==`, which would normalize them whole (a key of 100,000
    /// combining marks, compared with each field name a model reads).
    ///
    /// Equivalent strings share their NFD. Decomposing never lowers the number of scalars, and a
    /// scalar decomposes into at most 4 (U+1F82), so a string equivalent to `key` has at most
    /// 4 × (scalars of `key`) ≤ 4 × (bytes of `key`) scalars, of at most 4 bytes each. (For the
    /// models' ASCII field names 4 × would do; 16 × keeps the bound true for any key, at no cost
    /// to compute.)
    @inline(__always)
    static func longestEquivalent(to key: String) -> Int {
        16 &* key.utf8.count
    }

    /// A required field: missing is a mismatch; `null` is left to `T` (only `AttributeValue` accepts it).
    func required<T: JSONValueReadable>(_ key: String) throws(ValueMismatch) -> T {
        guard let value = member(key) else { throw .missing(key) }
        do {
            return try T(reading: value)
        } catch {
            throw error.inside(key)
        }
    }

    /// An optional field: nil when missing or `null`; any other value must fit `T`.
    func optional<T: JSONValueReadable>(_ key: String) throws(ValueMismatch) -> T? {
        switch member(key) {
        case nil, .null?:
            return nil
        case let value?:
            do {
                return try T(reading: value)
            } catch {
                throw error.inside(key)
            }
        }
    }

    /// A required id under `primary` or, when that is missing or null, `alternate`
    /// (the reader's counterpart of `Decoder.identifier(_:or:)`); reported under `primary`.
    func identifier(_ primary: String, or alternate: String) throws(ValueMismatch) -> String {
        guard let id = try optionalIdentifier(primary, or: alternate) else {
            throw .missing(primary, alternate: alternate)
        }
        return id
    }

    /// An optional id under `primary` or `alternate`; a wrong type under the name that is read
    /// is still a mismatch (the counterpart of `Decoder.optionalIdentifier(_:or:)`).
    func optionalIdentifier(_ primary: String, or alternate: String) throws(ValueMismatch) -> String? {
        if let id: String = try optional(primary) { return id }
        return try optional(alternate)
    }
}
