import Dispatch
import Synchronization
import SynapEvents
import SystemIO

/// Drives every event to every handler that is to see it, through one authoritative model of
/// delivery state (the `Ledger`), and journals each change, so that replays, reloads, failures
/// and restarts all go through the same place.
///
/// One concurrency model: everything here runs on the engine's serial queue (public methods
/// hop onto it); handlers run on queues of their own and hand their outcome back. An event's
/// path: the intake journals it and calls `accepted`; the engine opens it in the ledger and
/// queues its id with each handler's worker; `pump` starts it when the handler has room;
/// `completed` records the outcome (delivered, retrying, set aside, dead) and starts the next.
///
/// `@unchecked Sendable`: every mutable property is confined to `queue`; the gauges the
/// request path reads are atomics.
public final class DeliveryEngine: @unchecked Sendable {
    let queue = DispatchQueue(label: "delivery.engine")
    public let journal: Journal
    let reader: JournalReader
    let deduplication: DeduplicationIndex
    /// What the console lists and searches; nil for tools that only read the state.
    public let index: EventIndex?
    public let report: @Sendable (DeliveryEvent) -> Void
    let decoder = SynapEventDecoder()
    let sequences = SequenceCounter()
    /// Body bytes (times the decoded-size factor) of decoded events kept in memory; the rest
    /// wait in the journal and are read back when their turn comes. 64 MB by default: with
    /// 16 MB, a burst of 64 KB events outran it (about 80 of them) and reading back and decoding
    /// them again was 14% of the receiver's CPU (measured under wrk, 32 connections).
    let memoryBudget: Int
    /// A kept delivery holds its body and the decoded model; each is charged this multiple of
    /// its body. Measured (heap growth per copy, release build): a 2.4 KB attempt.completed
    /// decodes to 3.7 KB, a 64 KB one with a long responseQuestionMap to 83 KB; with the body
    /// itself that is 2.5 and 2.3 times the body. (It was 8: the cache then held a third of
    /// what the budget allows, and a backlog past it was read back and decoded again.)
    static let decodedSizeFactor = 3

    // Read on the request path without the queue.
    let deadLetterBytes = Atomic<Int>(0)
    let quarantineBytes = Atomic<Int>(0)
    let recoveringFlag = Atomic<Bool>(true)
    let maintenanceRequested = Atomic<Bool>(false)
    /// One replay at a time (a replay reads the journal, then changes the ledger).
    let replayLock = Mutex(())
    /// Moves whenever an operation may change what a lane should still deliver (an erasure, a
    /// reload, a stop): a lane checks it before each delivery of a batch and hands the rest back
    /// for the engine to check again (`LaneBatch`). A replay or resolve needs none: it changes
    /// only dead, quarantined or finished deliveries, which no batch holds, and an event it puts
    /// back in line while a batch holds it is skipped as in flight, as before batches.
    let interruptions = Atomic<UInt64>(0)

    /// Events journaled since the queue last looked (`accepted`), and whether it is to look.
    let inbox = Mutex<(arrivals: [Arrival], scheduled: Bool)>(([], false))

    // Confined to `queue`.
    var ledger = Ledger()
    var plan: DeliveryPlan
    var workers: [String: HandlerWorker] = [:]
    /// Workers a reload removed that still have deliveries in flight.
    var retiring: [String: HandlerWorker] = [:]
    var decoded: [EventID: Delivery] = [:]
    var decodedBytes = 0
    /// Events accepted while the journal is still being read: queued once recovery is done.
    var held: [EventID] = []
    var recovering = true
    /// Where the last opened event record is: a checkpoint taken now reflects every event
    /// record up to it.
    var lastOpened: JournalPosition?
    var changesSinceCheckpoint = 0
    var stopped = false

    /// An engine over `journal`; nothing is delivered until `recover` (or `startWithoutRecovery`).
    public init(
        journal: Journal, deduplication: DeduplicationIndex, plan: DeliveryPlan, memoryBudget: Int = 64 << 20, index: EventIndex? = nil,
        report: @escaping @Sendable (DeliveryEvent) -> Void
    ) {
        self.journal = journal
        self.index = index
        self.reader = JournalReader(directory: journal.directory)
        self.deduplication = deduplication
        self.plan = plan
        self.memoryBudget = memoryBudget
        self.report = report
        // A checkpoint per segment bounds what a start-up after a crash reads: at most one
        // segment, plus what came in since the last periodic checkpoint.
        journal.onRoll = { [weak self] in
            guard let self else { return }
            queue.async { self.writeCheckpoint() }
        }
    }

