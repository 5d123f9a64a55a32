import HTTP1

extension AdminSettings {
    /// Reads the `admin` section. Every error names its key; an admin listener without a user or
    /// token is refused, so it can never run open.
    init(_ section: inout ConfigObject) throws(ConfigurationError) {
        var listener = HTTPServerConfiguration(host: "127.0.0.1", port: 9090, maxConnections: 64)
        listener.host = try section.string("host", default: listener.host)
        listener.port = try section.integer("port", default: listener.port, range: 0...65535)
        let users = try Self.users(&section)
        let tokens = try Self.tokens(&section)
        let credentials = AdminCredentials(users: users, tokens: tokens)
        guard !credentials.isEmpty else {
            throw ConfigurationError(
                section.keyPath("users"),
                "the admin listener needs credentials: add admin.users ([{\"username\", \"role\", \"passwordHash\" | \"passwordFile\" | \"passwordEnv\"}]) or admin.tokens ([{\"name\", \"role\", \"tokenHash\" | \"tokenFile\" | \"tokenEnv\"}]), or remove the admin section")
        }
        self.init(listener: listener, credentials: credentials)
        sessionSeconds = try section.number("sessionHours", default: 8, range: 0.05...720) * 3600
        tls = try section.bool("tls", default: false)
        realm = try section.string("realm", default: realm)
        guard !realm.isEmpty, !realm.contains("\""), !realm.contains(where: { $0.isNewline }) else {
            throw ConfigurationError(section.keyPath("realm"), "must be non-empty text without quotes or line breaks")
        }
        publicHosts = try section.strings("publicHosts") ?? []
        for (index, host) in publicHosts.enumerated() where AdminHostPolicy.normalizedHost(host) == nil {
            throw ConfigurationError("\(section.keyPath("publicHosts"))[\(index)]", "\"\(host)\" is not a host name with an optional port, like admin.example.edu or 10.0.0.5:9090")
        }
        allowedOrigins = try section.strings("allowedOrigins") ?? []
        for (index, origin) in allowedOrigins.enumerated() where AdminHostPolicy.normalizedOrigin(origin) == nil {
            throw ConfigurationError("\(section.keyPath("allowedOrigins"))[\(index)]", "\"\(origin)\" is not an origin like https://admin.example.edu (scheme and host, optional port, no path)")
        }
        try section.finish()
    }

    private static func users(_ section: inout ConfigObject) throws(ConfigurationError) -> [AdminUser] {
        var result: [AdminUser] = []
        for (index, item) in (try section.array("users") ?? []).enumerated() {
            var entry = try ConfigObject(item, path: "\(section.keyPath("users"))[\(index)]")
            let username = try entry.requiredString("username")
            guard !username.contains(":"), !username.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }) else {
                throw ConfigurationError(entry.keyPath("username"), "must not contain ':' (Basic authentication splits on it) or control characters")
            }
            guard !result.contains(where: { $0.username == username }) else {
                throw ConfigurationError(entry.keyPath("username"), "\"\(username)\" is listed twice")
            }
            let role = try Self.role(&entry)
            let secret = try Self.secret(&entry, what: "password", hash: "passwordHash", file: "passwordFile", env: "passwordEnv", minimumLength: 8)
            try entry.finish()
            result.append(AdminUser(username: username, role: role, secret: secret))
        }
        return result
    }

    private static func tokens(_ section: inout ConfigObject) throws(ConfigurationError) -> [AdminToken] {
        var result: [AdminToken] = []
        for (index, item) in (try section.array("tokens") ?? []).enumerated() {
            var entry = try ConfigObject(item, path: "\(section.keyPath("tokens"))[\(index)]")
            let name = try entry.requiredString("name")
            guard !result.contains(where: { $0.name == name }) else {
                throw ConfigurationError(entry.keyPath("name"), "\"\(name)\" is listed twice")
            }
            let role = try Self.role(&entry)
            let secret = try Self.secret(&entry, what: "token", hash: "tokenHash", file: "tokenFile", env: "tokenEnv", minimumLength: 16)
            try entry.finish()
            result.append(AdminToken(name: name, role: role, secret: secret))
        }
        return result
    }

    private static func role(_ entry: inout ConfigObject) throws(ConfigurationError) -> AdminRole {
        guard entry.keys.contains("role") else {
            throw ConfigurationError(entry.keyPath("role"), "is required: \"viewer\" (reads) or \"operator\" (also replays, resolves and erases)")
        }
        return AdminRole(rawValue: try entry.oneOf("role", AdminRole.allCases.map(\.rawValue), default: "viewer"))!
    }

    /// Exactly one of a PBKDF2 hash, a file or an environment variable; a secret in clear in
    /// the file is refused.
    private static func secret(
        _ entry: inout ConfigObject, what: String, hash: String, file: String, env: String, minimumLength: Int
    ) throws(ConfigurationError) -> AdminSecret {
        if entry.keys.contains(what) {
            throw ConfigurationError(entry.keyPath(what), "a \(what) never goes in the configuration in clear: use \(hash) (from synap-webhooks hash-password), \(file) or \(env)")
        }
        guard entry.keys.filter({ [hash, file, env].contains($0) }).count == 1 else {
            throw ConfigurationError(entry.path, "give the \(what) exactly once, as one of: \(hash), \(file), \(env)")
        }
        if let text = try entry.string(hash) {
            do throws(PasswordHash.FormatError) {
                return .hashed(try PasswordHash(parsing: text))
            } catch {
                throw ConfigurationError(entry.keyPath(hash), error.description)
            }
        }
        // A password file that does not exist yet is created by the first serve, as for routes.
        let value = try entry.secret(plain: nil, env: env, file: file, what: what, createdIfMissing: what == "password")
        guard value.count >= minimumLength || value == SecretFileContext.placeholder else {
            throw ConfigurationError(entry.keyPath(entry.keys.contains(file) ? file : env), "the \(what) is too short: at least \(minimumLength) characters")
        }
        return .plain(Array(value.utf8))
    }
}
