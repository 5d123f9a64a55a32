import Checksums
import Synchronization
import SystemIO

/// Basic and bearer credentials already verified, so PBKDF2 runs once per credential and
/// lifetime, not once per request (Prometheus scraping every 15 s, the CLI polling).
///
/// Keyed by an HMAC of the whole `Authorization` value under a key made at start, so the table
/// holds no password and its keys are useless outside this process. Entries expire; the table
/// is emptied when credentials are reloaded.
final class VerifiedCredentialCache: Sendable {
    private struct Entry {
        let principal: AdminPrincipal
        let expires: Double
    }

    private let key = SecureRandom.bytes(32)
    private let lifetime: Double
    private let maxEntries: Int
    private let now: @Sendable () -> Double
    private let entries = Mutex<[[UInt8]: Entry]>([:])

    init(lifetimeSeconds: Double = 15 * 60, maxEntries: Int = 1024, now: @escaping @Sendable () -> Double = { Double(WallClock.monotonicNanoseconds()) / 1e9 }) {
        lifetime = lifetimeSeconds
        self.maxEntries = maxEntries
        self.now = now
    }

    /// The principal `authorization` was verified as, if that is still fresh.
    func principal(for authorization: String) -> AdminPrincipal? {
        let id = HMACSHA256.authenticationCode(for: Array(authorization.utf8), key: key)
        let time = now()
        return entries.withLock { table in
            guard let entry = table[id] else { return nil }
            guard entry.expires > time else {
                table[id] = nil
                return nil
            }
            return entry.principal
        }
    }

    /// Remembers that `authorization` proved `principal`.
    func remember(_ principal: AdminPrincipal, for authorization: String) {
        let id = HMACSHA256.authenticationCode(for: Array(authorization.utf8), key: key)
        let time = now()
        entries.withLock { table in
            if table.count >= maxEntries {
                table = table.filter { $0.value.expires > time }
                if table.count >= maxEntries { table.removeAll() }
            }
            table[id] = Entry(principal: principal, expires: time + lifetime)
        }
    }

    /// Forgets everything (credentials changed).
    func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
