/// Byte classes from RFC 9110 §5.6.2 and §5.5, as lookup tables.
enum ByteClass {
    /// tchar: `!#$%&'*+-.^_`|~`, DIGIT, ALPHA.
    static let token: [Bool] = (0..<256).map { value in
        let byte = UInt8(value)
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// field-vchar, SP and HTAB: what a header value may contain (obs-text included).
    static let fieldValue: [Bool] = (0..<256).map { value in
        value == 0x09 || value == 0x20 || (value >= 0x21 && value != 0x7F)
    }

    /// Visible ASCII: what a request-target may contain.
    static let targetChar: [Bool] = (0..<256).map { value in value >= 0x21 && value <= 0x7E }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
