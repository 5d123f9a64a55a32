/// A JSON value that keeps everything the text said: number literals as written and object members in order
/// (duplicates included).
///
/// Parsed once from a body (`init(parsing:)`, which is also the syntax check), then decoded, filtered and
/// kind-detected without going back to the bytes. Equality is structural: numbers compare by literal text
/// (`1.0 != 1`), objects by members in order.
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

    /// The nesting limit of `init(parsing:)` and `JSONSyntaxValidator.validate`: 512 arrays and objects inside
    /// one another. Deeper text is refused as a syntax error, "nesting deeper than 512".
    ///
    /// Parsing, `==` and `serialized()` are iterative and would take any depth in linear time, but a value is
    /// freed recursively by the Swift runtime, and readers of open maps (SynapEvents' `AttributeValue`) recurse
    /// too: the limit bounds that recursion well inside a 512 KiB thread stack. Synap's payloads nest about six
    /// levels.
    public static let defaultMaxDepth = 512

    /// Parses exactly one JSON text (whitespace around it allowed): the syntax check and the value in one pass.
    ///
    /// Accepts exactly what `JSONSyntaxValidator.validate` accepts and throws the same error (same reason, line,
    /// column and offset), since both are `JSONParser` with different sinks. A `\u` escape of a lone surrogate
    /// (valid JSON, but not a Unicode scalar) becomes U+FFFD. Time is linear in the size of the text.
    public init(parsing bytes: UnsafeRawBufferPointer, maxDepth: Int = Self.defaultMaxDepth) throws(JSONSyntaxError) {
        var builder = JSONValueBuilder(bytes: bytes)
        if let error = JSONParser.parse(bytes, maxDepth: maxDepth, into: &builder) { throw error }
        self = builder.value
    }

    /// Parses exactly one JSON text (whitespace around it allowed): the syntax check and the value in one pass.
    public init(parsing bytes: [UInt8], maxDepth: Int = Self.defaultMaxDepth) throws(JSONSyntaxError) {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONSyntaxError) in try JSONValue(parsing: raw, maxDepth: maxDepth) }
        }
        self = try result.get()
    }

    /// Structural equality; numbers by literal text, objects by members in order. Iterative: any depth is safe.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        // Pairs still to compare; scalars are compared on the spot, so the stack only grows with containers.
        var pending: [(JSONValue, JSONValue)] = []
        var pair = (lhs, rhs)
        while true {
            switch pair {
            case (.null, .null):
                break
            case let (.bool(left), .bool(right)):
                guard left == right else { return false }
            case let (.number(left), .number(right)):
                guard left == right else { return false }
            case let (.string(left), .string(right)):
                guard left == right else { return false }
            case let (.array(left), .array(right)):
                guard left.count == right.count else { return false }
                for index in left.indices { pending.append((left[index], right[index])) }
            case let (.object(left), .object(right)):
                guard left.count == right.count else { return false }
                for index in left.indices {
                    guard left[index].0 == right[index].0 else { return false }
                    pending.append((left[index].1, right[index].1))
                }
            default:
                return false
            }
            guard let next = pending.popLast() else { return true }
            pair = next
        }
    }
}
