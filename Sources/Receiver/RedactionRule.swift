import Checksums
import JSONSyntax

/// One field a route redacts at intake, before anything is stored: removed, masked, or
/// replaced by its keyed hash. The body that reaches the journal, the de-duplication, the
/// decoder, the filters and every handler is the redacted one, so a redacted value never
/// touches the disk.
///
/// `field` is a dotted path in the filters' syntax (`user.email`,
/// `user.customAttributes.nationalId`, `attempt.user.email`); on an array a segment is a
/// decimal index. Every member with the segment's name is followed, duplicates included
/// (RFC 8259 §4 lets a key repeat; a parser downstream may read either copy).
public struct RedactionRule: Sendable, Equatable {
    /// What is done to the field's value.
    public enum Action: String, Sendable, CaseIterable {
        /// The member is deleted (an array element becomes `null`, so later indexes stay put).
        case remove
        /// Strings as the log handler masks them (`a***@example.edu`, `A*** L***`, otherwise
        /// `***`); numbers and booleans become `"***"`; objects and arrays are masked throughout.
        case mask
        /// Each string, number or boolean becomes the HMAC-SHA256 (hex) of its text, normalised
        /// as learner identifiers are (trimmed, lowercased), under the data directory's key:
        /// the same value always gives the same hash, so joins stay possible.
        case hash
    }

    /// The dotted path, as configured.
    public let field: String
    public let action: Action
    let segments: [Substring]

    /// A rule for `field` (a dotted path without empty segments).
    public init(field: String, action: Action) {
        self.field = field
        self.action = action
        segments = field.split(separator: ".", omittingEmptySubsequences: false)
    }

    public static func == (lhs: RedactionRule, rhs: RedactionRule) -> Bool {
        lhs.field == rhs.field && lhs.action == rhs.action
    }

    /// `value` with this rule applied; unchanged where the path does not lead anywhere.
    public func apply(to value: JSONValue, identifiers: KeyedIdentifierHash) -> JSONValue {
        guard !segments.isEmpty else { return value }
        return redact(value, along: segments[...], identifiers: identifiers)
    }

    private func redact(_ value: JSONValue, along path: ArraySlice<Substring>, identifiers: KeyedIdentifierHash) -> JSONValue {
        let segment = path[path.startIndex]
        let rest = path.dropFirst()
        switch value {
        case .object(let members):
            guard members.contains(where: { $0.0 == segment }) else { return value }
            var result: [(String, JSONValue)] = []
            result.reserveCapacity(members.count)
            for (name, member) in members {
                if name != segment {
                    result.append((name, member))
                } else if !rest.isEmpty {
                    result.append((name, redact(member, along: rest, identifiers: identifiers)))
                } else if let replaced = replacement(for: member, key: name, identifiers: identifiers) {
                    result.append((name, replaced))
                }
            }
            return .object(result)
        case .array(var elements):
            guard !segment.isEmpty, segment.utf8.allSatisfy({ $0 &- 0x30 < 10 }), let index = Int(segment), index < elements.count else {
                return value
            }
            elements[index] = rest.isEmpty
                ? replacement(for: elements[index], key: nil, identifiers: identifiers) ?? .null
                : redact(elements[index], along: rest, identifiers: identifiers)
            return .array(elements)
        default:
            return value
        }
    }

    /// What the field's value becomes; nil when the member goes.
    private func replacement(for value: JSONValue, key: String?, identifiers: KeyedIdentifierHash) -> JSONValue? {
        switch action {
        case .remove: return nil
        case .mask: return Self.masked(value, key: key)
        case .hash: return Self.hashed(value, identifiers: identifiers)
        }
    }

    static func masked(_ value: JSONValue, key: String?) -> JSONValue {
        switch value {
        case .null: return .null
        case .bool, .number: return .string("***")
        case .string(let text):
            let lowered = key?.lowercased() ?? ""
            if lowered.contains("email") || text.contains("@") { return .string(LearnerDataMask.maskedEmail(text)) }
            if LearnerDataMask.nameKeys.contains(lowered) { return .string(LearnerDataMask.maskedName(text)) }
            return .string("***")
        case .array(let elements): return .array(elements.map { masked($0, key: key) })
        case .object(let members): return .object(members.map { ($0.0, masked($0.1, key: $0.0)) })
        }
    }

    static func hashed(_ value: JSONValue, identifiers: KeyedIdentifierHash) -> JSONValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .string(identifiers.hash(flag ? "true" : "false"))
        case .number(let literal): return .string(identifiers.hash(literal))
        case .string(let text): return .string(identifiers.hash(text))
        case .array(let elements): return .array(elements.map { hashed($0, identifiers: identifiers) })
        case .object(let members): return .object(members.map { ($0.0, hashed($0.1, identifiers: identifiers)) })
        }
    }
}
