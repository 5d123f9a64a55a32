/// The syntax of a Host field value: `uri-host [ ":" port ]` (RFC 9110 §7.2), with `uri-host`
/// from RFC 3986 §3.2.2 (an IP literal in brackets, an IPv4 address or a reg-name) and `port`
/// as `*DIGIT` (§3.2.3). RFC 9112 §3.2: a request with an invalid Host value gets 400.
enum HostField {
    /// True when `value` is a syntactically valid Host value. The empty value is valid: it is
    /// what a client sends when the target URI has no authority (RFC 9110 §7.2).
    static func isValid(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        var index = 0
        if bytes.first == UInt8(ascii: "[") {
            // IP-literal = "[" ( IPv6address / IPvFuture ) "]"
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), close > 1 else { return false }
            guard isIPLiteral(bytes[1..<close]) else { return false }
            index = close + 1
        } else {
            // reg-name = *( unreserved / pct-encoded / sub-delims ); an IPv4 address is a reg-name too.
            while index < bytes.count, bytes[index] != UInt8(ascii: ":") {
                if bytes[index] == UInt8(ascii: "%") {
                    guard index + 2 < bytes.count, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) else { return false }
                    index += 3
                } else {
                    guard isNameByte(bytes[index]) else { return false }
                    index += 1
                }
            }
        }
        guard index < bytes.count else { return true }
        guard bytes[index] == UInt8(ascii: ":") else { return false }
        return bytes[(index + 1)...].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// IPv6address (hex digits, colons, and dots for an embedded IPv4 address) or
    /// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ).
    private static func isIPLiteral(_ bytes: ArraySlice<UInt8>) -> Bool {
        if let first = bytes.first, first | 0x20 == UInt8(ascii: "v") {
            guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")), dot > bytes.startIndex + 1, dot + 1 < bytes.endIndex
            else { return false }
            return bytes[(bytes.startIndex + 1)..<dot].allSatisfy(isHexDigit)
                && bytes[(dot + 1)...].allSatisfy { isNameByte($0) || $0 == UInt8(ascii: ":") }
        }
        return bytes.contains(UInt8(ascii: ":"))
            && bytes.allSatisfy { isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    /// unreserved (ALPHA, DIGIT, `-._~`, RFC 3986 §2.3) or sub-delims (`!$&'()*+,;=`, §2.2).
    private static let nameByte: [Bool] = (0..<256).map { value in
        switch UInt8(value) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case let byte:
            return Array("-._~!$&'()*+,;=".utf8).contains(byte)
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool { nameByte[Int(byte)] }
}
