import Dispatch
import Synchronization
import SynapEvents
import SystemIO

/// Takes each journaled event, decodes it once into its model, and hands it to every handler
/// its route names, through one `HandlerWorker` per handler. Each handler's outcome is written
/// to the journal as an ack, so after a restart `recover` resumes exactly the unfinished work.
public final class Dispatcher: Sendable {
    private let journal: Journal
    private let deadLetters: EventArchive
    private let quarantine: EventArchive
    private let decoder = SynapEventDecoder()
    private let report: @Sendable (DeliveryEvent) -> Void
    /// Decoding happens here, in arrival order, off the acknowledgement path.
    private let decodeQueue = DispatchQueue(label: "dispatch.decode")
    private let plan: Mutex<DispatchPlan>
    private let workers = Mutex<[String: HandlerWorker]>([:])
    private let tracking = Mutex(EventTracking())
    private let intake: Mutex<DispatchIntake>
    private let recentlyReloaded = Mutex(ReloadCache())
    /// Body bytes each handler keeps in memory; the rest of its backlog waits as journal positions.
    private let memoryBudget: Int

    /// A dispatcher writing acks to `journal` and archiving to `deadLetters` and `quarantine`.
    /// `memoryBudget` bounds the body bytes held in memory by events waiting to be decoded, and
    /// by each handler's backlog (a decoded event takes a few times its body); beyond it they
    /// wait on disk, in the journal. The default, 4 MiB, holds about 1,700 typical events.
    public init(
        journal: Journal, deadLetters: EventArchive, quarantine: EventArchive, plan: DispatchPlan,
        memoryBudget: Int = 4 << 20, report: @escaping @Sendable (DeliveryEvent) -> Void
    ) {
        self.intake = Mutex(DispatchIntake(memoryBudget: memoryBudget))
        self.memoryBudget = memoryBudget
        self.journal = journal
        self.deadLetters = deadLetters
        self.quarantine = quarantine
        self.plan = Mutex(plan)
        self.report = report
    }

    /// Replaces the handlers and filters (configuration reload). Queued work is kept.
    public func update(_ newPlan: DispatchPlan) {
        plan.withLock { $0 = newPlan }
        let existing = workers.withLock { $0 }
        for (name, worker) in existing {
            if let settings = newPlan.handlers[name] { worker.update(settings) }
        }
    }

    /// Dispatches a record that was just made durable. `isRedelivery` marks a replay, which
    /// handlers may already have seen.
    public func submit(_ record: EventRecord, at position: JournalPosition, isRedelivery: Bool = false) {
        tracking.withLock { $0.open(record.id, segment: position.segment, handlers: Set(record.handlers)) }
        enqueue(record, at: position, done: [], isRedelivery: isRedelivery)
    }

    private func enqueue(_ record: EventRecord, at position: JournalPosition, done: Set<String>, isRedelivery: Bool) {
        let schedule = intake.withLock { intake -> Bool in
            intake.add(record, at: position, done: done, isRedelivery: isRedelivery)
            defer { intake.draining = true }
            return !intake.draining
        }
        if schedule { decodeQueue.async { [self] in drainIntake() } }
    }

    /// Decodes and hands out everything in the intake, in order, reading back from the
    /// journal the records that were not kept in memory.
    private func drainIntake() {
        while true {
            let next = intake.withLock { intake -> DispatchIntake.Item? in
                let item = intake.next()
                if item == nil { intake.draining = false }
                return item
            }
            guard let item = next else { return }
            guard let record = item.record ?? (try? journal.readEvent(at: item.position)) else {
                report(.archiveFailed(what: "journal record at \(item.position.segment.fileName):\(item.position.offset)", error: "could not be read back"))
                continue
            }
            dispatch(record, at: item.position, done: item.done, isRedelivery: item.isRedelivery)
        }
    }

