import Delivery
import Glibc
import Synchronization

/// A handler that records what it got and fails on demand: a number of times, for events a
/// predicate picks (one poisonous event), or all the time (the endpoint is down).
final class RecordingHandler: WebhookHandler {
    let name: String
    let acceptsRepeatedDelivery: Bool
    private let failuresLeft: Mutex<Int>
    private let failure: HandlerFailure
    /// While true, `handle` waits (a handler stuck on a slow downstream) until `release()`.
    private let blocked: Mutex<Bool>
    /// While true, every try fails.
    let down = Mutex(false)
    private let poisoned: @Sendable (Delivery) -> Bool
    /// Runs before each try with its number (1 for the first call): a test may block here.
    private let beforeEachTry: @Sendable (Int, Delivery) -> Void
    private let calls = Mutex(0)
    let received = Mutex<[Delivery]>([])

    init(
        name: String, failTimes: Int = 0, failure: HandlerFailure = HandlerFailure("downstream unavailable"), blocked: Bool = false,
        acceptsRepeatedDelivery: Bool = true, poisoned: @escaping @Sendable (Delivery) -> Bool = { _ in false },
        beforeEachTry: @escaping @Sendable (Int, Delivery) -> Void = { _, _ in }
    ) {
        self.beforeEachTry = beforeEachTry
        self.name = name
        self.failuresLeft = Mutex(failTimes)
        self.failure = failure
        self.blocked = Mutex(blocked)
        self.acceptsRepeatedDelivery = acceptsRepeatedDelivery
        self.poisoned = poisoned
    }

    func release() { blocked.withLock { $0 = false } }

    func handle(_ delivery: Delivery, completion: @escaping @Sendable (HandlerOutcome) -> Void) {
        // Runs on the handler's own queue, where blocking is allowed.
        while blocked.withLock({ $0 }) { usleep(5000) }
        beforeEachTry(calls.withLock { $0 += 1; return $0 }, delivery)
        let fail = failuresLeft.withLock { left -> Bool in
            guard left > 0 else { return false }
            left -= 1
            return true
        } || down.withLock { $0 } || poisoned(delivery)
        received.withLock { $0.append(delivery) }
        completion(fail ? .failed(failure) : .delivered())
    }

    var attempts: [Int] { received.withLock { $0.map(\.attempt) } }
    var count: Int { received.withLock { $0.count } }
    var ids: [EventID] { received.withLock { $0.map(\.id) } }
    /// Ids of the tries that succeeded... approximated by the last try of each id.
    func tries(of id: EventID) -> Int { received.withLock { $0.filter { $0.id == id }.count } }
}

/// Waits up to `timeout` seconds for `condition`.
func eventually(timeout: Double = 10, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
