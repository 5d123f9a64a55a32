import Dispatch
import SystemIO

extension DeliveryEngine {
    /// What `open` found, for `recover` to finish in the background.
    public struct RecoveryStart: Sendable {
        let checkpoint: Checkpoint?
        /// The segments written before this start, oldest first.
        let segments: [JournalSegment]
        /// Problems found while opening (a damaged checkpoint), for the log.
        public let warnings: [String]
        /// True when no checkpoint could be used: the whole journal is read.
        public var readsWholeJournal: Bool { checkpoint == nil }
    }

    /// Opens the journal in `directory` quickly, so the listener can take events at once: reads
    /// the checkpoint and the newest segment (for the largest event id, so new ids stay larger)
    /// and opens a fresh segment for new records. `recover` reads the rest in the background.
    public static func open(
        directory: String, segmentBytes: Int, deduplicationWindowSeconds: Double, deduplicationMaxEntries: Int, plan: DeliveryPlan,
        memoryBudget: Int = 64 << 20, hooks: JournalHooks = JournalHooks(), indexKey: [UInt8]? = nil,
        report: @escaping @Sendable (DeliveryEvent) -> Void
    ) throws(SystemError) -> (DeliveryEngine, RecoveryStart) {
        try FileSystem.createDirectories(directory, mode: 0o700)
        // A rewrite a crash cut short (an erasure, a checkpoint, an index file) leaves a
        // temporary file beside the whole original: it goes.
        for name in try FileSystem.contents(of: directory) where name.hasSuffix(".tmp") { try? FileSystem.remove(directory + "/" + name) }
        let reader = JournalReader(directory: directory)
        let segments = try reader.segments()
        var warnings: [String] = []
        let (checkpoint, problem) = Checkpoint.read(from: directory)
        if let problem { warnings.append(problem) }
        var lastID = checkpoint?.ledger.lastEventID
        if let newest = segments.last {
            let from = checkpoint.map { $0.position.segment == newest ? $0.position.offset : 0 } ?? 0
            _ = try? reader.scan(newest, from: from) { _, record in
                if case .event(let event) = record, event.id > (lastID ?? EventID(rawValue: 0)) { lastID = event.id }
            }
        }
        let deduplication = DeduplicationIndex(
            windowSeconds: deduplicationWindowSeconds, maxEntries: deduplicationMaxEntries, hashKey: checkpoint?.deduplication.key)
        if let snapshot = checkpoint?.deduplication { deduplication.restore(snapshot, now: WallClock.nowMilliseconds()) }
        let journal = try Journal(directory: directory, segmentBytes: segmentBytes, lastSegment: segments.last, lastEventID: lastID, hooks: hooks)
        let index = indexKey.map { EventIndex(directory: directory, key: $0) }
        index?.begin(at: journal.currentSegment)
        let engine = DeliveryEngine(
            journal: journal, deduplication: deduplication, plan: plan, memoryBudget: memoryBudget, index: index, report: report)
        if let checkpoint { engine.sequences.note(checkpoint.ledger.lastSequence) }
        return (engine, RecoveryStart(checkpoint: checkpoint, segments: segments, warnings: warnings))
    }

    /// Reads the journal written after the checkpoint (all of it without one) on a background
    /// queue while events are accepted, then merges what it found, settles bodies re-sent
    /// meanwhile as duplicates, and starts delivering: recovered events first, in id order.
    public func recover(_ start: RecoveryStart, completion: @escaping @Sendable () -> Void = {}) {
        // A queue of its own (serial queues get a thread even when the shared pool is busy, where
        // DispatchQueue.global() could wait behind every connection).
        Self.recoveryQueue.async { [self] in
            let began = WallClock.monotonicNanoseconds()
            let now = WallClock.nowMilliseconds()
            var duplicates: [(EventID, EventID)] = []
            let rebuild = IndexRebuild(index: index, decoder: decoder, keep: index?.indexedSegments() ?? [], from: start.checkpoint?.position, reader: reader)
            let recovery = LedgerRecovery.read(
                reader, segments: start.segments, checkpoint: start.checkpoint, repair: true,
                eachEvent: { event, position in
                    journal.noteEventID(event.id)
                    if let newer = deduplication.remember(route: event.route, body: event.body, id: event.id, receivedAt: event.receivedAt, now: now) {
                        duplicates.append((newer, event.id))
                    }
                    rebuild.add(event, at: position)
                },
                eachTransition: { transition, position in
                    sequences.note(transition.sequence)
                    rebuild.add(transition, at: position)
                })
            rebuild.finish()
            sequences.note(recovery.ledger.lastSequence)
            let found = duplicates
            queue.async { [self] in
                merge(recovery, duplicates: found)
                let resumed = ledger.entries.count
                report(.recovered(
                    events: recovery.eventsRead, resumed: resumed, seconds: Double(WallClock.monotonicNanoseconds() - began) / 1e9,
                    warnings: start.warnings + recovery.warnings))
                writeCheckpoint()
                completion()
            }
        }
    }

    static let recoveryQueue = DispatchQueue(label: "delivery.recovery")

    /// Starts delivering with nothing to recover (a fresh journal, tests).
    public func startWithoutRecovery() {
        queue.sync {
            recovering = false
            recoveringFlag.store(false, ordering: .relaxed)
        }
    }

    private func merge(_ recovery: LedgerRecovery, duplicates: [(newer: EventID, original: EventID)]) {
        for entry in recovery.ledger.entries.values where ledger[entry.id] == nil {
            ledger.restore(entry)
        }
        ledger.noteSequence(recovery.ledger.lastSequence)
        if let lastEventID = recovery.ledger.lastEventID { ledger.noteEventID(lastEventID) }
        if lastOpened == nil { lastOpened = recovery.lastEventPosition }
        for (newer, original) in duplicates where ledger[newer] != nil {
            record(change(newer, handler: nil, .duplicate(of: original)))
        }
        recovering = false
        recoveringFlag.store(false, ordering: .relaxed)
        let fresh = Set(held)
        held = []
        for id in ledger.entries.keys.sorted() {
            enqueue(id, redelivery: !fresh.contains(id), pumping: false)
        }
        for worker in workers.values { pump(worker) }
        publishGauges()
    }
}

extension DeliveryEngine {
    /// Recovers and waits until done (offline tools).
    public func recoverNow(_ start: RecoveryStart) {
        let group = DispatchGroup()
        group.enter()
        recover(start) { group.leave() }
        group.wait()
    }
}
