import JSONSyntax
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    static let attempt = Array(
        """
        {
          "meta": {"eventName": "attempt.completed", "eventName": "shadowed"},
          "attempt": {
            "id": 42,
            "state": {"results": {"status": "passed", "score": 87.50, "maxScore": 1e2}},
            "answers": [{"id": "q1", "correct": true}, {"id": "q2", "correct": false}, null],
            "0": "key that looks like an index"
          }
        }
        """.utf8)

    @Test func pathLookup() throws {
        let value = try JSONValue(parsing: Self.attempt)
        #expect(value.value(atPath: "attempt.state.results.status") == .string("passed"))
        #expect(value.value(atPath: "attempt.state.results.status")?.stringValue == "passed")
        #expect(value.value(atPath: "attempt.state.results.score") == .number("87.50"))
        #expect(value.value(atPath: "attempt.state.results.score")?.doubleValue == 87.5)
        #expect(value.value(atPath: "attempt.state.results.maxScore")?.doubleValue == 100)
        #expect(value.value(atPath: "attempt.answers.1.id") == .string("q2"))
        #expect(value.value(atPath: "attempt.answers.0.correct")?.boolValue == true)
        #expect(value.value(atPath: "attempt.answers.2") == .null)
        #expect(value.value(atPath: "attempt.0")?.stringValue == "key that looks like an index")
        #expect(value.value(atPath: "meta.eventName") == .string("attempt.completed"), "first member wins")
        #expect(value.value(atPath: "") == value)
        // Misses: absent key, index out of range, non-index on an array, negative or signed index, through a scalar.
        for path in [
            "attempt.nope", "attempt.answers.3", "attempt.answers.x", "attempt.answers.-1", "attempt.answers.+1",
            "attempt.id.more", "attempt..id", "attempt.answers.", "attempt.answers.99999999999999999999999",
        ] {
            #expect(value.value(atPath: path) == nil, "\(path)")
        }
    }

    @Test func subscriptAndAccessors() throws {
        let value = try JSONValue(parsing: Array(#"{"a":[1,"two",true,null],"b":"x","a":"dup"}"#.utf8))
        #expect(value["a"]?.arrayValue?.count == 4)
        #expect(value["b"]?.stringValue == "x")
        #expect(value["missing"] == nil)
        #expect(value["a"]?["a"] == nil, "subscript on an array")
        let elements = try #require(value["a"]?.arrayValue)
        #expect(elements[0].doubleValue == 1 && elements[0].stringValue == nil)
        #expect(elements[1].stringValue == "two" && elements[1].doubleValue == nil)
        #expect(elements[2].boolValue == true && elements[3].boolValue == nil)
        #expect(JSONValue.string("1").doubleValue == nil)
        #expect(JSONValue.number("1e400").doubleValue == .infinity)
        #expect(JSONValue.null.arrayValue == nil)
    }

    @Test func shapesAndLiteralsAreKept() throws {
        let value = try JSONValue(parsing: Array(#" [ -0.0e+00 , 1E5, {} , [], {"z":1,"a":2} ] "#.utf8))
        #expect(
            value
                == .array([
                    .number("-0.0e+00"), .number("1E5"), .object([]), .array([]),
                    .object([("z", .number("1")), ("a", .number("2"))]),
                ]))
    }

    @Test func equality() {
        #expect(JSONValue.number("1.0") != .number("1"))
        #expect(JSONValue.object([("a", .null), ("b", .null)]) != .object([("b", .null), ("a", .null)]))
        #expect(JSONValue.object([("a", .null)]) != .object([("a", .null), ("a", .null)]))
        #expect(JSONValue.object([("a", .array([.bool(true)]))]) == .object([("a", .array([.bool(true)]))]))
        #expect(JSONValue.string("1") != .number("1"))
        #expect(JSONValue.array([]) != .object([]))
    }

    @Test(arguments: [
        (#""plain""#, "plain"),
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        (#""caf\u00e9 \u00E9""#, "café é"),
        (#""\u0000""#, "\u{0}"),
        (#""\uD834\uDD1E clef""#, "𝄞 clef"),
        (#""lone \uD800 high""#, "lone \u{FFFD} high"),
        (#""lone \uDC00 low""#, "lone \u{FFFD} low"),
        (#""\uD800\u0041""#, "\u{FFFD}A"),
        (#""\uDD1E\uD834""#, "\u{FFFD}\u{FFFD}"),
        (#""raw é日本😀 and \n escape""#, "raw é日本😀 and \n escape"),
        (#""a long run of plain text, then \t, then more""#, "a long run of plain text, then \t, then more"),
    ])
    func stringDecoding(json: String, expected: String) throws {
        #expect(try JSONValue(parsing: Array(json.utf8)) == .string(expected))
        #expect(try JSONValue(parsing: Array("{\(json):\(json)}".utf8)) == .object([(expected, .string(expected))]))
    }

    @Test func serializedIsCompactAndEscaped() {
        let value = JSONValue.object([
            ("a", .array([.number("1"), .string("x\"y\\z"), .null, .bool(true), .bool(false)])),
            ("b", .object([])),
            ("c\n", .string("\u{0}\u{1F}\u{7F}\t\u{8}\u{C}\r/é😀")),
            ("d", .number("-1.5e+3")),
        ])
        #expect(
            value.serialized()
                == #"{"a":[1,"x\"y\\z",null,true,false],"b":{},"c\n":"\u0000\u001f"# + "\u{7F}"
                + #"\t\b\f\r/é😀","d":-1.5e+3}"#)
    }

    @Test func parsedErrorIsTheValidatorsError() {
        for text in [#"{"a":}"#, "[1,]", "\"\u{1}\"", "", "[[[]]"] {
            let bytes = Array(text.utf8)
            #expect(throws: JSONSyntaxValidator.validate(bytes)!) { try JSONValue(parsing: bytes) }
        }
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: Array("[[1]]".utf8), maxDepth: 1) }
        #expect(throws: Never.self) { try JSONValue(parsing: Array("[[1]]".utf8), maxDepth: 2) }
    }

    /// Random trees: serialize, validate, parse back to the same value.
    @Test func randomTreesRoundTrip() throws {
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<300 {
            let value = Self.randomValue(depth: 0, using: &generator)
            let text = Array(value.serialized().utf8)
            #expect(JSONSyntaxValidator.validate(text) == nil, "\(value.serialized())")
            #expect(try JSONValue(parsing: text) == value)
        }
    }

    static let numberLiterals = ["0", "-0", "1", "-17", "3.25", "1e9", "-2.5E-3", "6.02e+23", "12345678901234567890123"]
    static let scalarPool: [Unicode.Scalar] = [
        "a", "Z", " ", "\"", "\\", "/", "\n", "\u{0}", "\u{1F}", "\u{7F}", "é", "\u{2028}", "日", "\u{FFFD}", "😀",
        "\u{10FFFF}",
    ]

    static func randomValue(depth: Int, using generator: inout SplitMix64) -> JSONValue {
        let kind = generator.next(below: depth > 6 ? 4 : 6)
        switch kind {
        case 0: return .null
        case 1: return .bool(generator.next(below: 2) == 1)
        case 2: return .number(numberLiterals[generator.next(below: numberLiterals.count)])
        case 3: return .string(randomString(using: &generator))
        case 4:
            return .array((0..<generator.next(below: 5)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            return .object(
                (0..<generator.next(below: 5)).map { _ in
                    (randomString(using: &generator), randomValue(depth: depth + 1, using: &generator))
                })
        }
    }

    static func randomString(using generator: inout SplitMix64) -> String {
        var text = ""
        for _ in 0..<generator.next(below: 24) {
            // Mostly plain letters, so the eight-byte fast path is exercised too.
            text.unicodeScalars.append(
                generator.next(below: 3) == 0
                    ? scalarPool[generator.next(below: scalarPool.count)]
                    : Unicode.Scalar(UInt8(ascii: "a") + UInt8(generator.next(below: 26))))
        }
        return text
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
