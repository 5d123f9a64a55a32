/// A fast, allocation-free check that bytes are exactly one well-formed JSON text (RFC 8259).
///
/// Checks the grammar, strict UTF-8 inside strings and a nesting limit; it builds nothing. It is `JSONParser`
/// with a sink that keeps nothing, so it accepts exactly what `JSONValue(parsing:)` accepts and gives the same
/// errors. To check a body that will be used afterwards, call `JSONValue(parsing:)` instead: it checks and builds
/// in one pass. Iterative, so a deeply nested input cannot overflow the stack.
public enum JSONSyntaxValidator {
    /// Returns nil when `bytes` is exactly one well-formed JSON text (whitespace around it allowed), else the
    /// first error. A byte-order mark is not accepted (RFC 8259 §8.1: senders must not add one). Nesting deeper
    /// than `maxDepth` is an error ("nesting deeper than 512"); see `JSONValue.defaultMaxDepth`.
    public static func validate(
        _ bytes: UnsafeRawBufferPointer, maxDepth: Int = JSONValue.defaultMaxDepth
    ) -> JSONSyntaxError? {
        var sink = IgnoredTokens()
        return JSONParser.parse(bytes, maxDepth: maxDepth, into: &sink)
    }

    /// Returns nil when `bytes` is exactly one well-formed JSON text, else the first error.
    public static func validate(_ bytes: [UInt8], maxDepth: Int = JSONValue.defaultMaxDepth) -> JSONSyntaxError? {
        bytes.withUnsafeBytes { validate($0, maxDepth: maxDepth) }
    }
}