    /// A change stamped with the next sequence and the time now.
    func change(_ id: EventID, handler: String?, _ change: Transition.Change, at now: Int64 = WallClock.nowMilliseconds()) -> Transition {
        Transition(id: id, handler: handler, sequence: sequences.next(), at: now, change: change)
    }

    /// Stamps changes the intake makes before an event is journaled.
    public func stamp(_ id: EventID, handler: String?, _ change: Transition.Change, at now: Int64) -> Transition {
        self.change(id, handler: handler, change, at: now)
    }

    /// Applies a change to the ledger and journals it (no waiting: a change lost to a crash only
    /// means a redelivery, which handlers recognise). On the queue.
    func record(_ transition: Transition) {
        ledger.apply(transition)
        journal.appendLazily(.transition(transition))
        index?.add(transition)
        changesSinceCheckpoint += 1
        publishGauges()
    }

    func publishGauges() {
        deadLetterBytes.store(ledger.deadBytes, ordering: .relaxed)
        quarantineBytes.store(ledger.quarantinedBytes, ordering: .relaxed)
    }

    /// True while start-up is still reading the journal (events are accepted meanwhile, and
    /// delivered once it is done).
    public var isRecovering: Bool { recoveringFlag.load(ordering: .relaxed) }

    // MARK: Intake

    /// A journaled event (and the changes journaled with it): opened in the ledger and queued
    /// with its handlers. Called from the journal's completion: it only leaves the event in the
    /// engine's inbox, and hops to the queue when the inbox was empty (one group commit's
    /// events go over together, instead of one hop each).
    public func accepted(
        _ record: EventRecord, at positions: [JournalPosition], changes: [Transition], delivery: Delivery?, quarantineKind: String? = nil
    ) {
        guard let position = positions.first else { return }
        let arrival = Arrival(record: record, position: position, changes: changes, delivery: delivery, quarantineKind: quarantineKind)
        let schedule = inbox.withLock { inbox -> Bool in
            inbox.arrivals.append(arrival)
            defer { inbox.scheduled = true }
            return !inbox.scheduled
        }
        if schedule { queue.async { [self] in takeArrivals() } }
    }

    /// An event the journal made durable, waiting in the inbox.
    struct Arrival: Sendable {
        let record: EventRecord
        let position: JournalPosition
        let changes: [Transition]
        let delivery: Delivery?
        let quarantineKind: String?
    }

    /// Opens what the inbox holds, in the order it was journaled. On the queue.
    func takeArrivals() {
        let arrivals = inbox.withLock { inbox in
            defer { inbox = ([], false) }
            return inbox.arrivals
        }
        for arrival in arrivals {
            open(arrival.record, at: arrival.position, changes: arrival.changes, delivery: arrival.delivery, quarantineKind: arrival.quarantineKind)
        }
        // Started after all are in line, so a lane takes them together.
        for worker in workers.values { pump(worker) }
    }

    private func open(_ record: EventRecord, at position: JournalPosition, changes: [Transition], delivery: Delivery?, quarantineKind: String?) {
        ledger.open(record, at: position)
        for transition in changes { ledger.apply(transition) }
        if let index {
            index.add(delivery.map { index.entry(for: $0, offset: position.offset) } ?? index.entry(for: record, offset: position.offset), segment: position.segment)
            changes.forEach(index.add)
        }
        for change in changes {
            switch change.change {
            case .quarantined(let reason): report(.quarantined(id: record.id, route: record.route, kind: quarantineKind ?? record.kind, error: reason))
            case .filteredOut: report(.filteredOut(handler: change.handler ?? "", id: record.id))
            default: break
            }
        }
        ledger.settle(record.id)
        lastOpened = position
        changesSinceCheckpoint += 1
        publishGauges()
        if let delivery { keepDecoded(delivery) }
        if recovering {
            held.append(record.id)
        } else {
            enqueue(record.id, redelivery: false, pumping: false)
        }
    }

    /// Keeps a decoded event in memory while the budget allows.
    func keepDecoded(_ delivery: Delivery) {
        guard decoded[delivery.id] == nil else { return }
        let cost = delivery.body.count * Self.decodedSizeFactor
        guard decodedBytes + cost <= memoryBudget else { return }
        decoded[delivery.id] = delivery
        decodedBytes += cost
    }