    /// Rebuilds a delivery whose body was not kept in memory (for a handler's backlog).
    /// Handlers usually read a backlogged event back within moments of each other: the last
    /// few decoded ones are kept, so it is read and decoded once, not once per handler.
    func reload(_ reference: HandlerWorker.Reference) -> HandlerWorker.ReloadOutcome? {
        let cached = recentlyReloaded.withLock { $0.entries[reference.position] }
        let decoded: (EventRecord, SynapEvent, String)
        if let cached {
            decoded = cached
        } else {
            guard let record = try? journal.readEvent(at: reference.position) else { return nil }
            switch EventResolution.resolve(record, decoder: decoder) {
            case .failure(let problem):
                // Never decoded before (it waited on disk from the start): quarantine it once.
                if tracking.withLock({ $0.claimForQuarantine(record.id) }) {
                    quarantineRecord(record, kind: problem.kind, error: problem.message)
                }
                return .settled
            case .success(let (event, rule)):
                decoded = (record, event, rule)
                recentlyReloaded.withLock { $0.insert(decoded, at: reference.position) }
            }
        }
        let (record, event, rule) = decoded
        return .delivery(Delivery(record, event: event, kindRule: rule, attempt: reference.attempt, isRedelivery: reference.isRedelivery))
    }

    /// Resumes unfinished work found in the journal at start-up. Returns how many events it resumed.
    @discardableResult
    public func recover(_ recovery: JournalRecovery) -> Int {
        var unfinished: [EventID: (JournalPosition, EventRecord, Set<String>)] = [:]
        var order: [EventID] = []
        for (position, record) in recovery.records {
            switch record {
            case .event(let event):
                // A later record with the same id is a replay: it supersedes the original.
                if unfinished[event.id] == nil { order.append(event.id) }
                unfinished[event.id] = (position, event, [])
            case .ack(let ack):
                guard var entry = unfinished[ack.id] else { continue }
                if ack.handler == "*" { entry.2 = Set(entry.1.handlers) } else { entry.2.insert(ack.handler) }
                unfinished[ack.id] = entry
            }
        }
        var resumed = 0
        tracking.withLock { tracking in
            recovery.segments.forEach { tracking.known($0) }
            for id in order {
                guard let (position, record, done) = unfinished[id] else { continue }
                let remaining = Set(record.handlers).subtracting(done)
                if !remaining.isEmpty { tracking.open(id, segment: position.segment, handlers: remaining) }
            }
        }
        for id in order {
            guard let (position, record, done) = unfinished[id], !Set(record.handlers).subtracting(done).isEmpty else { continue }
            resumed += 1
            enqueue(record, at: position, done: done, isRedelivery: true)
        }
        return resumed
    }

    private func dispatch(_ record: EventRecord, at position: JournalPosition, done: Set<String>, isRedelivery: Bool) {
        if deferDecoding(record, at: position, done: done, isRedelivery: isRedelivery) { return }
        let resolution = EventResolution.resolve(record, decoder: decoder)
        guard case .success(let (event, rule)) = resolution else {
            if case .failure(let problem) = resolution { quarantineRecord(record, kind: problem.kind, error: problem.message) }
            return
        }
        let delivery = Delivery(record, event: event, kindRule: rule, isRedelivery: isRedelivery)
        let current = plan.withLock { $0 }
        for name in record.handlers where !done.contains(name) {
            guard let settings = current.handlers[name] else {
                giveUp(delivery, handler: name, attempts: 0, error: "handler \(name) is no longer configured")
                continue
            }
            if let filter = current.filters[record.route]?[name], !filter.matches(delivery) {
                report(.filteredOut(handler: name, id: record.id))
                finish(record.id, handler: name, outcome: .filteredOut)
                continue
            }
            worker(named: name, settings: settings).enqueue(delivery, at: position)
        }
    }

    /// When every handler of the event is already past its memory budget (and none has a
    /// filter, which needs the decoded event), the event goes to them as a journal position and
    /// is decoded only when its turn comes: decoding it now would be thrown away.
    private func deferDecoding(_ record: EventRecord, at position: JournalPosition, done: Set<String>, isRedelivery: Bool) -> Bool {
        let current = plan.withLock { $0 }
        let targets = record.handlers.filter { !done.contains($0) }
        let filters = current.filters[record.route] ?? [:]
        guard !targets.isEmpty, targets.allSatisfy({ current.handlers[$0] != nil && filters[$0] == nil }) else { return false }
        let workers = targets.map { worker(named: $0, settings: current.handlers[$0]!) }
        guard workers.allSatisfy({ !$0.wouldKeepInMemory(bodyBytes: record.body.count) }) else { return false }
        let reference = HandlerWorker.Reference(id: record.id, position: position, attempt: 1, isRedelivery: isRedelivery)
        workers.forEach { $0.enqueue(reference) }
        return true
    }

