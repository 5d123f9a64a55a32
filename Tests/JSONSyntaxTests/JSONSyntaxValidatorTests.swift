import JSONSyntax
import Testing

@Suite("JSONSyntaxValidator")
struct JSONSyntaxValidatorTests {
    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let input: [UInt8]
        let offset: Int
        let line: Int
        let column: Int
        let reason: String
        var testDescription: String { String(decoding: input, as: UTF8.self).debugDescription }

        init(_ input: String, offset: Int, line: Int = 1, column: Int? = nil, _ reason: String) {
            self.init(bytes: Array(input.utf8), offset: offset, line: line, column: column, reason)
        }

        init(bytes: [UInt8], offset: Int, line: Int = 1, column: Int? = nil, _ reason: String) {
            self.input = bytes
            self.offset = offset
            self.line = line
            self.column = column ?? offset + 1
            self.reason = reason
        }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase("", offset: 0, "unexpected end of input, expected a value"),
        ErrorCase("  \n ", offset: 4, line: 2, column: 2, "unexpected end of input, expected a value"),
        ErrorCase(#"{"a":1,}"#, offset: 7, "unexpected '}', expected a string key"),
        ErrorCase(#"{"a":}"#, offset: 5, "unexpected '}', expected a value"),
        ErrorCase(#"{"a" 1}"#, offset: 5, "unexpected '1', expected ':'"),
        ErrorCase("[1,\n  2,\n  }", offset: 11, line: 3, column: 3, "unexpected '}', expected a value"),
        ErrorCase("[\r\n1,\r\nx]", offset: 7, line: 3, column: 1, "unexpected 'x', expected a value"),
        ErrorCase("[1 2]", offset: 3, "unexpected '2', expected ',' or ']'"),
        ErrorCase("[1}", offset: 2, "unexpected '}', expected ',' or ']'"),
        ErrorCase(#"{"a":1]"#, offset: 6, "unexpected ']', expected ',' or '}'"),
        ErrorCase("[1] x", offset: 4, "unexpected 'x' after the JSON text"),
        ErrorCase("[1", offset: 2, "unexpected end of input, expected ',' or ']'"),
        ErrorCase(#"  "abc"#, offset: 2, column: 3, "unterminated string"),
        ErrorCase("[01]", offset: 2, "leading zeros are not allowed in numbers"),
        ErrorCase("-", offset: 1, "expected a digit after '-'"),
        ErrorCase("1.", offset: 2, "expected a digit after '.'"),
        ErrorCase("1e+x", offset: 3, "expected a digit after '+'"),
        ErrorCase("[tru]", offset: 4, "unexpected ']' while reading 'true'"),
        ErrorCase("nul", offset: 3, "unexpected end of input, expected 'null'"),
        ErrorCase(#""\u12G4""#, offset: 5, #"invalid \u escape: 'G' is not a hex digit"#),
        ErrorCase(#""\x""#, offset: 2, #"invalid escape '\x' in string"#),
        ErrorCase("[\"a\u{1}\"]", offset: 3, "unescaped control character 0x01 in string"),
        ErrorCase(
            bytes: [0x22, 0x61, 0xC3, 0x28, 0x22], offset: 2,
            "invalid UTF-8 in string: ill-formed sequence starting with byte 0xC3"),
        ErrorCase(bytes: [0x22, 0x80, 0x22], offset: 1, "invalid UTF-8 in string: byte 0x80 cannot start a character"),
        ErrorCase(bytes: [0xEF, 0xBB, 0xBF, 0x7B, 0x7D], offset: 0, "unexpected byte 0xEF, expected a value"),
        ErrorCase(bytes: [0x5B, 0x00, 0x5D], offset: 1, "unexpected byte 0x00, expected a value or ']'"),
    ]

    @Test(arguments: errorCases)
    func errorPositions(_ testCase: ErrorCase) throws {
        let error = try #require(JSONSyntaxValidator.validate(testCase.input))
        #expect(error.offset == testCase.offset)
        #expect(error.line == testCase.line)
        #expect(error.column == testCase.column)
        #expect(error.reason == testCase.reason)
    }

    @Test func descriptionNamesLineColumnAndByte() {
        let error = JSONSyntaxValidator.validate(Array(#"{"name": "x",}"#.utf8))
        #expect(
            error?.description == "invalid JSON at line 1, column 14 (byte 13): unexpected '}', expected a string key")
    }

    @Test func pointerAndArrayOverloadsAgree() {
        let input = Array(#"{"a":[1,2,{"b":null}]}"#.utf8)
        #expect(input.withUnsafeBytes { JSONSyntaxValidator.validate($0) } == nil)
        let broken = Array(#"{"a":[1,2,{"b":nul}]}"#.utf8)
        #expect(broken.withUnsafeBytes { JSONSyntaxValidator.validate($0) } == JSONSyntaxValidator.validate(broken))
    }

    /// Only the bytes inside the buffer count: a quote just past its end must not close the string.
    @Test func neverReadsPastTheBuffer() {
        let input = Array(#""abcdefghijklmnop" "#.utf8)
        input.withUnsafeBytes { raw in
            for end in 1..<18 {
                let error = JSONSyntaxValidator.validate(UnsafeRawBufferPointer(rebasing: raw[0..<end]))
                #expect(error?.reason == "unterminated string", "prefix of \(end) bytes")
            }
            #expect(JSONSyntaxValidator.validate(UnsafeRawBufferPointer(rebasing: raw[0..<18])) == nil)
        }
    }

    @Test func topLevelScalarsAndWhitespace() {
        for text in ["0", "-0", "1.5e-7", "\"\"", "true", "false", "null", " \t\r\n[] \t\r\n", "{}", "[[],{}]"] {
            #expect(JSONSyntaxValidator.validate(Array(text.utf8)) == nil, "\(text.debugDescription)")
        }
    }

    @Test func depthLimit() {
        let nested = Array("[[{\"a\":[1]}]]".utf8)  // four levels
        #expect(JSONSyntaxValidator.validate(nested, maxDepth: 4) == nil)
        let error = JSONSyntaxValidator.validate(nested, maxDepth: 3)
        #expect(error?.offset == 7)
        #expect(error?.reason == "nesting deeper than 3")
        #expect(JSONSyntaxValidator.validate(Array("1".utf8), maxDepth: 0) == nil)
        #expect(JSONSyntaxValidator.validate(Array("[]".utf8), maxDepth: 0)?.offset == 0)
        #expect(JSONSyntaxValidator.validate(Array("[]".utf8), maxDepth: -5)?.offset == 0)
    }

    /// Iterative: a million levels neither overflow the stack nor confuse array and object levels.
    @Test func millionLevelsWithoutRecursion() {
        let depth = 1_000_000
        var balanced = [UInt8](repeating: UInt8(ascii: "["), count: depth)
        balanced += [UInt8](repeating: UInt8(ascii: "]"), count: depth)
        #expect(JSONSyntaxValidator.validate(balanced, maxDepth: .max) == nil)
        #expect(JSONSyntaxValidator.validate(balanced)?.reason == "nesting deeper than 512")

        var mixed: [UInt8] = []
        for level in 0..<1000 { mixed += Array((level % 2 == 0 ? "[" : "{\"k\":").utf8) }
        mixed += [UInt8(ascii: "0")]
        for level in (0..<1000).reversed() { mixed.append(level % 2 == 0 ? UInt8(ascii: "]") : UInt8(ascii: "}")) }
        #expect(JSONSyntaxValidator.validate(mixed, maxDepth: 1000) == nil)
        mixed.swapAt(mixed.count - 1, mixed.count - 2)  // "}]" becomes "]}" at the two outermost levels
        #expect(JSONSyntaxValidator.validate(mixed, maxDepth: 1000) != nil)
    }

    /// Every single byte inside a string: printable ASCII (not `"` or `\`) and DEL are fine, controls are not,
    /// and a lone byte >= 0x80 is never a whole UTF-8 character.
    @Test func everyByteInsideAString() {
        for byte in UInt8.min...UInt8.max where byte != UInt8(ascii: "\"") {
            let error = JSONSyntaxValidator.validate([0x22, byte, 0x22])
            let expectedValid = byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\\")
            #expect((error == nil) == expectedValid, "byte \(byte)")
        }
    }

    @Test func everyEscape() {
        let allowed = Set(#""\/bfnrt"#.utf8)
        for byte in UInt8.min...UInt8.max {
            let valid = JSONSyntaxValidator.validate([0x22, 0x5C, byte, 0x22]) == nil
            #expect(valid == allowed.contains(byte), "escape byte \(byte)")
        }
        #expect(JSONSyntaxValidator.validate(Array(#""\u00aF\uD800\uDFFF""#.utf8)) == nil)
    }

    /// Unicode Table 3-7, at its boundaries.
    @Test(arguments: [
        ([0xC2, 0x80], true), ([0xDF, 0xBF], true), ([0xE0, 0xA0, 0x80], true), ([0xE1, 0x80, 0x80], true),
        ([0xEC, 0xBF, 0xBF], true), ([0xED, 0x80, 0x80], true), ([0xED, 0x9F, 0xBF], true),
        ([0xEE, 0x80, 0x80], true), ([0xEF, 0xBF, 0xBF], true), ([0xF0, 0x90, 0x80, 0x80], true),
        ([0xF3, 0xBF, 0xBF, 0xBF], true), ([0xF4, 0x8F, 0xBF, 0xBF], true),
        ([0xC0, 0x80], false), ([0xC1, 0xBF], false), ([0xC2, 0x7F], false), ([0xC2, 0xC0], false),
        ([0xE0, 0x9F, 0xBF], false), ([0xED, 0xA0, 0x80], false), ([0xED, 0xBF, 0xBF], false),
        ([0xE1, 0x80], false), ([0xE1, 0x80, 0x7F], false), ([0xF0, 0x8F, 0xBF, 0xBF], false),
        ([0xF4, 0x90, 0x80, 0x80], false), ([0xF5, 0x80, 0x80, 0x80], false), ([0xF1, 0x80, 0x80], false),
        ([0xFE], false), ([0xFF], false), ([0x80], false), ([0xBF], false),
    ] as [([UInt8], Bool)])
    func utf8Sequences(sequence: [UInt8], valid: Bool) {
        let error = JSONSyntaxValidator.validate([0x22] + sequence + [0x22])
        #expect((error == nil) == valid)
        if !valid { #expect(error?.offset == 1) }
    }

    /// A byte that needs attention is found at every position relative to the eight-byte fast path.
    @Test(arguments: [
        (UInt8(0x01), "unescaped control character 0x01 in string"),
        (UInt8(0x1F), "unescaped control character 0x1F in string"),
        (UInt8(0x80), "invalid UTF-8 in string: byte 0x80 cannot start a character"),
        (UInt8(0xFF), "invalid UTF-8 in string: byte 0xFF cannot start a character"),
    ])
    func specialByteAtEveryPosition(byte: UInt8, reason: String) {
        for position in 0..<40 {
            var input = [UInt8(ascii: "\"")] + [UInt8](repeating: UInt8(ascii: "a"), count: 40) + [UInt8(ascii: "\"")]
            input[1 + position] = byte
            let error = JSONSyntaxValidator.validate(input)
            #expect(error?.offset == 1 + position && error?.reason == reason, "position \(position)")
        }
    }

    @Test func quoteAndEscapeAtEveryPosition() {
        for position in 0..<40 {
            var input = [UInt8(ascii: "\"")] + [UInt8](repeating: UInt8(ascii: "~"), count: 41) + [UInt8(ascii: "\"")]
            input[1 + position] = UInt8(ascii: "\"")
            #expect(JSONSyntaxValidator.validate(input)?.offset == 2 + position, "quote at \(position)")
            input[1 + position] = UInt8(ascii: "\\")
            let escaped = JSONSyntaxValidator.validate(input)
            #expect(escaped?.offset == 2 + position && escaped?.reason == #"invalid escape '\~' in string"#)
        }
    }

    /// Every strict prefix of a container document is incomplete, and the error points at or before its end.
    @Test(arguments: [
        #"{"a":[1,-2.5e+3,0,true,false,null,"x\u00e9\n\"y"],"b":{"c":{}},"d":[],"e":"é日本😀"}"#,
        #"[{"id":12345678901234567890,"ok":true},[[[]]],"",-0.0E-0]"#,
    ])
    func everyPrefixIsRejected(document: String) {
        let bytes = Array(document.utf8)
        #expect(JSONSyntaxValidator.validate(bytes) == nil)
        for length in 0..<bytes.count {
            let error = JSONSyntaxValidator.validate(Array(bytes[..<length]))
            #expect(error != nil && error!.offset <= length, "prefix of \(length) bytes")
        }
    }

    @Test func numberGrammar() {
        let valid = [
            "0", "-0", "0.0", "10", "-123", "1.25", "1e5", "1E+5", "1e-05", "0e0", "-0.5E-10",
            "123456789012345678901234567890",
        ]
        let invalid = [
            "+1", "01", "-01", "00", "1.", ".5", "1e", "1e+", "-", "--1", "1.e1", "0x1", "1_0", "Infinity", "NaN",
            "1.5.5", "1ee1",
        ]
        for text in valid { #expect(JSONSyntaxValidator.validate(Array(text.utf8)) == nil, "\(text)") }
        for text in invalid { #expect(JSONSyntaxValidator.validate(Array(text.utf8)) != nil, "\(text)") }
    }
}
