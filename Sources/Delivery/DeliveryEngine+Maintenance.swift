import Dispatch
import SystemIO

extension DeliveryEngine {
    /// The periodic upkeep: dead letters and quarantined events past their retention expire,
    /// settled journal segments past theirs go (early, oldest first, when the journal is over
    /// its limit), unsettled events in a segment past retention are carried forward first, a
    /// failing journal is probed, and the checkpoint is refreshed. Blocks until done; call it
    /// from a maintenance queue, never the engine's.
    public func maintain(now: Int64 = WallClock.nowMilliseconds()) {
        if case .failing = journal.health { journal.probe() }
        let (expiredDead, expiredQuarantine) = queue.sync { expire(now: now) }
        if expiredDead + expiredQuarantine > 0 { report(.expired(deadLetters: expiredDead, quarantined: expiredQuarantine)) }
        removeOldSegments(now: now)
        let dirty = queue.sync { changesSinceCheckpoint > 0 && !recovering }
        if dirty { queue.sync { writeCheckpoint() } }
    }

    /// Dead letters and quarantined events whose retention ended. On the queue.
    private func expire(now: Int64) -> (Int, Int) {
        guard !recovering else { return (0, 0) }
        let limits = plan.limits
        var dead = 0, quarantined = 0
        for entry in ledger.entries.values {
            if let quarantine = entry.quarantine, now - quarantine.since >= limits.quarantineRetentionMilliseconds {
                record(change(entry.id, handler: nil, .released(note: "expired after the quarantine's retention")))
                quarantined += 1
            }
            for progress in entry.handlers where progress.status == .dead && now - progress.changedAt >= limits.deadLetterRetentionMilliseconds {
                record(change(entry.id, handler: progress.handler, .expired))
                dead += 1
            }
        }
        return (dead, quarantined)
    }

    /// Deletes segments nothing unsettled lives in once their retention has passed (or, over
    /// the size limit, before it, oldest first); carries unsettled events forward out of
    /// segments past their retention, so a dead letter or quarantined event keeps its body for
    /// its own retention. The current segment is never touched.
    private func removeOldSegments(now: Int64) {
        guard let segments = try? reader.segments() else { return }
        let current = journal.currentSegment
        let limits = queue.sync { plan.limits }
        var remaining = journal.bytesOnDisk
        var removable: [JournalSegment] = []
        var toCarry: [JournalSegment] = []
        let (free, recovering) = queue.sync { (Set(segments.filter { ledger.isFree($0) }), self.recovering) }
        guard !recovering else { return }
        for segment in segments where segment < current {
            let path = reader.path(of: segment)
            let expired = (FileSystem.modificationTime(of: path) ?? 0) < now - limits.journalRetentionMilliseconds
            if free.contains(segment) {
                if expired || remaining >= limits.journalMaxBytes {
                    removable.append(segment)
                    remaining -= FileSystem.size(of: path) ?? 0
                }
            } else if expired {
                toCarry.append(segment)
            }
        }
        var carried = 0
        if !toCarry.isEmpty {
            carried = carryForward(out: Set(toCarry))
            if carried >= 0 { removable += toCarry }
        }
        guard !removable.isEmpty else { return }
        // The checkpoint must not point into a segment about to go, nor miss the copies.
        journal.waitUntilFlushed()
        queue.sync { writeCheckpoint(waitForWrite: true) }
        let stillFree = queue.sync { removable.filter { ledger.isFree($0) } }
        journal.remove(stillFree)
        index?.remove(stillFree)
        report(.segmentsRemoved(count: stillFree.count, carriedForward: max(carried, 0), journalBytes: journal.bytesOnDisk))
    }

    /// Copies every unsettled event whose record is in `segments` to the current segment,
    /// followed by its whole state restated. Returns how many, or -1 when the journal would
    /// not take them (the segments then stay).
    private func carryForward(out segments: Set<JournalSegment>) -> Int {
        let entries = queue.sync { ledger.entries.values.filter { segments.contains($0.position.segment) }.sorted { $0.id < $1.id } }
        var count = 0
        for entry in entries {
            guard let event = try? reader.event(at: entry.position) else {
                report(.storeFailed(what: "event \(entry.id)", error: "could not be read back to carry it forward"))
                return -1
            }
            let moved = queue.sync { () -> [JournalRecord] in
                guard let current = ledger[entry.id] else { return [] }
                return [.eventCopy(event)] + restatement(of: current).map(JournalRecord.transition)
            }
            guard !moved.isEmpty else { continue }
            switch journal.appendAndWait(moved) {
            case .success(let positions):
                queue.sync { ledger.move(entry.id, to: positions[0]) }
                if let index {
                    // The console keeps finding it once its first segment is gone.
                    let indexed = (try? EventResolution.delivery(of: event, decoder: decoder).get()).map { index.entry(for: $0, offset: positions[0].offset) }
                        ?? index.entry(for: event, offset: positions[0].offset)
                    index.add(indexed, segment: positions[0].segment)
                    moved.dropFirst().forEach { if case .transition(let change) = $0 { index.add(change) } }
                }
            case .failure(let error):
                report(.storeFailed(what: "carrying event \(entry.id) forward", error: error.description))
                return -1
            }
            count += 1
        }
        return count
    }

    /// Changes that set an event's whole state as it is now (its old changes are about to be deleted).
    func restatement(of entry: LedgerEntry) -> [Transition] {
        var changes: [Transition] = []
        if let quarantine = entry.quarantine {
            changes.append(change(entry.id, handler: nil, .quarantined(reason: quarantine.reason), at: quarantine.since))
        }
        for progress in entry.handlers {
            changes.append(change(entry.id, handler: progress.handler, .restated(progress), at: progress.changedAt))
        }
        return changes
    }

    /// Writes a checkpoint of the state now. On the queue; the file is written on a background
    /// queue unless `waitForWrite`.
    func writeCheckpoint(waitForWrite: Bool = false) {
        guard !recovering else { return }
        let position = lastOpened ?? JournalPosition(segment: JournalSegment(sequence: 0), offset: 0)
        let checkpoint = Checkpoint(position: position, ledger: ledger, deduplication: deduplication.snapshot(now: WallClock.nowMilliseconds()))
        changesSinceCheckpoint = 0
        let write: @Sendable () -> Void = { [self] in
            do throws(SystemError) {
                try checkpoint.write(to: journal.directory)
            } catch {
                report(.storeFailed(what: "checkpoint", error: error.description))
            }
        }
        if waitForWrite {
            write()
        } else {
            Self.checkpointQueue.async(execute: write)
        }
    }

    static let checkpointQueue = DispatchQueue(label: "delivery.checkpoint")

    /// Waits for checkpoint writes under way (shutdown, tests).
    public func waitForCheckpoint() {
        Self.checkpointQueue.sync {}
    }

    /// Writes a checkpoint and waits for it (shutdown).
    public func checkpointNow() {
        queue.sync { writeCheckpoint(waitForWrite: true) }
    }
}

extension DeliveryEngine {
    /// Asks for upkeep now (the journal is full: settled segments may go early). Coalesced.
    public func requestMaintenance() {
        guard maintenanceRequested.exchange(true, ordering: .relaxed) == false else { return }
        Self.maintenanceQueue.async { [self] in
            maintenanceRequested.store(false, ordering: .relaxed)
            maintain()
        }
    }

    static let maintenanceQueue = DispatchQueue(label: "delivery.maintenance")
}
