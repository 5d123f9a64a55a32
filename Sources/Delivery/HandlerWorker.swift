import Dispatch

/// One handler's line of deliveries, as the engine drives it: the queue in receipt order, the
/// events set aside on their own retry schedule, what is in flight, and whether the handler is
/// backing off as a whole.
///
/// A plain data structure: the engine owns it and touches it only on its own queue. Only
/// event ids wait here; their state is the ledger's and their bodies wait in the journal (or in
/// the engine's bounded cache of decoded events).
///
/// `@unchecked Sendable`: every property is read and written on the engine's queue only; other
/// threads (the handler's queue) only carry the reference back there.
final class HandlerWorker: @unchecked Sendable {
    let name: String
    var settings: HandlerSettings
    /// Where the handler runs: one serial queue per batch in flight at once (`concurrency`).
    /// Serial queues get a thread of their own when they need one, so a handler that blocks (a
    /// slow disk) holds up only its own deliveries, never the connections or other handlers (a
    /// concurrent queue would share the pool's few threads, one per core).
    private var lanes: [DispatchQueue] = []
    /// Which lanes have a batch.
    private var laneBusy: [Bool] = []
    /// Lanes with a batch: no more than `concurrency` at once.
    private(set) var busyLanes = 0

    /// Waiting, in order; `head` is the next.
    private var line: [EventID] = []
    private var head = 0
    /// Events set aside after failing three tries at the head while others may succeed, with
    /// when each is due.
    private(set) var setAside: [EventID: Int64] = [:]
    /// Events on their own schedule, whether waiting or in flight, until they succeed or die.
    private(set) var isolated: Set<EventID> = []
    private(set) var inFlight: Set<EventID> = []
    /// Deliveries that may have reached the handler before (recovered or replayed).
    var redeliveries: Set<EventID> = []

    /// The whole handler waits until then (every try is failing: the endpoint is down).
    var pausedUntil: Int64?
    /// The event failing at the head, and how many times in a row.
    var headStreak: (id: EventID, failures: Int)?
    /// True right after an event was set aside: the next try tells a failing event from a
    /// failing endpoint.
    var probeNext = false
    var probing: EventID?
    /// False once a probe failed too: the endpoint is failing, so no more events are set aside
    /// until something succeeds.
    var mayIsolate = true
    private(set) var lastError: String?
    private(set) var failingSince: Int64?
    /// Tries that failed in a row, whatever the event: a failing endpoint's backoff grows with
    /// it, not with each new event's own attempt count.
    private(set) var consecutiveFailures = 0
    /// A reload removed the handler: it starts nothing more.
    var removed = false
    /// When a wake-up is already scheduled.
    var wakeAt: Int64?

    init(name: String, settings: HandlerSettings) {
        self.name = name
        self.settings = settings
    }

    /// A free lane for the next batch (the caller checked `busyLanes < concurrency`), and its index.
    func claimLane() -> (DispatchQueue, Int) {
        while lanes.count < settings.concurrency {
            lanes.append(DispatchQueue(label: "handler.\(name).\(lanes.count)"))
            laneBusy.append(false)
        }
        let index = laneBusy.firstIndex(of: false) ?? 0
        laneBusy[index] = true
        busyLanes += 1
        return (lanes[index], index)
    }

    /// The lane's batch is done.
    func releaseLane(_ index: Int) {
        guard laneBusy[index] else { return }
        laneBusy[index] = false
        busyLanes -= 1
    }

    /// Waiting, set aside and in flight.
    var backlog: Int { line.count - head + setAside.count + inFlight.count }
    var waiting: Int { line.count - head }

    func append(_ id: EventID) { line.append(id) }

    /// Puts a failed event back at the front, to be tried first.
    func pushFront(_ id: EventID) {
        if head > 0 {
            head -= 1
            line[head] = id
        } else {
            line.insert(id, at: 0)
        }
    }

    func setAside(_ id: EventID, until due: Int64) {
        setAside[id] = due
        isolated.insert(id)
    }

    /// An event is done with (delivered or given up on).
    func settled(_ id: EventID) {
        isolated.remove(id)
        redeliveries.remove(id)
    }

    /// The next event to start: a set-aside one that is due first, else the head of the line.
    func takeNext(now: Int64) -> (id: EventID, wasSetAside: Bool)? {
        if !setAside.isEmpty, let (id, _) = setAside.filter({ $0.value <= now }).min(by: { $0.value < $1.value }) {
            setAside[id] = nil
            return (id, true)
        }
        guard head < line.count else { return nil }
        let id = line[head]
        head += 1
        if head > 1024 && head * 2 > line.count {
            line.removeFirst(head)
            head = 0
        }
        return (id, false)
    }

    /// When the earliest set-aside event is due.
    var nextSetAsideDue: Int64? { setAside.values.min() }

    /// Every event waiting or set aside (not in flight), emptying the line: a removed handler's.
    func drain() -> [EventID] {
        let all = Array(line[head...]) + setAside.keys.sorted()
        line = []
        head = 0
        setAside = [:]
        isolated = []
        return all
    }

    func started(_ id: EventID) { inFlight.insert(id) }
    func finished(_ id: EventID) { inFlight.remove(id) }

    func succeeded() {
        consecutiveFailures = 0
        pausedUntil = nil
        lastError = nil
        failingSince = nil
        headStreak = nil
        mayIsolate = true
        probing = nil
    }

    func failed(_ message: String, now: Int64) {
        consecutiveFailures += 1
        lastError = message
        if failingSince == nil { failingSince = now }
    }

    /// Given up on an event: it is no longer what holds the handler up (else it would be
    /// reported failing until some later delivery succeeded).
    func gaveUp(_ id: EventID) {
        if headStreak?.id == id { headStreak = nil }
        if probing == id { probing = nil }
        pausedUntil = nil
        lastError = nil
        failingSince = nil
    }
}
