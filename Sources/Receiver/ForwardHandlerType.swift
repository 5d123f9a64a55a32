import Delivery
import Foundation
import Handlers

/// `"type": "forward"`: each event POSTed to a URL.
///
///     "lms": { "type": "forward", "url": "https://lms.example.edu/api/synap/attempts",
///              "headers": { "Authorization": { "env": "LMS_TOKEN", "prefix": "Bearer ", "optional": true } },
///              "timeoutSeconds": 10, "envelope": false, "signing": { "secretEnv": "LMS_WEBHOOK_SECRET" } }
///
/// Environment variables and the secret file are read at load, at start (and on reload). A
/// missing one is an error naming its key, unless its entry says `"optional": true`: then the
/// header (or the signature) is left out and `leftOut` says so.
struct ForwardHandlerType: HandlerType {
    static let typeName = "forward"

    let settings: ForwardHandler.Settings
    /// Optional settings left out because their variable or file is missing, one message each.
    let leftOut: [String]

    init(entry: inout ConfigObject) throws(ConfigurationError) {
        (settings, leftOut) = try Self.settings(&entry)
    }

    var summary: String {
        "forward to \(settings.displayURL)" + (settings.envelope ? " (envelope)" : "") + (settings.signer != nil ? ", signed" : "")
    }

    func warnings(name: String) -> [ConfigurationWarning] {
        leftOut.map { ConfigurationWarning(.warning, $0, handler: name) }
    }

    func makeHandler(name: String, context: HandlerContext) -> any WebhookHandler {
        ForwardHandler(name: name, settings: settings)
    }

    /// The settings, and the messages about optional ones left out.
    private static func settings(_ entry: inout ConfigObject) throws(ConfigurationError) -> (ForwardHandler.Settings, warnings: [String]) {
        let urlText = try entry.requiredString("url")
        guard let parts = URLComponents(string: urlText), let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = parts.host, !host.isEmpty, parts.fragment == nil, let url = parts.url
        else {
            throw ConfigurationError(entry.keyPath("url"), "must be an http or https URL like https://lms.example.edu/api/synap/attempts")
        }
        var settings = ForwardHandler.Settings(url: url, userAgent: "synap-webhooks/\(ReceiverVersion.current)")
        var warnings: [String] = []
        settings.timeoutSeconds = try entry.number("timeoutSeconds", default: 10, range: 0.1...3600)
        settings.envelope = try entry.bool("envelope", default: false)
        if var signing = try entry.object("signing") {
            if signing.keys.contains("secret") {
                throw ConfigurationError(signing.keyPath("secret"), "secrets never go in the configuration: use secretEnv (an environment variable) or secretFile")
            }
            let optional = try signing.bool("optional", default: false)
            if optional, let missing = Self.unavailableSecret(&signing) {
                warnings.append("\(signing.path): \(missing); sending unsigned requests")
            } else {
                let secret = try signing.secret(plain: nil, env: "secretEnv", file: "secretFile", what: "signing secret")
                do throws(HandlerConfigurationError) {
                    settings.signer = try WebhookSigner(secret: secret)
                } catch {
                    throw ConfigurationError(signing.path, error.message)
                }
                if !secret.hasPrefix(WebhookSigner.secretPrefix) {
                    warnings.append("\(signing.path): the secret is not in the Standard Webhooks form whsec_<base64>; it is used as its UTF-8 bytes, but Standard Webhooks libraries base64-decode the secret, so they will not verify these signatures (make one with: echo \"whsec_$(head -c 32 /dev/urandom | base64)\")")
                }
            }
            try signing.finish()
        }
        if var headers = try entry.object("headers") {
            settings.headers = try Self.headers(&headers, signed: settings.signer != nil, warnings: &warnings)
            try headers.finish()
        }
        return (settings, warnings)
    }

    /// What is missing for an optional secret (an unset variable, an unreadable file), or nil
    /// when it is there. Reads nothing it does not have to, and leaves errors to `secret`.
    private static func unavailableSecret(_ signing: inout ConfigObject) -> String? {
        switch (try? signing.string("secretEnv"), try? signing.string("secretFile")) {
        case (let variable?, nil):
            let value = ProcessInfo.processInfo.environment[variable] ?? ""
            return value.isEmpty ? "environment variable \(variable) is not set" : nil
        case (nil, let file?):
            guard let path = try? SecretFileContext.resolve(file, key: signing.keyPath("secretFile")) else { return "cannot read \(file)" }
            return FileManager.default.isReadableFile(atPath: path) ? nil : "cannot read \(path)"
        default:
            return nil  // neither or both: `secret` reports it
        }
    }

    /// `"Name": "value"` or `"Name": { "env": "VAR", "prefix": "Bearer ", "optional": true }`.
    private static func headers(
        _ section: inout ConfigObject, signed: Bool, warnings: inout [String]
    ) throws(ConfigurationError) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        for name in section.keys {
            let key = section.keyPath(name)
            let lower = name.lowercased()
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(Self.isTokenCharacter) else {
                throw ConfigurationError(key, "is not a valid header name (RFC 9110 §5.6.2 token)")
            }
            guard !ForwardHandler.Settings.reservedHeaders.contains(lower) else {
                throw ConfigurationError(key, "is set by the HTTP client itself and cannot be configured")
            }
            guard !(signed && WebhookSigner.headerNames.contains(lower)) else {
                throw ConfigurationError(key, "is set by signing and cannot be configured as well")
            }
            guard !result.contains(where: { $0.name.lowercased() == lower }) else {
                throw ConfigurationError(key, "is configured twice (header names ignore case)")
            }
            guard let value = try section.literalOrVariable(name, allowsPrefix: true, missing: { key, variable in
                warnings.append("\(key): environment variable \(variable) is not set; header left out")
            }) else { continue }
            // RFC 9110 §5.5: no CR, LF or NUL in a field value (they would split the header).
            // The value itself is never shown: it may be a credential.
            guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw ConfigurationError(key, "the value contains a line break or NUL")
            }
            result.append((name, value))
        }
        return result
    }

    /// RFC 9110 §5.6.2 tchar.
    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        default: return "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar)
        }
    }
}
