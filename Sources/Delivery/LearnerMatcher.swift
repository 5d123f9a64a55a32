import JSONSyntax

/// Tells whether an event is about a learner: the learner's user id or email is the value of
/// some string field of its body, compared after JSON decoding (an email whatever its case).
/// A name alone never selects an event.
public struct LearnerMatcher: Sendable {
    /// What was asked for, trimmed.
    public let identifier: String
    private let isEmail: Bool
    private let needle: [UInt8]

    public init(_ identifier: String) {
        let trimmed = identifier.trimmingCharacters()
        self.identifier = trimmed
        isEmail = trimmed.contains("@")
        needle = Array((isEmail ? trimmed.lowercased() : trimmed).utf8)
    }

    /// True when the body is about the learner. Bodies that cannot hold the identifier's bytes
    /// (nor an escape that could spell them) are passed over without being parsed.
    public func matches(_ body: [UInt8]) -> Bool {
        guard !needle.isEmpty, mayContain(body) else { return false }
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
        return isEmail ? trimmed.lowercased() == identifier.lowercased() : trimmed == identifier
    }

    /// A byte search (ASCII case folded for emails); any `\` escape in the body makes it a
    /// candidate, since an escape can spell any character of the identifier.
    private func mayContain(_ body: [UInt8]) -> Bool {
        if body.contains(UInt8(ascii: "\\")) { return true }
        let first = needle[0]
        let count = needle.count
        guard body.count >= count else { return false }
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

    private func fold(_ byte: UInt8) -> UInt8 {
        isEmail && byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }
}
