import JSONSyntax
import Testing

/// Deep nesting: refused past the limit with a clear error, and no recursion in parsing, `==` or
/// `serialized()` at any depth.
@Suite("JSONValue depth")
struct JSONValueDepthTests {
    static func nested(_ depth: Int) -> [UInt8] {
        Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth)
    }

    /// Frees a deeply nested array one level at a time. The runtime frees a value recursively, so
    /// dropping 100,000 levels at once would overflow the stack: the reason for `defaultMaxDepth`.
    static func dismantle(_ value: inout JSONValue) {
        while case .array(let elements) = value, let inner = elements.first {
            value = inner
        }
    }

    @Test func limitIsExplicitAndRefusedClearly() throws {
        #expect(JSONValue.defaultMaxDepth == 512)
        #expect(throws: Never.self) { try JSONValue(parsing: Self.nested(512)) }
        let tooDeep = Self.nested(100_000)
        let expected = JSONSyntaxError(offset: 512, line: 1, column: 513, reason: "nesting deeper than 512")
        #expect(throws: expected) { try JSONValue(parsing: tooDeep) }
        #expect(JSONSyntaxValidator.validate(tooDeep) == expected)
        #expect(
            expected.description == "invalid JSON at line 1, column 513 (byte 512): nesting deeper than 512")
    }

    @Test func equalityAndSerializationDoNotRecurse() throws {
        let text = Self.nested(100_000)
        var value = try JSONValue(parsing: text, maxDepth: .max)
        var same = try JSONValue(parsing: text, maxDepth: .max)
        var other = try JSONValue(parsing: Self.nested(99_999), maxDepth: .max)
        #expect(value == same)
        #expect(value != other)
        #expect(value.serialized().utf8.elementsEqual(text))
        Self.dismantle(&value)
        Self.dismantle(&same)
        Self.dismantle(&other)
    }

    @Test func deepMixedValueRoundTrips() throws {
        // Objects and arrays alternating for 511 levels, a scalar at the bottom, siblings at every level.
        var text = ""
        for level in 0..<511 { text += level % 2 == 0 ? #"{"k\#(level)":"# : #"[1,{"x":null},"# }
        text += "true"
        for level in (0..<511).reversed() { text += level % 2 == 0 ? "}" : #","s"]"# }
        let value = try JSONValue(parsing: Array(text.utf8))
        #expect(value.serialized() == text)
        #expect(try JSONValue(parsing: Array(value.serialized().utf8)) == value)
    }
}
