import Synchronization
import SystemIO

/// What an action said ("replayed 3 deliveries"), kept for the page its form redirects to.
/// The redirect carries only a random token, never the text: a link that put its own words on
/// the console (`?message=your session expired, sign in at ...`) would be a phishing tool. A
/// notice is shown only to whoever caused it, for ten minutes; at most `capacity` are kept.
final class ConsoleNotices: Sendable {
    private struct Notice {
        let owner: String
        let text: String
        let isError: Bool
        let expires: Int64
    }

    private let notices = Mutex<[String: Notice]>([:])
    let capacity: Int
    static let lifetimeMilliseconds: Int64 = 10 * 60_000

    init(capacity: Int = 1000) {
        self.capacity = capacity
    }

    /// Keeps `text` for `owner`; returns the token for the redirect's `notice` parameter.
    func post(_ text: String, isError: Bool = false, owner: String, now: Int64 = WallClock.nowMilliseconds()) -> String {
        let token = SecureRandom.token()
        notices.withLock { notices in
            notices = notices.filter { $0.value.expires > now }
            if notices.count >= capacity, let oldest = notices.min(by: { $0.value.expires < $1.value.expires })?.key {
                notices[oldest] = nil
            }
            notices[token] = Notice(owner: owner, text: text, isError: isError, expires: now + Self.lifetimeMilliseconds)
        }
        return token
    }

    /// The notice behind `token`, when `owner` caused it and it has not expired (it stays for
    /// a reload).
    func notice(_ token: String?, owner: String, now: Int64 = WallClock.nowMilliseconds()) -> (text: String, isError: Bool)? {
        guard let token, !token.isEmpty else { return nil }
        return notices.withLock { notices in
            guard let notice = notices[token], notice.owner == owner, notice.expires > now else { return nil }
            return (notice.text, notice.isError)
        }
    }
}
