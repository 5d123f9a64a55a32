import Synchronization
import Testing
@testable import Delivery

@Suite struct DeduplicationIndexTests {
    let body = Array("{\"a\":1}".utf8)

    @Test func aRepeatWithinTheWindowIsADuplicateOfTheFirst() {
        let index = DeduplicationIndex(windowSeconds: 60)
        let key = index.key(route: "/a", body: body)
        guard case .fresh = index.claim(key, now: 0, waiter: { _ in }) else { Issue.record("first claim must be fresh"); return }
        index.confirm(key, id: EventID(rawValue: 9))
        guard case .duplicate(let original) = index.claim(key, now: 59_000, waiter: { _ in }) else { Issue.record("expected a duplicate"); return }
        #expect(original == EventID(rawValue: 9))
    }

    @Test func afterTheWindowTheBodyIsNewAgain() {
        let index = DeduplicationIndex(windowSeconds: 60)
        let key = index.key(route: "/a", body: body)
        _ = index.claim(key, now: 0, waiter: { _ in })
        index.confirm(key, id: EventID(rawValue: 9))
        guard case .fresh = index.claim(key, now: 60_001, waiter: { _ in }) else { Issue.record("expected fresh after the window"); return }
    }

    @Test func theSameBodyOnAnotherRouteIsNotADuplicate() {
        let index = DeduplicationIndex(windowSeconds: 60)
        #expect(index.key(route: "/a", body: body) == index.key(route: "/a", body: body))
        #expect(index.key(route: "/a", body: body) != index.key(route: "/b", body: body))
        #expect(index.key(route: "/a", body: body) != index.key(route: "/a", body: body + [0x20]))
        // The route/body boundary is marked: "/a" + "b..." is not "/ab" + "...".
        #expect(index.key(route: "/ab", body: body) != index.key(route: "/a", body: Array("b".utf8) + body))
    }

    /// Each index has its own secret hash key, and a body it re-learns from the journal at
    /// start-up is recognised under that key.
    @Test func keysAreSecretPerIndexAndRememberedBodiesMatch() {
        let first = DeduplicationIndex(windowSeconds: 60)
        let second = DeduplicationIndex(windowSeconds: 60)
        #expect(first.key(route: "/a", body: body) != second.key(route: "/a", body: body))
        second.remember(route: "/a", body: body, id: EventID(rawValue: 3), receivedAt: 0, now: 10)
        guard case .duplicate(let original) = second.claim(second.key(route: "/a", body: body), now: 20, waiter: { _ in }) else {
            Issue.record("a remembered body must be a duplicate"); return
        }
        #expect(original == EventID(rawValue: 3))
    }

    @Test func aCopyArrivingWhileTheFirstIsBeingStoredWaitsForItsOutcome() {
        let index = DeduplicationIndex(windowSeconds: 60)
        let key = index.key(route: "/a", body: body)
        _ = index.claim(key, now: 0, waiter: { _ in })
        let heard = Mutex<[EventID?]>([])
        guard case .waiting = index.claim(key, now: 1, waiter: { id in heard.withLock { $0.append(id) } }) else {
            Issue.record("expected to wait"); return
        }
        #expect(heard.withLock { $0 }.isEmpty)
        index.confirm(key, id: EventID(rawValue: 5))
        #expect(heard.withLock { $0 } == [EventID(rawValue: 5)])
    }

    @Test func whenTheFirstCopyFailsItsWaitersFailAndTheBodyIsForgotten() {
        let index = DeduplicationIndex(windowSeconds: 60)
        let key = index.key(route: "/a", body: body)
        _ = index.claim(key, now: 0, waiter: { _ in })
        let heard = Mutex<[EventID?]>([])
        _ = index.claim(key, now: 1, waiter: { id in heard.withLock { $0.append(id) } })
        index.release(key)
        #expect(heard.withLock { $0 } == [nil])
        guard case .fresh = index.claim(key, now: 2, waiter: { _ in }) else { Issue.record("expected fresh after release"); return }
    }

    /// Memory stays bounded: past `maxEntries` the oldest bodies are forgotten first.
    @Test func pastTheLimitTheOldestBodiesAreForgotten() {
        let index = DeduplicationIndex(windowSeconds: 3600, maxEntries: 3)
        let keys = (0..<6).map { index.key(route: "/a", body: Array("{\"n\":\($0)}".utf8)) }
        for (n, key) in keys.enumerated() {
            guard case .fresh = index.claim(key, now: Int64(n), waiter: { _ in }) else { Issue.record("body \(n) must be fresh"); return }
            index.confirm(key, id: EventID(rawValue: UInt64(n + 1)))
        }
        #expect(index.count <= 3)
        guard case .duplicate(let original) = index.claim(keys[5], now: 10, waiter: { _ in }) else { Issue.record("the newest is remembered"); return }
        #expect(original == EventID(rawValue: 6))
        guard case .fresh = index.claim(keys[0], now: 11, waiter: { _ in }) else { Issue.record("the oldest was forgotten"); return }
        #expect(index.count <= 3)
    }

    /// Two journaled copies of one body (a re-send after the first was forgotten): the entry
    /// takes the later time and still expires once that is out of the window.
    @Test func aBodyRememberedTwiceStillExpires() {
        let index = DeduplicationIndex(windowSeconds: 60)
        index.remember(route: "/a", body: body, id: EventID(rawValue: 1), receivedAt: 0, now: 1_000)
        index.remember(route: "/a", body: body, id: EventID(rawValue: 2), receivedAt: 30_000, now: 31_000)
        guard case .duplicate(let original) = index.claim(index.key(route: "/a", body: body), now: 80_000, waiter: { _ in }) else {
            Issue.record("within the window of the later copy"); return
        }
        #expect(original == EventID(rawValue: 2))
        guard case .fresh = index.claim(index.key(route: "/a", body: body), now: 95_000, waiter: { _ in }) else {
            Issue.record("expired once the later copy is out of the window"); return
        }
    }

    @Test func aZeroWindowTurnsItOff() {
        let index = DeduplicationIndex(windowSeconds: 0)
        let key = index.key(route: "/a", body: body)
        _ = index.claim(key, now: 0, waiter: { _ in })
        index.confirm(key, id: EventID(rawValue: 1))
        guard case .fresh = index.claim(key, now: 1, waiter: { _ in }) else { Issue.record("expected fresh with dedup off"); return }
    }
}
