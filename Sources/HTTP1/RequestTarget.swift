/// Turns a request-target (RFC 9112 §3.2) into a safe routing path.
///
/// Accepted forms: origin-form (`/a/b?q`), absolute-form (`http://host/a/b?q`) and, for
/// OPTIONS only, asterisk-form (`*`). Each path segment is percent-decoded; a segment that
/// decodes to `.` or `..`, or contains `/`, `\` or NUL, is refused, so no route is reachable
/// through dot segments or encoded slashes. Empty segments and a trailing slash are dropped:
/// `/webhooks//a/` routes as `/webhooks/a`.
enum RequestTarget {
    static func parse(_ target: String, method: String) throws(HTTPParseError) -> (path: String, query: String?) {
        var rest = Substring(target)
        if rest == "*" {
            guard method == "OPTIONS" else { throw .bad("asterisk-form target is only allowed for OPTIONS") }
            return ("*", nil)
        }
        if !rest.hasPrefix("/") {
            // absolute-form: scheme "://" authority path-abempty [ "?" query ]
            let lowered = rest.lowercased()
            let schemeLength = lowered.hasPrefix("http://") ? 7 : lowered.hasPrefix("https://") ? 8 : 0
            guard schemeLength > 0 else { throw .bad("request-target must be a path or an absolute http URL") }
            let afterScheme = rest.dropFirst(schemeLength)
            let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" } ?? afterScheme.endIndex
            guard authorityEnd > afterScheme.startIndex else { throw .bad("absolute URL has no host") }
            rest = afterScheme[authorityEnd...]
            if !rest.hasPrefix("/") { rest = "/" + rest }
        }
        guard !rest.contains("#") else { throw .bad("request-target must not contain a fragment") }
        var query: String?
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        var segments: [String] = []
        for raw in rest.split(separator: "/", omittingEmptySubsequences: true) {
            let segment = try decodeSegment(raw)
            segments.append(segment)
        }
        return ("/" + segments.joined(separator: "/"), query)
    }

    private static func decodeSegment(_ raw: Substring) throws(HTTPParseError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.utf8.count)
        var iterator = raw.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw .bad("malformed percent-encoding in path")
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        if bytes.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") || $0 == 0 }) {
            throw .bad("path segment contains an encoded slash, backslash or NUL")
        }
        if bytes == [UInt8(ascii: ".")] || bytes == [UInt8(ascii: "."), UInt8(ascii: ".")] {
            throw .bad("path contains a dot segment")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .bad("path is not valid UTF-8 after percent-decoding")
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
