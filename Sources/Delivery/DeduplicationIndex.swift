import Checksums
import Synchronization
import SystemIO

/// Remembers recent bodies per route, so an identical body re-sent to the same route within
/// the window is acknowledged without being dispatched again (Synap sends no event id).
///
/// A body whose first copy is still on its way to disk is neither new nor a settled
/// duplicate: the second request waits for the first one's outcome.
public final class DeduplicationIndex: Sendable {
    /// What `claim` found.
    public enum Claim: Sendable {
        /// Not seen: the caller journals it, then calls `confirm` or `release`.
        case fresh
        /// Already journaled as this id.
        case duplicate(of: EventID)
        /// The first copy is being journaled; `waiter` will be called with its id (or nil if that failed).
        case waiting
    }

    /// A body's identity on a route.
    public struct Key: Hashable, Sendable {
        let high: UInt64
        let low: UInt64
    }

    private struct Entry {
        var id: EventID?
        var receivedAt: Int64
        var waiters: [@Sendable (EventID?) -> Void] = []
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var order: [(Key, Int64)] = []
        var orderHead = 0
    }

    /// The window in milliseconds; 0 turns de-duplication off.
    public let windowMilliseconds: Int64
    /// Most bodies remembered at once: memory stays bounded whatever the traffic (each costs
    /// about 150 bytes, measured over a million), and past it the oldest, least likely to be
    /// re-sent, go first.
    public let maxEntries: Int
    private let state = Mutex(State())

    /// The secret key of this index's hashes: random, and kept only in the checkpoint (mode
    /// 0600) with the entries it hashed, so a restart restores the index without re-reading
    /// the journal.
    public let hashKey: (UInt64, UInt64)

    /// An index remembering bodies for `windowSeconds`, at most `maxEntries` of them, hashing
    /// with `hashKey` (a fresh random one by default).
    public init(windowSeconds: Double, maxEntries: Int = 100_000, hashKey: (UInt64, UInt64)? = nil) {
        windowMilliseconds = Int64(windowSeconds * 1000)
        self.maxEntries = maxEntries
        self.hashKey = hashKey ?? (UInt64.random(in: .min ... .max), UInt64.random(in: .min ... .max))
    }

    /// The index as a checkpoint keeps it: its key and its settled entries, oldest first.
    public struct Snapshot: Sendable {
        public struct Item: Sendable {
            public let key: Key
            public let id: EventID
            public let receivedAt: Int64
        }
        public let key: (UInt64, UInt64)
        public let entries: [Item]

        public init(key: (UInt64, UInt64), entries: [Item]) {
            self.key = key
            self.entries = entries
        }
    }

    /// The entries to keep in a checkpoint (those still being journaled are left out: the
    /// journal read after the checkpoint finds them).
    public func snapshot(now: Int64) -> Snapshot {
        let items = state.withLock { state -> [Snapshot.Item] in
            expire(&state, now: now)
            return state.entries.compactMap { key, entry in
                entry.id.map { Snapshot.Item(key: key, id: $0, receivedAt: entry.receivedAt) }
            }
        }
        return Snapshot(key: hashKey, entries: items.sorted { $0.receivedAt < $1.receivedAt })
    }

    /// Restores a snapshot's entries (the index must have been made with the snapshot's key).
    public func restore(_ snapshot: Snapshot, now: Int64) {
        guard windowMilliseconds > 0 else { return }
        state.withLock { state in
            for item in snapshot.entries where now - item.receivedAt < windowMilliseconds {
                state.entries[item.key] = Entry(id: item.id, receivedAt: item.receivedAt)
                state.order.append((item.key, item.receivedAt))
            }
            expire(&state, now: now)
        }
    }

