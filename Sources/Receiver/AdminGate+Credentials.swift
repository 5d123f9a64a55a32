import Foundation
import HTTP1
import SystemIO

extension AdminGate {
    enum Authentication {
        case verified(AdminPrincipal, AdminSession?)
        case refused(HTTPResponse, reason: String)
        case missing
    }

    /// Basic or Bearer credentials when the request has an `Authorization` header (a wrong one is
    /// refused, not passed over for a cookie), else a session cookie.
    func authenticate(_ head: HTTPRequestHead, client: SocketAddress, settings: AdminSettings, context: HTTPRequestContext) -> Authentication {
        guard let authorization = head.headers["authorization"] else {
            let (principal, session) = sessionPrincipal(head, settings: settings)
            return principal.map { .verified($0, session) } ?? .missing
        }
        let challenge = HTTPHeaders([
            ("WWW-Authenticate", "Basic realm=\"\(settings.realm)\", charset=\"UTF-8\""), ("WWW-Authenticate", "Bearer realm=\"\(settings.realm)\""),
        ])
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        // The scheme name is case-insensitive (RFC 9110 §11.1).
        let scheme = parts.first?.lowercased() ?? ""
        guard parts.count == 2, scheme == "basic" || scheme == "bearer" else {
            return .refused(.error(.unauthorized, "the Authorization header must be Basic or Bearer credentials", headers: challenge), reason: "malformed_credentials")
        }
        if let cached = credentialCache.principal(for: authorization) { return .verified(cached, nil) }
        let credentials = settings.credentials
        var username: String?
        let secret: [UInt8]
        if scheme == "basic" {
            guard let data = Data(base64Encoded: parts[1].trimmingWhitespace()), let colon = data.firstIndex(of: UInt8(ascii: ":")) else {
                return .refused(.error(.unauthorized, "the Authorization header is not valid Basic credentials", headers: challenge), reason: "malformed_credentials")
            }
            username = String(decoding: data[data.startIndex..<colon], as: UTF8.self)
            secret = Array(data[(colon + 1)...])
        } else {
            secret = Array(parts[1].trimmingWhitespace().utf8)
        }
        // Names that do not exist share one bucket, so inventing names gains an attacker nothing.
        let limiterName = username.map { credentials.user(named: $0) == nil ? "\u{0}unknown" : $0 }
        let ticket: LoginRateLimiter.Ticket
        switch limiter.admit(address: client.host, username: limiterName) {
        case .refused(let seconds): return .refused(Self.tooManyAttempts(retryAfter: seconds), reason: "rate_limited")
        case .admitted(let admitted): ticket = admitted
        }
        let principal = username.map { credentials.verify(username: $0, password: secret, onHash: countHash) } ?? credentials.verify(token: secret, onHash: countHash)
        guard let principal else {
            let who = username.map { auditName(forAttempted: $0, credentials: credentials) } ?? "token:?"
            recordAudit(who: who, action: "auth.failed", outcome: "401", via: scheme, client: client, requestID: context.requestID)
            log.warning("admin request with wrong credentials", ["who": who, "scheme": scheme, "client": client.host, "requestId": context.requestID])
            return .refused(.error(.unauthorized, "these credentials are not valid", headers: challenge), reason: "bad_credentials")
        }
        limiter.succeeded(ticket)
        credentialCache.remember(principal, for: authorization)
        return .verified(principal, nil)
    }

    /// The 429 for a refused attempt, with `Retry-After` (RFC 6585 §4).
    static func tooManyAttempts(retryAfter seconds: Int) -> HTTPResponse {
        .error(.tooManyRequests, "too many attempts; try again in \(seconds) s", headers: HTTPHeaders([("Retry-After", String(seconds))]))
    }

    /// The session cookie's user, with the role the configuration gives them now.
    func sessionPrincipal(_ head: HTTPRequestHead, settings: AdminSettings) -> (AdminPrincipal?, AdminSession?) {
        guard let id = AdminCookies.sessionID(head), let session = sessions.session(id: id),
              let user = settings.credentials.user(named: session.username) else { return (nil, nil) }
        return (AdminPrincipal(name: user.username, role: user.role, method: .session), session)
    }

    /// How the audit log names someone who failed to log in: an admin's username as typed, or
    /// for a name that is no user's, a keyed hash (people type their password in the username
    /// field; the log must not keep it).
    func auditName(forAttempted username: String, credentials: AdminCredentials) -> String {
        if credentials.user(named: username) != nil { return username }
        return "unknown:" + (audit.map { String($0.identifiers.hash(username).prefix(16)) } ?? "?")
    }

    /// The Host the request was sent to: the authority of an absolute-form target, which
    /// replaces Host (RFC 9112 §3.2.2), else the one Host header (RFC 9112 §3.2: more than one is an error).
    static func requestHost(_ head: HTTPRequestHead) -> String? {
        let target = head.target.lowercased()
        for scheme in ["http://", "https://"] where target.hasPrefix(scheme) {
            let rest = head.target.dropFirst(scheme.count)
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            return authority.contains("@") ? nil : String(authority)
        }
        let values = head.headers.values("host")
        guard values.count == 1 else { return nil }
        return values[0].trimmingCharacters(in: .whitespaces)
    }

    /// True when the TCP peer is a trusted proxy that says the client used HTTPS
    /// (`X-Forwarded-Proto`, or `proto=` of the nearest `Forwarded` element, RFC 7239 §5.4).
    static func forwardedHTTPS(_ head: HTTPRequestHead, peer: SocketAddress, proxies: [NetworkRange]) -> Bool {
        guard proxies.contains(where: { $0.contains(peer) }) else { return false }
        if let forwarded = head.headers.values("forwarded").last?.split(separator: ",").last {
            for pair in forwarded.split(separator: ";") {
                let item = pair.trimmingWhitespace().lowercased()
                if item.hasPrefix("proto=") { return item.dropFirst(6).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) == "https" }
            }
        }
        // The nearest proxy's value is the last one; earlier ones came from further away.
        let proto = head.headers.values("x-forwarded-proto").last?.split(separator: ",").last.map { $0.trimmingWhitespace().lowercased() }
        return proto == "https"
    }

    /// The body's media type, lowercased, without parameters (RFC 9110 §8.3.1).
    static func mediaType(_ head: HTTPRequestHead) -> String? {
        head.headers["content-type"].map { $0.split(separator: ";", maxSplits: 1).first.map { $0.trimmingWhitespace().lowercased() } ?? "" }
    }
}