    private func worker(named name: String, settings: HandlerSettings) -> HandlerWorker {
        workers.withLock { workers in
            if let existing = workers[name] { return existing }
            let worker = HandlerWorker(
                name: name, settings: settings, memoryBudget: memoryBudget, report: report,
                reload: { [self] reference in reload(reference) }
            ) { [self] delivery, outcome in
                switch outcome {
                case .delivered: finish(delivery.id, handler: name, outcome: .delivered)
                case .gaveUp(let attempts, let error): giveUp(delivery, handler: name, attempts: attempts, error: error)
                }
            }
            workers[name] = worker
            return worker
        }
    }

    private func giveUp(_ delivery: Delivery, handler: String, attempts: Int, error: String) {
        let entry = ArchivedEvent(
            id: delivery.id, receivedAt: delivery.receivedAt, route: delivery.route, kind: delivery.kind.rawValue,
            handler: handler, attempts: attempts, error: error, archivedAt: WallClock.nowMilliseconds(),
            requestID: delivery.requestID, body: delivery.body)
        do throws(SystemError) {
            try deadLetters.add(entry)
        } catch {
            // Not acked: the journal still holds it, so the next start tries again.
            report(.archiveFailed(what: "dead letter \(delivery.id)", error: error.description))
            return
        }
        report(.deadLettered(handler: handler, id: delivery.id, attempts: attempts, error: error))
        finish(delivery.id, handler: handler, outcome: .deadLettered)
    }

    private func quarantineRecord(_ record: EventRecord, kind: String, error: String) {
        let entry = ArchivedEvent(
            id: record.id, receivedAt: record.receivedAt, route: record.route, kind: kind, handler: nil, attempts: 0,
            error: error, archivedAt: WallClock.nowMilliseconds(), requestID: record.requestID, body: record.body)
        do throws(SystemError) {
            try quarantine.add(entry)
        } catch {
            report(.archiveFailed(what: "quarantine \(record.id)", error: error.description))
            return
        }
        report(.quarantined(id: record.id, route: record.route, kind: kind, error: error))
        finish(record.id, handler: "*", outcome: .quarantined)
    }

    private func finish(_ id: EventID, handler: String, outcome: AckRecord.Outcome) {
        journal.append(.ack(AckRecord(id: id, handler: handler, outcome: outcome)))
        tracking.withLock { $0.close(id, handler: handler) }
    }

    /// Segments no unfinished event lives in, besides the current one: safe to delete once
    /// their retention has passed.
    public func finishedSegments() -> [JournalSegment] {
        let current = journal.currentSegment
        return tracking.withLock { $0.finishedSegments() }.filter { $0 != current }
    }

    /// Forgets segments that were deleted.
    public func forget(_ segments: [JournalSegment]) {
        tracking.withLock { tracking in segments.forEach { tracking.forget($0) } }
    }

    /// Backlog and health per handler, and the archive sizes.
    public func status() -> DispatcherStatus {
        let all = workers.withLock { $0 }
        let configured = plan.withLock { Array($0.handlers.keys) }
        let handlers = Set(configured).union(all.keys).sorted().map { name in
            let worker = all[name]
            return DispatcherStatus.Handler(
                name: name, backlog: worker?.backlog ?? 0, inMemory: worker?.inMemory ?? 0, retrying: worker?.retrying, stuckSeconds: worker?.stuckSeconds ?? 0)
        }
        return DispatcherStatus(
            handlers: handlers, unfinishedEvents: tracking.withLock { $0.openCount }, deadLetters: deadLetters.entryCountNow,
            quarantined: quarantine.entryCountNow)
    }

    /// Waits (up to `timeout` seconds) until no delivery is queued or in flight.
    public func waitUntilIdle(timeout: Double) -> Bool {
        let deadline = WallClock.monotonicNanoseconds() + UInt64(timeout * 1e9)
        while WallClock.monotonicNanoseconds() < deadline {
            decodeQueue.sync {}
            let busy = !intake.withLock { $0.isEmpty } || workers.withLock { $0.values.contains { $0.backlog > 0 } }
            if !busy { return true }
            WallClock.sleep(milliseconds: 10)
        }
        return false
    }

    /// Stops starting new deliveries (those in flight finish).
    public func stop() {
        workers.withLock { $0.values.forEach { $0.stop() } }
    }
}