    /// Drops a decoded event once no handler waits for it any more.
    func releaseDecodedIfDone(_ id: EventID) {
        guard let delivery = decoded[id] else { return }
        if let entry = ledger[id], entry.quarantine == nil, entry.handlers.contains(where: { $0.status.isUnfinished }) { return }
        decoded[id] = nil
        decodedBytes -= delivery.body.count * Self.decodedSizeFactor
    }

    /// Queues `id` with every handler it is unfinished with, and starts it unless `pumping` is
    /// false (the caller pumps once it has queued several).
    func enqueue(_ id: EventID, redelivery: Bool, pumping: Bool = true) {
        guard let entry = ledger[id], entry.quarantine == nil else { return }
        for progress in entry.handlers where progress.status.isUnfinished {
            guard let worker = workers[progress.handler] ?? makeWorker(progress.handler) else {
                record(change(id, handler: progress.handler, .dead(attempt: progress.attempts, reason: "handler \(progress.handler) is not configured", statusCode: nil)))
                report(.deadLettered(handler: progress.handler, id: id, attempts: progress.attempts, error: "handler \(progress.handler) is not configured"))
                continue
            }
            if redelivery { worker.redeliveries.insert(id) }
            if progress.status == .retrying, let due = progress.nextAt, due > WallClock.nowMilliseconds(), !worker.settings.ordered {
                // Recovered mid-backoff: it keeps its schedule instead of being tried at once.
                worker.setAside(id, until: due)
            } else {
                worker.append(id)
            }
            if pumping { pump(worker) }
        }
        releaseDecodedIfDone(id)
    }

    func makeWorker(_ name: String) -> HandlerWorker? {
        guard let settings = plan.handlers[name] else { return nil }
        let worker = HandlerWorker(name: name, settings: settings)
        workers[name] = worker
        return worker
    }

    // MARK: Reload

    /// Swaps in a new plan. A handler whose settings changed keeps its queue; a removed one
    /// stops at once: what it had not started becomes dead letters ("handler removed"),
    /// replayable to another handler by name, and it leaves status, metrics and readiness.
    public func update(_ newPlan: DeliveryPlan) {
        interrupt()
        queue.async { [self] in
            plan = newPlan
            for (name, worker) in workers {
                if let settings = newPlan.handlers[name] {
                    worker.settings = settings
                    pump(worker)
                    continue
                }
                workers[name] = nil
                worker.removed = true
                var count = 0
                for id in worker.drain() {
                    guard let progress = ledger[id]?.progress(for: name), progress.status.isUnfinished else { continue }
                    record(change(id, handler: name, .dead(attempt: progress.attempts, reason: "handler removed", statusCode: nil)))
                    releaseDecodedIfDone(id)
                    count += 1
                }
                if !worker.inFlight.isEmpty { retiring[name] = worker }
                report(.handlerRemoved(handler: name, deadLettered: count))
            }
        }
    }

    // MARK: Lifecycle

    /// Waits (up to `timeout` seconds) until no delivery is waiting or in flight.
    public func waitUntilIdle(timeout: Double) -> Bool {
        let deadline = WallClock.monotonicNanoseconds() + UInt64(timeout * 1e9)
        while WallClock.monotonicNanoseconds() < deadline {
            let busy = queue.sync { recovering || workers.values.contains { $0.backlog > 0 } || !retiring.isEmpty }
            if !busy { return true }
            WallClock.sleep(milliseconds: 10)
        }
        return false
    }

    /// Waits (up to `timeout` seconds) until no delivery is in flight: at a stop, those finish and
    /// are recorded; the ones waiting or backing off resume at the next start.
    public func waitForDeliveriesInFlight(timeout: Double) -> Bool {
        let deadline = WallClock.monotonicNanoseconds() + UInt64(timeout * 1e9)
        while WallClock.monotonicNanoseconds() < deadline {
            let busy = queue.sync { workers.values.contains { !$0.inFlight.isEmpty } || !retiring.isEmpty }
            if !busy { return true }
            WallClock.sleep(milliseconds: 10)
        }
        return false
    }

    /// Starts no more deliveries (those in flight finish and are recorded).
    public func stop() {
        queue.sync { stopped = true }
        interrupt()
    }

    /// Makes lanes hand back the untried rest of their batches (see `interruptions`).
    func interrupt() {
        interruptions.add(1, ordering: .releasing)
    }
}
