/// What a scanner found wrong, kept as cheap data until an error is reported.
///
/// The scanners throw this (with an offset) instead of building text, so the hot path never touches `String`.
enum JSONSyntaxProblem: Sendable {
    /// What the grammar allowed at the point of failure.
    enum Expectation: Sendable {
        case value
        case valueOrArrayEnd
        case memberKey
        case memberKeyOrObjectEnd
        case colon
        case commaOrArrayEnd
        case commaOrObjectEnd
        case endOfText
        case literal(StaticString)

        var text: String {
            switch self {
            case .value: "a value"
            case .valueOrArrayEnd: "a value or ']'"
            case .memberKey: "a string key"
            case .memberKeyOrObjectEnd: "a string key or '}'"
            case .colon: "':'"
            case .commaOrArrayEnd: "',' or ']'"
            case .commaOrObjectEnd: "',' or '}'"
            case .endOfText: "the end of the input"
            case .literal(let word): "'\(word)'"
            }
        }
    }

    case unexpectedByte(UInt8, expected: Expectation)
    case unexpectedEnd(expected: Expectation)
    case unterminatedString
    case controlCharacterInString(UInt8)
    case invalidEscape(UInt8)
    case invalidUnicodeEscape(UInt8)
    case invalidUTF8Lead(UInt8)
    case invalidUTF8Sequence(lead: UInt8)
    case leadingZero
    case missingDigit(after: UInt8)
    case tooDeep(limit: Int)

    /// The human-readable reason carried by `JSONSyntaxError`.
    var reason: String {
        switch self {
        case .unexpectedByte(let byte, expected: .endOfText):
            "unexpected \(Self.show(byte)) after the JSON text"
        case .unexpectedByte(let byte, expected: .literal(let word)):
            "unexpected \(Self.show(byte)) while reading '\(word)'"
        case .unexpectedByte(let byte, let expected):
            "unexpected \(Self.show(byte)), expected \(expected.text)"
        case .unexpectedEnd(let expected):
            "unexpected end of input, expected \(expected.text)"
        case .unterminatedString:
            "unterminated string"
        case .controlCharacterInString(let byte):
            "unescaped control character \(Self.hex(byte)) in string"
        case .invalidEscape(let byte) where (0x21...0x7E).contains(byte):
            "invalid escape '\\\(Character(Unicode.Scalar(byte)))' in string"
        case .invalidEscape(let byte):
            "invalid escape in string: '\\' followed by \(Self.show(byte))"
        case .invalidUnicodeEscape(let byte):
            "invalid \\u escape: \(Self.show(byte)) is not a hex digit"
        case .invalidUTF8Lead(let byte):
            "invalid UTF-8 in string: byte \(Self.hex(byte)) cannot start a character"
        case .invalidUTF8Sequence(let lead):
            "invalid UTF-8 in string: ill-formed sequence starting with byte \(Self.hex(lead))"
        case .leadingZero:
            "leading zeros are not allowed in numbers"
        case .missingDigit(let byte):
            "expected a digit after '\(Character(Unicode.Scalar(byte)))'"
        case .tooDeep(let limit):
            "nesting deeper than \(limit)"
        }
    }

    /// `'}'` for printable ASCII, `byte 0x0A` otherwise.
    static func show(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte \(hex(byte))"
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x\(digits[Int(byte >> 4)])\(digits[Int(byte & 0xF)])"
    }
}
