import Checksums

/// A secret an administrator proves: given by reference (a file or environment variable, read
/// at load) and compared in constant time, or stored as a PBKDF2 hash and checked by hashing.
enum AdminSecret: Sendable, Equatable {
    case plain([UInt8])
    case hashed(PasswordHash)

    /// Whether checking it runs PBKDF2 (so it must be rate-limited and cached).
    var isHashed: Bool {
        if case .hashed = self { return true }
        return false
    }

    /// Checks `candidate`; `onHash` is called once per PBKDF2 run.
    func matches(_ candidate: [UInt8], onHash: () -> Void) -> Bool {
        switch self {
        case .plain(let expected):
            // Digests first, so the comparison takes the same time whatever the lengths.
            return BasicAuthenticator.constantTimeEquals(SHA256.hash(candidate), SHA256.hash(expected))
        case .hashed(let hash):
            onHash()
            return hash.matches(candidate)
        }
    }
}

/// One person who may use the admin listener, with a username and password.
struct AdminUser: Sendable, Equatable {
    let username: String
    let role: AdminRole
    let secret: AdminSecret
}

/// A static bearer token for scripts (Prometheus, deploy jobs), with a name for the audit log.
struct AdminToken: Sendable, Equatable {
    let name: String
    let role: AdminRole
    let secret: AdminSecret
}

/// The users and tokens the admin listener accepts, and the one place their secrets are checked.
struct AdminCredentials: Sendable {
    let users: [AdminUser]
    let tokens: [AdminToken]
    /// Hashed against when a username is unknown, so an unknown name costs what a known one
    /// does and response times do not tell which usernames exist. nil when no secret is hashed.
    private let decoy: PasswordHash?

    init(users: [AdminUser], tokens: [AdminToken]) {
        self.users = users
        self.tokens = tokens
        let iterations = (users.map(\.secret) + tokens.map(\.secret)).compactMap { secret -> Int? in
            if case .hashed(let hash) = secret { return hash.iterations }
            return nil
        }.max()
        decoy = iterations.map { PasswordHash(iterations: $0, salt: SecureRandom.bytes(16), derivedKey: SecureRandom.bytes(32)) }
    }

    var isEmpty: Bool { users.isEmpty && tokens.isEmpty }

    func user(named username: String) -> AdminUser? { users.first { $0.username == username } }

    /// The principal for `username` and `password`, or nil. `onHash` counts PBKDF2 runs.
    func verify(username: String, password: [UInt8], onHash: () -> Void) -> AdminPrincipal? {
        guard let user = user(named: username) else {
            if let decoy {
                onHash()
                _ = decoy.matches(password)
            }
            return nil
        }
        return user.secret.matches(password, onHash: onHash) ? AdminPrincipal(name: user.username, role: user.role, method: .basic) : nil
    }

    /// The principal for a bearer `token`, or nil. Every token is checked, matched or not.
    func verify(token: [UInt8], onHash: () -> Void) -> AdminPrincipal? {
        var found: AdminToken?
        for candidate in tokens where candidate.secret.matches(token, onHash: onHash) && found == nil {
            found = candidate
        }
        return found.map { AdminPrincipal(name: $0.name, role: $0.role, method: .bearer) }
    }
}
