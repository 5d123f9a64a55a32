import Checksums
import Foundation

/// Signs forwarded requests the Standard Webhooks way (standardwebhooks.com), so the receiving
/// system can check they came from us and were not altered or replayed:
///
///     webhook-id: <event id>
///     webhook-timestamp: <unix seconds>
///     webhook-signature: v1,<base64 of HMAC-SHA256(key, "<id>.<timestamp>.<body>")>
///
/// The key: a secret of the form `whsec_<base64>` (what Standard Webhooks libraries generate and
/// expect) is base64-decoded after the prefix; any other secret is used as its UTF-8 bytes.
/// The description never shows the key.
public struct WebhookSigner: Sendable, CustomStringConvertible {
    /// The HMAC key.
    let key: [UInt8]

    /// Prefix of Standard Webhooks secrets.
    public static let secretPrefix = "whsec_"

    /// A signer for `secret`; refuses an empty secret and a `whsec_` secret that is not base64.
    public init(secret: String) throws(HandlerConfigurationError) {
        if secret.hasPrefix(Self.secretPrefix) {
            let encoded = String(secret.dropFirst(Self.secretPrefix.count))
            guard let decoded = Data(base64Encoded: encoded), !decoded.isEmpty else {
                throw HandlerConfigurationError("a secret starting with \(Self.secretPrefix) must continue with base64 (Standard Webhooks format)")
            }
            key = Array(decoded)
        } else {
            guard !secret.isEmpty else { throw HandlerConfigurationError("the secret is empty") }
            key = Array(secret.utf8)
        }
    }

    /// `v1,<base64 signature>` of `body` sent as message `id` at `timestamp` (unix seconds).
    public func signature(id: String, timestamp: Int64, body: [UInt8]) -> String {
        var message = Array("\(id).\(timestamp).".utf8)
        message += body
        let code = HMACSHA256.authenticationCode(for: message, key: key)
        return "v1," + Data(code).base64EncodedString()
    }

    /// The three headers for one request, in order.
    public func headers(id: String, timestamp: Int64, body: [UInt8]) -> [(name: String, value: String)] {
        [
            ("webhook-id", id),
            ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", signature(id: id, timestamp: timestamp, body: body)),
        ]
    }

    /// Names of the headers a signer sets (configured headers may not use them).
    public static let headerNames: Set<String> = ["webhook-id", "webhook-timestamp", "webhook-signature"]

    public var description: String { "WebhookSigner(key: <\(key.count) bytes, redacted>)" }
}
