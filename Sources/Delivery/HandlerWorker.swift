import Dispatch
import Synchronization
import SystemIO

/// Feeds one handler its deliveries, in order, `concurrency` at a time. A failed delivery goes
/// back to the front and the worker pauses until its retry time (so an outage costs one try
/// per backoff step, not one per queued event); after the last try it is dead-lettered.
/// A slow or failing handler only ever holds up its own queue.
final class HandlerWorker: Sendable {
    /// A delivery waiting on disk: enough to read it back from the journal when its turn comes.
    struct Reference: Sendable {
        let id: EventID
        let position: JournalPosition
        let attempt: Int
        let isRedelivery: Bool
    }

    /// What reading a backlogged delivery back produced.
    enum ReloadOutcome: Sendable {
        case delivery(Delivery)
        /// The payload does not fit its model: it went to the quarantine, nothing to deliver.
        case settled
    }

    enum Pending: Sendable {
        case ready(Delivery)
        case onDisk(Reference)
    }

    struct State {
        var settings: HandlerSettings
        var queue: [Pending] = []
        /// How many queued items are `.ready` (hold a body and a decoded event), and their body bytes.
        var inMemory = 0
        var bytesInMemory = 0
        var head = 0
        var inFlight = 0
        var pausedUntil: UInt64?
        var stopped = false
        var lastError: String?
        var oldestStuckSince: UInt64?
    }

    let name: String
    private let memoryBudget: Int
    /// A decoded event takes several times its body in memory (measured: a 64 KB attempt with a
    /// long responseQuestionMap), so each queued delivery is charged this multiple of its body.
    static let decodedSizeFactor = 8
    private let reload: @Sendable (Reference) -> ReloadOutcome?
    private let state: Mutex<State>
    private let finished: @Sendable (_ delivery: Delivery, _ outcome: Outcome) -> Void
    private let report: @Sendable (DeliveryEvent) -> Void
    /// Where the handler's deliveries run: a slow or blocking handler holds up only this queue.
    private let queue: DispatchQueue

    enum Outcome: Sendable {
        case delivered
        case gaveUp(attempts: Int, error: String)
    }

    init(
        name: String, settings: HandlerSettings, memoryBudget: Int, report: @escaping @Sendable (DeliveryEvent) -> Void,
        reload: @escaping @Sendable (Reference) -> ReloadOutcome?, finished: @escaping @Sendable (Delivery, Outcome) -> Void
    ) {
        self.name = name
        self.memoryBudget = memoryBudget
        self.reload = reload
        self.state = Mutex(State(settings: settings))
        self.report = report
        self.finished = finished
        self.queue = DispatchQueue(label: "handler.\(name)", attributes: .concurrent)
    }

    /// Swaps in new settings (on reload); queued deliveries stay.
    func update(_ settings: HandlerSettings) {
        state.withLock { $0.settings = settings }
        pump()
    }

    /// Queues a delivery; past the memory budget only its journal position is kept.
    func enqueue(_ delivery: Delivery, at position: JournalPosition) {
        state.withLock { state in
            let cost = delivery.body.count * Self.decodedSizeFactor
            if state.bytesInMemory + cost <= memoryBudget {
                state.inMemory += 1
                state.bytesInMemory += cost
                state.queue.append(.ready(delivery))
            } else {
                state.queue.append(.onDisk(Reference(
                    id: delivery.id, position: position, attempt: delivery.attempt, isRedelivery: delivery.isRedelivery)))
            }
        }
        pump()
    }

    /// True when a delivery with a body of `bytes` would be kept in memory now.
    func wouldKeepInMemory(bodyBytes bytes: Int) -> Bool {
        state.withLock { $0.bytesInMemory + bytes * Self.decodedSizeFactor <= memoryBudget }
    }

    /// Queues a delivery that was never decoded: it is read and decoded when its turn comes.
    func enqueue(_ reference: Reference) {
        state.withLock { $0.queue.append(.onDisk(reference)) }
        pump()
    }

    /// Deliveries held in memory (the rest of the backlog waits in the journal).
    var inMemory: Int { state.withLock { $0.inMemory } }

    /// Deliveries waiting or in flight.
    var backlog: Int { state.withLock { $0.queue.count - $0.head + $0.inFlight } }

    /// The last failure message, if the worker is currently retrying.
    var retrying: String? { state.withLock { $0.pausedUntil == nil ? nil : $0.lastError } }

