import Foundation
import SystemIO

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
            let password = try entry.secret(plain: nil, env: "passwordEnv", file: "passwordFile", what: "password", createdIfMissing: true)
            guard !username.contains(":") else { throw ConfigurationError(entry.path, "a Basic username cannot contain ':'") }
            if entry.keys.contains("passwordEnv"), case .string(let variable)? = entry.raw("passwordEnv") {
                let warning = ConfigurationWarning(.notice, "\(entry.keyPath("passwordEnv")) (\(variable), and every other credential using it): \(Self.environmentRotationNote)")
                SecretFileContext.current?.warn(warning, once: "passwordEnv " + variable)
            }
            try entry.finish()
            credentials.append(.init(username: username, password: password))
        }
        try section.finish()
        return BasicAuthenticator(realm: realm, credentials: credentials)
    }

    /// A value given directly (when `plain` is allowed), by environment variable, or by file
    /// (its content without the trailing newline). Exactly one of them must be present.
    ///
    /// A file path may name `${CREDENTIALS_DIRECTORY}` and, when a command loads the
    /// configuration, a relative one is taken from the data directory (`SecretFileContext`).
    /// With `createdIfMissing` (passwords), a missing file is what the context says: created by
    /// `serve`, reported by `check-config`.
    mutating func secret(plain: String?, env: String, file: String, what: String, createdIfMissing: Bool = false) throws(ConfigurationError) -> String {
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
                if SecretFileContext.secretsOptional { return SecretFileContext.placeholder }
                throw ConfigurationError(keyPath(env), "environment variable \(variable) is not set")
            }
            return value
        }
        let key = keyPath(file)
        let context = SecretFileContext.current
        guard let resolved = try SecretFileContext.resolve(path!, key: key) else {
            guard let context, context.missingPasswordFile == .report else {
                throw ConfigurationError(key, "names $CREDENTIALS_DIRECTORY, which is not set (systemd sets it for a unit with LoadCredential=)")
            }
            context.warn(ConfigurationWarning(.notice, "\(key): \(path!) is read from the directory systemd gives the unit (LoadCredential=); CREDENTIALS_DIRECTORY is not set here, so it was not checked"))
            return SecretFileContext.placeholder
        }
        // Never into ${CREDENTIALS_DIRECTORY}: systemd fills it, read-only, from LoadCredential=.
        if createdIfMissing, !path!.contains("CREDENTIALS_DIRECTORY"), let context, !FileSystem.exists(resolved) {
            return try context.passwordForMissingFile(resolved, key: key)
        }
        guard let data = FileManager.default.contents(atPath: resolved), var text = String(data: data, encoding: .utf8) else {
            if SecretFileContext.secretsOptional { return SecretFileContext.placeholder }
            throw ConfigurationError(key, "cannot read \(resolved)")
        }
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty else { throw ConfigurationError(key, "\(resolved) is empty") }
        return text
    }

    /// Why a password from the environment cannot be rotated without a restart.
    static let environmentRotationNote =
        "a process's environment is fixed when it starts, so changing this password needs a restart; use passwordFile to rotate it without downtime (add a credential, reload, remove the old one, reload)"

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
