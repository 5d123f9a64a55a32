import JSONSyntax

/// Tells whether an event is about a learner: the learner's user id or email is the value of
/// some string field of its body, compared after JSON decoding (an email whatever its case).
/// A name alone never selects an event.
///
/// With `keyedHash` (the identifier's keyed hash, as a route's `redact` `hash` action writes
/// it), a field holding that hash selects the event too: on such a route the stored body no
/// longer holds the email itself.
public struct LearnerMatcher: Sendable {
    /// What was asked for, trimmed.
    public let identifier: String
    private let isEmail: Bool
    private let keyedHash: String?
    /// The byte strings a candidate body must hold one of (lowercase, compared ASCII case folded
    /// when `folds`).
    private let needles: [(bytes: [UInt8], folds: Bool)]

    public init(_ identifier: String, keyedHash: String? = nil) {
        let trimmed = identifier.trimmingCharacters()
        self.identifier = trimmed
        isEmail = trimmed.contains("@")
        let hash = keyedHash?.lowercased()
        self.keyedHash = hash
        var needles = [(bytes: Array((isEmail ? trimmed.lowercased() : trimmed).utf8), folds: isEmail)]
        if let hash, !trimmed.isEmpty { needles.append((Array(hash.utf8), true)) }
        self.needles = needles
    }

    /// True when the body is about the learner. Bodies that cannot hold the identifier's bytes
    /// (nor an escape that could spell them) are passed over without being parsed.
    public func matches(_ body: [UInt8]) -> Bool {
        guard !identifier.isEmpty, mayContain(body) else { return false }
        guard let value = try? JSONValue(parsing: body) else { return false }
        return contains(value)
    }

    /// True when some string in `value` is the identifier.
    public func contains(_ value: JSONValue) -> Bool {
        var stack = [value]
        while let next = stack.popLast() {
            switch next {
            case .string(let text):
                if equals(text) { return true }
            case .array(let items):
                stack += items
            case .object(let members):
                stack += members.map(\.1)
            default:
                continue
            }
        }
        return false
    }

    private func equals(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters()
        if isEmail ? trimmed.lowercased() == identifier.lowercased() : trimmed == identifier { return true }
        return keyedHash.map { trimmed.lowercased() == $0 } ?? false
    }

    /// A byte search for any needle (ASCII case folded for emails and hashes); any `\` escape in
    /// the body makes it a candidate, since an escape can spell any character of the identifier.
    private func mayContain(_ body: [UInt8]) -> Bool {
        if body.contains(UInt8(ascii: "\\")) { return true }
        return needles.contains { Self.find($0.bytes, in: body, folding: $0.folds) }
    }

    private static func find(_ needle: [UInt8], in body: [UInt8], folding: Bool) -> Bool {
        let count = needle.count
        guard count > 0, body.count >= count else { return false }
        func fold(_ byte: UInt8) -> UInt8 { folding && byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
        let first = needle[0]
        var index = 0
        let last = body.count - count
        while index <= last {
            if fold(body[index]) == first {
                var offset = 1
                while offset < count && fold(body[index + offset]) == needle[offset] { offset += 1 }
                if offset == count { return true }
            }
            index += 1
        }
        return false
    }
}
