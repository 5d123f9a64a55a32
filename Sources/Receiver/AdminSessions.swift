import Checksums
import Synchronization
import SystemIO

/// One browser login.
struct AdminSession: Sendable {
    let username: String
    /// The token every form of this session carries in its `csrf` field.
    let csrfToken: String
    /// Monotonic seconds.
    let expires: Double
}

/// Browser sessions, in memory (they end at a restart). A session id is 32 random bytes,
/// given to the browser in an HttpOnly cookie; the table is keyed by its SHA-256, and the
/// digest is compared in constant time once found.
final class AdminSessions: Sendable {
    private struct Stored {
        let digest: [UInt8]
        let session: AdminSession
    }

    let lifetimeSeconds: Double
    private let maxSessions: Int
    private let now: @Sendable () -> Double
    private let table = Mutex<[String: Stored]>([:])

    init(lifetimeSeconds: Double, maxSessions: Int = 10_000, now: @escaping @Sendable () -> Double = { Double(WallClock.monotonicNanoseconds()) / 1e9 }) {
        self.lifetimeSeconds = lifetimeSeconds
        self.maxSessions = maxSessions
        self.now = now
    }

    /// Starts a session for `username`; returns the id for the cookie and the session.
    func create(username: String) -> (id: String, session: AdminSession) {
        let id = SecureRandom.token(bytes: 32)
        let digest = SHA256.hash(Array(id.utf8))
        let time = now()
        let session = AdminSession(username: username, csrfToken: SecureRandom.token(bytes: 32), expires: time + lifetimeSeconds)
        table.withLock { table in
            if table.count >= maxSessions {
                table = table.filter { $0.value.session.expires > time }
                // Still full: the sessions closest to expiry go first.
                while table.count >= maxSessions, let oldest = table.min(by: { $0.value.session.expires < $1.value.session.expires }) {
                    table[oldest.key] = nil
                }
            }
            table[Hex.encode(digest)] = Stored(digest: digest, session: session)
        }
        return (id, session)
    }

    /// The live session with this id, if any.
    func session(id: String) -> AdminSession? {
        guard id.utf8.count <= 128 else { return nil }
        let digest = SHA256.hash(Array(id.utf8))
        let time = now()
        return table.withLock { table in
            let key = Hex.encode(digest)
            guard let stored = table[key], BasicAuthenticator.constantTimeEquals(stored.digest, digest) else { return nil }
            guard stored.session.expires > time else {
                table[key] = nil
                return nil
            }
            return stored.session
        }
    }

    /// Seconds until the session with this id expires (for the cookie's Max-Age).
    func remainingSeconds(of session: AdminSession) -> Int { max(0, Int((session.expires - now()).rounded(.down))) }

    /// Ends the session with this id (logout).
    func end(id: String) {
        let key = Hex.encode(SHA256.hash(Array(id.utf8)))
        table.withLock { $0[key] = nil }
    }

    /// Ends every session `predicate` picks (users removed or changed by a reload).
    func end(where predicate: (AdminSession) -> Bool) {
        table.withLock { table in table = table.filter { !predicate($0.value.session) } }
    }

    var count: Int { table.withLock { $0.count } }
}
