/// A JSON value that keeps everything the text said: number literals as written and object members in order
/// (duplicates included).
///
/// Used for filters, field lookups and shape detection, where a typed decode would be too strict or too slow.
/// Equality is structural: numbers compare by literal text (`1.0 != 1`), objects by members in order.
public enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, kept as its literal text (e.g. `"-1.50e+3"`), so nothing is lost to `Double` rounding.
    case number(String)
    /// A string with its escapes decoded.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object's members in document order; a key may repeat (RFC 8259 §4 allows it).
    case object([(String, JSONValue)])

    /// Parses exactly one JSON text (whitespace around it allowed).
    ///
    /// Accepts exactly what `JSONSyntaxValidator.validate` accepts and throws the same error, because it runs
    /// the validator first and then builds the value from input known to be well-formed. A `\u` escape of a
    /// lone surrogate (valid JSON, but not a Unicode scalar) becomes U+FFFD. `maxDepth` also bounds the
    /// recursion of `==`, `serialized()` and deallocation, which walk the finished value recursively.
    public init(parsing bytes: [UInt8], maxDepth: Int = 512) throws(JSONSyntaxError) {
        let result = bytes.withUnsafeBytes { raw -> Result<JSONValue, JSONSyntaxError> in
            if let error = JSONSyntaxValidator.validate(raw, maxDepth: maxDepth) { return .failure(error) }
            // validate() has just accepted a non-empty buffer, so baseAddress is non-nil.
            var builder = JSONValueBuilder(scanner: JSONScanner(base: raw.baseAddress!, count: raw.count))
            return .success(builder.build())
        }
        self = try result.get()
    }

    /// Structural equality; numbers by literal text, objects by members in order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null):
            return true
        case let (.bool(left), .bool(right)):
            return left == right
        case let (.number(left), .number(right)):
            return left == right
        case let (.string(left), .string(right)):
            return left == right
        case let (.array(left), .array(right)):
            return left == right
        case let (.object(left), .object(right)):
            return left.count == right.count
                && zip(left, right).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default:
            return false
        }
    }
}