    /// Seconds the worker has been failing without a success, 0 when healthy.
    var stuckSeconds: Double {
        state.withLock { state in
            guard let since = state.oldestStuckSince else { return 0 }
            return Double(WallClock.monotonicNanoseconds() - since) / 1e9
        }
    }

    func stop() { state.withLock { $0.stopped = true } }

    /// Starts a delivery per free slot, on the handler's own queue; each one's completion
    /// pumps again, so the handler is kept busy without a thread waiting on it.
    private func pump() {
        while let (pending, settings) = takeNext() {
            queue.async { [self] in process(pending, settings) }
        }
    }

    private func process(_ pending: Pending, _ settings: HandlerSettings) {
        switch pending {
        case .ready(let delivery):
            run(delivery, settings)
        case .onDisk(let reference):
            switch reload(reference) {
            case .delivery(let delivery)?:
                run(delivery, settings)
            case .settled?:
                state.withLock { $0.inFlight -= 1 }
                pump()
            case nil:
                // Left unacknowledged: the next start reads the journal again.
                state.withLock { $0.inFlight -= 1 }
                report(.archiveFailed(what: "backlogged delivery \(reference.id) for \(name)", error: "could not be read back from the journal"))
                pump()
            }
        }
    }

    private func takeNext() -> (Pending, HandlerSettings)? {
        state.withLock { state -> (Pending, HandlerSettings)? in
            guard !state.stopped, state.inFlight < state.settings.concurrency, state.head < state.queue.count else { return nil }
            if let until = state.pausedUntil {
                guard WallClock.monotonicNanoseconds() >= until else { return nil }
                state.pausedUntil = nil
            }
            let pending = state.queue[state.head]
            state.head += 1
            state.inFlight += 1
            if case .ready(let delivery) = pending {
                state.inMemory -= 1
                state.bytesInMemory -= delivery.body.count * Self.decodedSizeFactor
            }
            if state.head > 1024 && state.head * 2 > state.queue.count {
                state.queue.removeFirst(state.head)
                state.head = 0
            }
            return (pending, state.settings)
        }
    }

    private func run(_ delivery: Delivery, _ settings: HandlerSettings) {
        let started = WallClock.monotonicNanoseconds()
        settings.handler.handle(delivery) { [self] outcome in
            switch outcome {
            case .delivered, .alreadyDelivered:
                succeeded(delivery, seconds: Double(WallClock.monotonicNanoseconds() - started) / 1e9)
            case .failed(let failure):
                failed(delivery, failure, settings)
            }
            pump()
        }
    }

    private func succeeded(_ delivery: Delivery, seconds: Double) {
        state.withLock { state in
            state.inFlight -= 1
            state.oldestStuckSince = nil
            state.lastError = nil
        }
        report(.delivered(handler: name, delivery: delivery, seconds: seconds))
        finished(delivery, .delivered)
    }

    private func failed(_ delivery: Delivery, _ failure: HandlerFailure, _ settings: HandlerSettings) {
        let age = Double(WallClock.nowMilliseconds() - delivery.receivedAt) / 1000
        let delay = failure.retryable
            ? settings.retry.delay(afterAttempt: delivery.attempt, ageSeconds: age, retryAfter: failure.retryAfter, random: Double.random(in: 0..<1))
            : nil
        guard let delay else {
            // Given up: the event goes to the dead letters, and the handler is no longer
            // stuck on it (else /readyz stayed failing until some later delivery succeeded).
            state.withLock { state in
                state.inFlight -= 1
                state.oldestStuckSince = nil
                state.lastError = nil
            }
            finished(delivery, .gaveUp(attempts: delivery.attempt, error: failure.message))
            return
        }
        report(.failed(handler: name, delivery: delivery, error: failure.message, retryIn: delay))
        let now = WallClock.monotonicNanoseconds()
        state.withLock { state in
            state.inFlight -= 1
            state.lastError = failure.message
            if state.oldestStuckSince == nil { state.oldestStuckSince = now }
            // Back to the front: it is retried first, when the pause ends.
            state.inMemory += 1
            state.bytesInMemory += delivery.body.count * Self.decodedSizeFactor
            if state.head > 0 {
                state.head -= 1
                state.queue[state.head] = .ready(delivery.retried())
            } else {
                state.queue.insert(.ready(delivery.retried()), at: 0)
            }
            state.pausedUntil = max(state.pausedUntil ?? 0, now + UInt64(delay * 1e9))
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(delay * 1000) + 1)) { [self] in pump() }
    }
}
