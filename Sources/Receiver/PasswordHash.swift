import Checksums
import Foundation

/// A salted PBKDF2-HMAC-SHA256 hash of an admin password or token, carrying what is needed to
/// check one: `pbkdf2-sha256$<iterations>$<salt>$<derived key>`, salt and key in standard
/// base64 (RFC 4648 §4; padding optional). `synap-webhooks hash-password` prints one.
struct PasswordHash: Sendable, Equatable, CustomStringConvertible {
    static let scheme = "pbkdf2-sha256"
    /// OWASP's figure for PBKDF2-HMAC-SHA256 (2023): about 0.35 s of one core here per check,
    /// paid once per login or per credential cache entry, never per request.
    static let defaultIterations = 600_000
    /// Fewer than 1,000 is no protection at all; more than 10 million would let one login take a core for seconds.
    static let iterationRange = 1_000...10_000_000

    let iterations: Int
    let salt: [UInt8]
    let derivedKey: [UInt8]

    /// Why a hash string was refused.
    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    /// Hashes `password` with a fresh 16-byte random salt.
    static func make(password: String, iterations: Int = defaultIterations, salt: [UInt8] = SecureRandom.bytes(16)) -> PasswordHash {
        let key = PBKDF2.hmacSHA256(password: Array(password.utf8), salt: salt, iterations: iterations, length: 32)
        return PasswordHash(iterations: iterations, salt: salt, derivedKey: key)
    }

    init(iterations: Int, salt: [UInt8], derivedKey: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.derivedKey = derivedKey
    }

    /// Parses the text form; the error says which part is wrong.
    init(parsing text: String) throws(FormatError) {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        let shape = "expected \(Self.scheme)$<iterations>$<salt base64>$<hash base64>, as printed by synap-webhooks hash-password"
        guard parts.count == 4, parts[0] == Self.scheme else { throw FormatError(description: "not a PBKDF2 hash (\(shape))") }
        guard let iterations = Int(parts[1]), Self.iterationRange.contains(iterations) else {
            throw FormatError(description: "the iteration count must be a whole number from \(Self.iterationRange.lowerBound) to \(Self.iterationRange.upperBound), not \"\(parts[1])\"")
        }
        guard let salt = Self.base64(parts[2]), salt.count >= 8 else {
            throw FormatError(description: "the salt must be base64 of at least 8 bytes (\(shape))")
        }
        guard let key = Self.base64(parts[3]), key.count >= 16 else {
            throw FormatError(description: "the hash must be base64 of at least 16 bytes (\(shape))")
        }
        self.init(iterations: iterations, salt: salt, derivedKey: key)
    }

    /// True when `password` hashes to this; runs PBKDF2 (slow on purpose) and compares in constant time.
    func matches(_ password: [UInt8]) -> Bool {
        let candidate = PBKDF2.hmacSHA256(password: password, salt: salt, iterations: iterations, length: derivedKey.count)
        return BasicAuthenticator.constantTimeEquals(candidate, derivedKey)
    }

    var description: String {
        "\(Self.scheme)$\(iterations)$\(Data(salt).base64EncodedString())$\(Data(derivedKey).base64EncodedString())"
    }

    private static func base64(_ text: Substring) -> [UInt8]? {
        var padded = String(text)
        while padded.count % 4 != 0 { padded += "=" }
        return Data(base64Encoded: padded).map(Array.init)
    }
}
