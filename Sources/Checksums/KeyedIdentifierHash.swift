/// A learner's identifier (an email, a user id, a search term) as a keyed hash, for records
/// that must say *which* learner without naming them: the admin audit log, redaction, and the
/// indexes an erasure must be able to find entries in.
///
/// HMAC-SHA256 under a secret key, so the hashes cannot be reversed by hashing candidate
/// emails without the key (a plain SHA-256 of an email can). The same identifier always gives
/// the same hash under one key; identifiers are normalised first (see `normalized`), so
/// `Ada@Example.edu ` and `ada@example.edu` are one learner.
public struct KeyedIdentifierHash: Sendable {
    private let key: [UInt8]

    /// The smallest key accepted, in bytes.
    public static let minimumKeyBytes = 16

    /// A hash under `key`, which must hold at least `minimumKeyBytes` bytes (32 random bytes is usual).
    public init(key: [UInt8]) {
        precondition(key.count >= Self.minimumKeyBytes, "an identifier hash key needs at least \(Self.minimumKeyBytes) bytes")
        self.key = key
    }

    /// `identifier` without surrounding whitespace, lowercased: emails and search terms match
    /// whatever their case.
    public static func normalized(_ identifier: String) -> String {
        // Most identifiers are visible ASCII: nothing to trim, and lowercased byte by byte (the
        // Character walk below was most of what suppression cost per event).
        if identifier.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
            guard identifier.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return identifier }
            return String(decoding: identifier.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
        }
        let trimmed = identifier.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
        return String(trimmed).lowercased()
    }

    /// The 32-byte HMAC-SHA256 of the normalised identifier.
    public func digest(_ identifier: String) -> [UInt8] {
        HMACSHA256.authenticationCode(for: Array(Self.normalized(identifier).utf8), key: key)
    }

    /// The digest as 64 lowercase hex digits.
    public func hash(_ identifier: String) -> String {
        Hex.encode(digest(identifier))
    }
}
