import Synchronization
import SystemIO

/// Budgets for checking credentials, charged *before* a password is hashed, so a flood of
/// wrong passwords is refused with 429 at the cost of a dictionary lookup instead of taking the
/// cores with PBKDF2.
///
/// Three token buckets: per client address, per username (one shared bucket for names that do
/// not exist), and global. An attempt needs a token from each and takes one from each; a
/// success gives back the address and username tokens (the global bucket measures hashing
/// work, which a success cost too). A bucket refills at its steady rate up to its burst.
final class LoginRateLimiter: Sendable {
    struct Budget: Sendable, Equatable {
        /// Attempts allowed at once from a full bucket.
        var burst: Double
        /// Attempts regained per second.
        var perSecond: Double
    }

    struct Policy: Sendable, Equatable {
        /// 10 at once, then one every 30 s, from one address.
        var perAddress = Budget(burst: 10, perSecond: 1.0 / 30)
        /// 10 at once, then one every 30 s, for one username.
        var perUsername = Budget(burst: 10, perSecond: 1.0 / 30)
        /// 20 at once, then one a second, over everything: at the default 600,000 iterations
        /// (about 0.35 s of CPU each here) at most about a third of one core under any flood.
        var global = Budget(burst: 20, perSecond: 1)
        /// Addresses and usernames tracked at most; beyond it full buckets are forgotten first.
        var maxTrackedKeys = 10_000
    }

    /// The outcome of asking to check a credential.
    enum Admission: Sendable, Equatable {
        case admitted(Ticket)
        /// Refused; try again after this many whole seconds.
        case refused(retryAfterSeconds: Int)
    }

    /// What an admitted attempt took, to give back on success.
    struct Ticket: Sendable, Equatable {
        let address: String
        let username: String?
    }

    private struct Bucket {
        var tokens: Double
        var updated: Double

        mutating func refill(_ budget: Budget, now: Double) {
            tokens = min(budget.burst, tokens + max(0, now - updated) * budget.perSecond)
            updated = now
        }

        func secondsUntilOne(_ budget: Budget) -> Double { tokens >= 1 ? 0 : (1 - tokens) / budget.perSecond }
    }

    private struct State {
        var addresses: [String: Bucket] = [:]
        var usernames: [String: Bucket] = [:]
        var global: Bucket
    }

    let policy: Policy
    private let now: @Sendable () -> Double
    private let state: Mutex<State>

    /// `now` is a monotonic clock in seconds (injectable for tests).
    init(policy: Policy = Policy(), now: @escaping @Sendable () -> Double = { Double(WallClock.monotonicNanoseconds()) / 1e9 }) {
        self.policy = policy
        self.now = now
        state = Mutex(State(global: Bucket(tokens: policy.global.burst, updated: now())))
    }

    /// Asks to check one credential from `address` for `username` (nil for a bearer token).
    func admit(address: String, username: String?) -> Admission {
        let time = now()
        return state.withLock { state in
            var addressBucket = state.addresses[address] ?? Bucket(tokens: policy.perAddress.burst, updated: time)
            var user = username.map { state.usernames[$0] ?? Bucket(tokens: policy.perUsername.burst, updated: time) }
            addressBucket.refill(policy.perAddress, now: time)
            user?.refill(policy.perUsername, now: time)
            state.global.refill(policy.global, now: time)
            let wait = max(
                addressBucket.secondsUntilOne(policy.perAddress), user?.secondsUntilOne(policy.perUsername) ?? 0,
                state.global.secondsUntilOne(policy.global))
            if wait > 0 {
                return .refused(retryAfterSeconds: max(1, Int(wait.rounded(.up))))
            }
            addressBucket.tokens -= 1
            user?.tokens -= 1
            state.global.tokens -= 1
            state.addresses[address] = addressBucket
            if let username, let user { state.usernames[username] = user }
            Self.prune(&state.addresses, budget: policy.perAddress, limit: policy.maxTrackedKeys, now: time)
            Self.prune(&state.usernames, budget: policy.perUsername, limit: policy.maxTrackedKeys, now: time)
            return .admitted(Ticket(address: address, username: username))
        }
    }

    /// The credential was right: the address and username get their tokens back.
    func succeeded(_ ticket: Ticket) {
        state.withLock { state in
            if var bucket = state.addresses[ticket.address] {
                bucket.tokens = min(policy.perAddress.burst, bucket.tokens + 1)
                state.addresses[ticket.address] = bucket
            }
            if let username = ticket.username, var bucket = state.usernames[username] {
                bucket.tokens = min(policy.perUsername.burst, bucket.tokens + 1)
                state.usernames[username] = bucket
            }
        }
    }

    /// Addresses and usernames tracked now.
    var trackedKeys: Int { state.withLock { $0.addresses.count + $0.usernames.count } }

    /// Keeps a table under `limit`: buckets that have refilled are the same as absent ones.
    private static func prune(_ table: inout [String: Bucket], budget: Budget, limit: Int, now: Double) {
        guard table.count > limit else { return }
        table = table.filter { _, bucket in
            var copy = bucket
            copy.refill(budget, now: now)
            return copy.tokens < budget.burst
        }
        // Still too many (a flood from many addresses): start over; the global bucket still holds.
        if table.count > limit { table.removeAll() }
    }
}
