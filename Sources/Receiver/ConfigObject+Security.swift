import Foundation

extension ConfigObject {
    /// `"auth": { "realm": "...", "credentials": [ { "username" | "usernameEnv", "passwordEnv" | "passwordFile" } ] }`.
    /// Secrets come from the environment or a file, never from the configuration itself.
    mutating func basicAuth(_ key: String) throws(ConfigurationError) -> BasicAuthenticator? {
        guard var section = try object(key) else { return nil }
        let realm = try section.string("realm", default: "synap-webhooks")
        guard let items = try section.array("credentials"), !items.isEmpty else {
            throw ConfigurationError(section.keyPath("credentials"), "is required: list at least one credential")
        }
        var credentials: [BasicAuthenticator.Credential] = []
        for (index, item) in items.enumerated() {
            var entry = try ConfigObject(item, path: "\(section.keyPath("credentials"))[\(index)]")
            if entry.keys.contains("password") {
                throw ConfigurationError(entry.keyPath("password"), "passwords never go in the configuration: use passwordEnv (an environment variable) or passwordFile")
            }
            let username = try entry.secret(plain: "username", env: "usernameEnv", file: "usernameFile", what: "username")
            let password = try entry.secret(plain: nil, env: "passwordEnv", file: "passwordFile", what: "password")
            guard !username.contains(":") else { throw ConfigurationError(entry.path, "a Basic username cannot contain ':'") }
            try entry.finish()
            credentials.append(.init(username: username, password: password))
        }
        try section.finish()
        return BasicAuthenticator(realm: realm, credentials: credentials)
    }

    /// A value given directly (when `plain` is allowed), by environment variable, or by file
    /// (its content without the trailing newline). Exactly one of them must be present.
    mutating func secret(plain: String?, env: String, file: String, what: String) throws(ConfigurationError) -> String {
        let direct = try plain.map { key throws(ConfigurationError) in try string(key) } ?? nil
        let variable = try string(env)
        let path = try string(file)
        let given = [direct != nil, variable != nil, path != nil].filter { $0 }.count
        guard given == 1 else {
            let options = [plain, env, file].compactMap { $0 }.joined(separator: ", ")
            throw ConfigurationError(self.path, "give the \(what) exactly once, as one of: \(options)")
        }
        if let direct { return direct }
        if let variable {
            guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                throw ConfigurationError(keyPath(env), "environment variable \(variable) is not set")
            }
            return value
        }
        guard let data = FileManager.default.contents(atPath: path!), var text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(keyPath(file), "cannot read \(path!)")
        }
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty else { throw ConfigurationError(keyPath(file), "\(path!) is empty") }
        return text
    }

    /// A list of CIDR networks.
    mutating func networks(_ key: String) throws(ConfigurationError) -> [NetworkRange] {
        guard let items = try strings(key) else { return [] }
        var result: [NetworkRange] = []
        for (index, text) in items.enumerated() {
            guard let range = NetworkRange(text) else {
                throw ConfigurationError("\(keyPath(key))[\(index)]", "\"\(text)\" is not an IP address or CIDR network (like 10.0.0.0/8)")
            }
            result.append(range)
        }
        return result
    }
}
