/// logfmt value quoting, shared by the event log and the operational log.
///
/// A value is written bare when it is non-empty and has no space, quote, `=` or character that
/// needs escaping; otherwise it is quoted as a JSON string. Escaped as `\uXXXX` (or `\n`, `\r`,
/// `\t`): the C0 controls, DEL, the C1 controls (U+0080...U+009F, NEL among them), the line and
/// paragraph separators U+2028 and U+2029, and the bidirectional overrides and isolates
/// (U+202A...U+202E, U+2066...U+2069). Each of these can end a line or reorder its text in a
/// terminal or log viewer, so a value from a client could otherwise forge a log line.
public enum Logfmt {
    /// `value` as a logfmt value: bare when safe, else quoted and escaped.
    public static func quote(_ value: String) -> String {
        if isPlain(value) { return value }
        return quotedASCII(value) ?? quotedByScalars(value)
    }

    /// `value` quoted byte by byte, or nil when it is not all ASCII: the escapes of
    /// `quotedByScalars` (for ASCII: `\"`, `\\`, `\n`, `\r`, `\t`, other C0 controls and DEL as
    /// `\u00XX`), without growing a String one scalar at a time (most quoted values are ASCII:
    /// test titles with spaces, and that cost about a microsecond per log line).
    static func quotedASCII(_ value: String) -> String? {
        let backslash = UInt8(ascii: "\\")
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count &+ 8)
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case 0x80...: return nil
            case UInt8(ascii: "\""), backslash: out.append(backslash); out.append(byte)
            case UInt8(ascii: "\n"): out.append(backslash); out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(backslash); out.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): out.append(backslash); out.append(UInt8(ascii: "t"))
            case 0x00..<0x20, 0x7F:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(backslash)
                out.append(contentsOf: "u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    /// `value` quoted scalar by scalar (any text).
    static func quotedByScalars(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where needsEscape(scalar):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// True when `value` can be written bare. ASCII is judged byte by byte (most values are,
    /// and walking unicode scalars cost about a microsecond per log line); anything else by
    /// its scalars.
    static func isPlain(_ value: String) -> Bool {
        guard !value.isEmpty else { return false }
        for byte in value.utf8 {
            guard byte < 0x80 else {
                return !value.unicodeScalars.contains { $0 == " " || $0 == "\"" || $0 == "=" || needsEscape($0) }
            }
            if byte <= 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "=") { return false }
        }
        return true
    }

    /// True for the scalars escaped inside a quoted value (see the type's summary).
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
