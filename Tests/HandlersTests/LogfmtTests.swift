import Testing
@testable import Handlers

/// logfmt values: bare when safe, else quoted with every character that could end or reorder
/// a line in a terminal escaped.
@Suite struct LogfmtTests {
    @Test func plainValuesStayBare() {
        #expect(Logfmt.quote("attempt.completed") == "attempt.completed")
        #expect(Logfmt.quote("/webhooks/a") == "/webhooks/a")
        #expect(Logfmt.quote("Zoë") == "Zoë")
    }

    @Test func spacesQuotesAndEqualsAreQuoted() {
        #expect(Logfmt.quote("") == "\"\"")
        #expect(Logfmt.quote("a b") == "\"a b\"")
        #expect(Logfmt.quote("a=b") == "\"a=b\"")
        #expect(Logfmt.quote("say \"hi\" \\o/") == #""say \"hi\" \\o/""#)
    }

    @Test(arguments: [
        ("\u{0}", #""\u0000""#), ("a\nb", #""a\nb""#), ("\r", #""\r""#), ("\t", #""\t""#), ("\u{1B}[2J", #""\u001b[2J""#),
        ("\u{7F}", #""\u007f""#), ("\u{80}", #""\u0080""#), ("\u{85}", #""\u0085""#), ("\u{9F}", #""\u009f""#),
        ("a\u{2028}b", #""a\u2028b""#), ("a\u{2029}b", #""a\u2029b""#), ("\u{202E}evil", #""\u202eevil""#),
        ("\u{2066}x", #""\u2066x""#),
    ])
    func controlsAreEscaped(value: String, expected: String) {
        #expect(Logfmt.quote(value) == expected)
    }

    /// The byte-wise judgement of ASCII values agrees with the scalar-wise one, for every
    /// character alone and inside a value.
    @Test func asciiIsJudgedLikeEveryOtherCharacter() {
        func byScalars(_ value: String) -> Bool {
            !value.isEmpty && !value.unicodeScalars.contains { $0 == " " || $0 == "\"" || $0 == "=" || Logfmt.needsEscape($0) }
        }
        for code in UInt32(0)..<0x100 {
            let character = String(Unicode.Scalar(code)!)
            for value in [character, "a" + character + "b", character + "é"] {
                #expect(Logfmt.isPlain(value) == byScalars(value), "U+\(String(code, radix: 16)) in \(value.debugDescription)")
            }
        }
    }

    /// The byte-wise quoting of ASCII values writes what the scalar-wise one writes, for every
    /// ASCII character alone and inside a value; anything else is left to the scalar-wise one.
    @Test func asciiIsQuotedLikeEveryOtherCharacter() {
        for code in UInt32(0)..<0x80 {
            let character = String(Unicode.Scalar(code)!)
            for value in [character, "a " + character + "b", character + character] {
                #expect(Logfmt.quotedASCII(value) == Logfmt.quotedByScalars(value), "U+\(String(code, radix: 16)) in \(value.debugDescription)")
            }
        }
        #expect(Logfmt.quotedASCII("Zoë Ada") == nil)
        #expect(Logfmt.quote("Zoë Ada") == "\"Zoë Ada\"")
    }

    @Test func noControlSurvivesQuoting() {
        for value in (0..<0x20).map({ $0 }) + (0x7F...0x9F).map({ $0 }) + [0x2028, 0x2029] {
            let quoted = Logfmt.quote("x" + String(Unicode.Scalar(UInt32(value))!) + "y")
            #expect(!quoted.unicodeScalars.contains { $0.value == UInt32(value) }, "U+\(String(value, radix: 16))")
        }
    }
}
