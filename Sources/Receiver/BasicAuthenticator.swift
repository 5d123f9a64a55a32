import Foundation

/// HTTP Basic authentication for one route (RFC 7617), the only security option Synap offers.
/// Several credentials may be accepted at once, so a password can be rotated without downtime.
public struct BasicAuthenticator: Sendable, Equatable {
    /// One accepted username and password, resolved from the environment or a file at start.
    public struct Credential: Sendable, Equatable {
        let expected: [UInt8]  // "username:password", the bytes Basic encodes
        /// The username, for logs.
        public let username: String

        public init(username: String, password: String) {
            self.username = username
            expected = Array("\(username):\(password)".utf8)
        }
    }

    /// Why a request was refused.
    public enum Refusal: Equatable, Sendable {
        case missing
        case malformed
        case wrong(username: String)

        /// The reason, for the log; the username a client sent is logged apart (`username`), truncated.
        var logText: String {
            switch self {
            case .missing: return "no Authorization header"
            case .malformed: return "Authorization header is not valid Basic credentials"
            case .wrong: return "wrong credentials"
            }
        }

        /// The username the client sent, as received (it may be long and hold any character).
        var username: String? {
            if case .wrong(let username) = self { return username }
            return nil
        }
    }

    public let realm: String
    public let credentials: [Credential]

    public init(realm: String, credentials: [Credential]) {
        self.realm = realm
        self.credentials = credentials
    }

    /// nil when `header` (the Authorization value) carries one of the accepted credentials.
    public func check(_ header: String?) -> Refusal? {
        guard let header else { return .missing }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        // The scheme name is case-insensitive (RFC 9110 §11.1).
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces))
        else { return .malformed }
        let decoded = [UInt8](data)
        var matched = false
        for credential in credentials {
            // Compare against every credential, each in constant time, so timing tells nothing.
            matched = Self.constantTimeEquals(decoded, credential.expected) || matched
        }
        if matched { return nil }
        let username = String(decoding: decoded.prefix { $0 != UInt8(ascii: ":") }, as: UTF8.self)
        return .wrong(username: username)
    }

    /// The `WWW-Authenticate` value sent with 401.
    public var challenge: String { "Basic realm=\"\(realm.replacingOccurrences(of: "\"", with: "'"))\", charset=\"UTF-8\"" }

    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = a.count ^ b.count
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= Int(x ^ y)
        }
        return difference == 0
    }
}
