/// Which `Host` and `Origin` values the admin listener accepts.
///
/// Refusing an unknown Host stops DNS rebinding: a page on `evil.example` whose name is made to
/// resolve to 127.0.0.1 reaches the listener with `Host: evil.example`. Loopback addresses with
/// the listener's port are always accepted: no attacker's name can put them in a Host header,
/// and the command line (`status --admin http://127.0.0.1:9090`) uses them.
struct AdminHostPolicy: Sendable {
    /// Normalised `host[:port]` values.
    let hosts: Set<String>
    /// Normalised `scheme://host[:port]` values.
    let origins: Set<String>

    init(settings: AdminSettings, boundPort port: Int) {
        var hosts = Set(settings.publicHosts.compactMap(Self.normalizedHost))
        if settings.publicHosts.isEmpty, !["0.0.0.0", "::", ""].contains(settings.listener.host) {
            let name = settings.listener.host.contains(":") ? "[\(settings.listener.host)]" : settings.listener.host
            Self.normalizedHost("\(name):\(port)").map { _ = hosts.insert($0) }
        }
        for loopback in ["localhost", "127.0.0.1", "[::1]"] {
            Self.normalizedHost("\(loopback):\(port)").map { _ = hosts.insert($0) }
        }
        self.hosts = hosts
        if settings.allowedOrigins.isEmpty {
            let schemes = settings.tls ? ["https"] : ["http", "https"]
            origins = Set(hosts.flatMap { host in schemes.compactMap { Self.normalizedOrigin("\($0)://\(host)") } })
        } else {
            origins = Set(settings.allowedOrigins.compactMap(Self.normalizedOrigin))
        }
    }

    func allowsHost(_ value: String) -> Bool {
        Self.normalizedHost(value).map(hosts.contains) ?? false
    }

    func allowsOrigin(_ value: String) -> Bool {
        Self.normalizedOrigin(value).map(origins.contains) ?? false
    }

    /// `Host`-style text lowercased, without a port of 80 or 443 (a browser leaves the default
    /// port out); nil unless it is a DNS name, IPv4 address or bracketed IPv6 address with an
    /// optional port (RFC 9110 §7.2, RFC 3986 §3.2.2).
    static func normalizedHost(_ text: String) -> String? {
        guard let (name, port) = split(text.lowercased()) else { return nil }
        return port == nil || port == 80 || port == 443 ? name : "\(name):\(port!)"
    }

    /// `scheme://host[:port]` lowercased, without the scheme's default port; nil for anything
    /// else, including `null` (the Origin of a sandboxed or privacy-sensitive context).
    static func normalizedOrigin(_ text: String) -> String? {
        let lowered = text.lowercased()
        for (scheme, defaultPort) in [("http", 80), ("https", 443)] where lowered.hasPrefix(scheme + "://") {
            guard let (name, port) = split(String(lowered.dropFirst(scheme.count + 3))) else { return nil }
            return port == nil || port == defaultPort ? "\(scheme)://\(name)" : "\(scheme)://\(name):\(port!)"
        }
        return nil
    }

    private static func split(_ text: String) -> (name: String, port: Int?)? {
        var name = Substring(text)
        var port: Int?
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return nil }
            let inside = name[name.index(after: name.startIndex)..<close]
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
            let rest = name[name.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let number = portNumber(rest.dropFirst()) else { return nil }
                port = number
            }
            name = name[...close]
        } else {
            if let colon = name.lastIndex(of: ":") {
                guard let number = portNumber(name[name.index(after: colon)...]) else { return nil }
                port = number
                name = name[..<colon]
            }
            guard !name.isEmpty, name.utf8.count <= 253,
                  name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }) else { return nil }
        }
        return (String(name), port)
    }

    private static func portNumber(_ digits: Substring) -> Int? {
        guard (1...5).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits) else { return nil }
        return (1...65535).contains(number) ? number : nil
    }
}