    /// The key of a body on a route: SipHash-2-4-128(route, NUL, body) under this index's secret
    /// key, so no sender can craft a body that passes for another one's duplicate.
    public func key(route: String, body: [UInt8]) -> Key {
        var hasher = SipHash128(key: hashKey)
        var route = route  // withUTF8 hashes the path in place instead of copying it per request
        route.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: UInt8(0)) { hasher.update($0) }
        hasher.update(body)
        let (high, low) = hasher.finalize()
        return Key(high: high, low: low)
    }

    /// Looks `key` up at time `now` (ms) and, when fresh, reserves it.
    public func claim(_ key: Key, now: Int64, waiter: @escaping @Sendable (EventID?) -> Void) -> Claim {
        guard windowMilliseconds > 0 else { return .fresh }
        return state.withLock { state in
            expire(&state, now: now)
            if var entry = state.entries[key] {
                if let id = entry.id { return .duplicate(of: id) }
                entry.waiters.append(waiter)
                state.entries[key] = entry
                return .waiting
            }
            state.entries[key] = Entry(id: nil, receivedAt: now)
            state.order.append((key, now))
            expire(&state, now: now)  // again, so the new entry never takes the count past maxEntries
            return .fresh
        }
    }

    /// The first copy of `key` is durable as `id`.
    public func confirm(_ key: Key, id: EventID) {
        guard windowMilliseconds > 0 else { return }
        let waiters = state.withLock { state -> [@Sendable (EventID?) -> Void] in
            guard var entry = state.entries[key] else { return [] }
            entry.id = id
            let waiting = entry.waiters
            entry.waiters = []
            state.entries[key] = entry
            return waiting
        }
        waiters.forEach { $0(id) }
    }

    /// The first copy of `key` could not be journaled: forget it, and fail its waiters.
    public func release(_ key: Key) {
        guard windowMilliseconds > 0 else { return }
        let waiters = state.withLock { state in state.entries.removeValue(forKey: key)?.waiters ?? [] }
        waiters.forEach { $0(nil) }
    }

    /// Re-learns a journaled event while the journal is read at start-up. Events are being
    /// accepted meanwhile: when a newer event with the same body was accepted as new before this
    /// one was re-learnt, its id is returned, so the caller settles it as a duplicate.
    @discardableResult
    public func remember(route: String, body: [UInt8], id: EventID, receivedAt: Int64, now: Int64) -> EventID? {
        guard windowMilliseconds > 0, now - receivedAt < windowMilliseconds else { return nil }
        let key = self.key(route: route, body: body)
        return state.withLock { state -> EventID? in
            if let existing = state.entries[key], let newer = existing.id, newer > id, existing.receivedAt >= receivedAt {
                // Accepted during recovery: this older copy stays the original.
                state.entries[key] = Entry(id: id, receivedAt: receivedAt)
                state.order.append((key, receivedAt))
                expire(&state, now: now)
                return newer
            }
            // Always a new order item: a later copy of the same body moves the entry's time, and
            // expiry matches items by time, so without one the entry would never expire.
            state.order.append((key, receivedAt))
            state.entries[key] = Entry(id: id, receivedAt: receivedAt)
            expire(&state, now: now)
            return nil
        }
    }

    /// Forgets the bodies of erased events: an identical body is new again.
    public func forget(_ ids: Set<EventID>) {
        guard !ids.isEmpty else { return }
        state.withLock { state in
            for (key, entry) in state.entries where entry.id.map(ids.contains) == true { state.entries[key] = nil }
        }
    }

    /// How many bodies are remembered.
    public var count: Int { state.withLock { $0.entries.count } }

    private func expire(_ state: inout State, now: Int64) {
        while state.orderHead < state.order.count {
            let (key, at) = state.order[state.orderHead]
            guard now - at >= windowMilliseconds || state.entries.count > maxEntries else { break }
            if let entry = state.entries[key], entry.receivedAt == at {
                guard entry.id != nil else { break }  // still being journaled: it settles within moments
                state.entries[key] = nil
            }
            state.orderHead += 1
        }
        if state.orderHead > 4096 && state.orderHead * 2 > state.order.count {
            state.order.removeFirst(state.orderHead)
            state.orderHead = 0
        }
    }
}
