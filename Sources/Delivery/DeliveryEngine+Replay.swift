import JSONSyntax
import Dispatch
import Synchronization
import SystemIO

extension DeliveryEngine {
    /// Why a replay or a resolution could not run.
    public enum OperationError: Error, Sendable, CustomStringConvertible {
        /// Start-up is still reading the journal.
        case recovering
        /// The journal could not be read or written.
        case store(String)
        /// `to` names a handler that is not configured.
        case unknownHandler(String)

        public var description: String {
            switch self {
            case .recovering: return "the receiver is still reading its journal after a restart; try again in a moment"
            case .store(let problem): return problem
            case .unknownHandler(let name): return "no handler named \(name) is configured"
            }
        }
    }

    /// Replays the selected deliveries. A dead delivery goes back in line (and leaves the
    /// dead-letter count at once); one already done is skipped unless `force`, and never repeated
    /// to a handler that takes an event once; a quarantined event is decoded again and, when it
    /// now fits, goes to its route's handlers, else stays quarantined once. `to` sends dead
    /// letters to another handler (one a reload removed has successors). Blocks until done.
    public func replay(_ selection: EventSelection, force: Bool = false, to target: String? = nil, note: String) throws(OperationError) -> ReplayReport {
        try replayLock.withLock { _ throws(OperationError) -> ReplayReport in
            if isRecovering { throw .recovering }
            if let target, queue.sync(execute: { plan.handlers[target] == nil }) { throw .unknownHandler(target) }
            switch selection.source {
            case .deadLetters, .quarantine:
                return queue.sync { replayHeld(selection, force: force, to: target, note: note) }
            case .journal:
                return try replayJournal(selection, force: force, to: target, note: note)
            }
        }
    }

    /// Marks the selected dead letters and quarantined events handled without delivering them.
    /// Returns how many deliveries and events it resolved.
    public func resolve(_ selection: EventSelection, note: String) throws(OperationError) -> Int {
        if isRecovering { throw .recovering }
        return queue.sync {
            var count = 0
            for entry in ledger.entries.values.sorted(by: { $0.id < $1.id }) where selection.matches(id: entry.id, route: entry.route, receivedAt: entry.receivedAt) {
                if entry.quarantine != nil, selection.source != .deadLetters {
                    record(change(entry.id, handler: nil, .released(note: note)))
                    count += 1
                }
                guard selection.source != .quarantine else { continue }
                for progress in entry.handlers where progress.status == .dead && (selection.handler == nil || selection.handler == progress.handler) {
                    record(change(entry.id, handler: progress.handler, .resolved(note: note)))
                    count += 1
                }
                releaseDecodedIfDone(entry.id)
            }
            return count
        }
    }

    /// Dead letters and quarantined events: all in the ledger. On the queue.
    private func replayHeld(_ selection: EventSelection, force: Bool, to target: String?, note: String) -> ReplayReport {
        var report = ReplayReport()
        for entry in ledger.entries.values.sorted(by: { $0.id < $1.id }) where selection.matches(id: entry.id, route: entry.route, receivedAt: entry.receivedAt) {
            if selection.source == .quarantine {
                if entry.quarantine != nil { replayQuarantined(entry, into: &report, note: note) }
                continue
            }
            for progress in entry.handlers where progress.status == .dead && (selection.handler == nil || selection.handler == progress.handler) {
                replayDelivery(entry.id, progress: progress, force: force, to: target, note: note, into: &report)
            }
            enqueue(entry.id, redelivery: true)
        }
        return report
    }

    /// One delivery of an unsettled event. On the queue.
    private func replayDelivery(_ id: EventID, progress: HandlerProgress, force: Bool, to target: String?, note: String, into report: inout ReplayReport) {
        let name = target ?? progress.handler
        if progress.status.isUnfinished && target == nil {
            report.alreadyUnderway += 1
            return
        }
        if progress.status.isFinal && progress.status != .expired && !force {
            report.skippedDone += 1
            return
        }
        guard let settings = plan.handlers[name] else {
            report.unknownHandler += 1
            return
        }
        if progress.status == .delivered && !settings.handler.acceptsRepeatedDelivery && target == nil {
            report.skippedNeverRepeated += 1
            return
        }
        // The new delivery first: resolving the old one first could settle the event.
        record(change(id, handler: name, .pending(note: note)))
        if let target, target != progress.handler, progress.status == .dead {
            record(change(id, handler: progress.handler, .resolved(note: "replayed to \(target)")))
        }
        report.replayed += 1
    }

    /// A quarantined event decoded again with today's models and its route's current handlers.
    private func replayQuarantined(_ entry: LedgerEntry, into report: inout ReplayReport, note: String) {
        guard let route = plan.routes[entry.route], let event = try? reader.event(at: entry.position),
              let value = try? JSONValue(parsing: event.body)
        else {
            report.stillQuarantined += 1
            return
        }
        switch EventResolution.resolve(route.kind, value: value, decoder: decoder) {
        case .failure(let problem):
            if problem.message != entry.quarantine?.reason {
                record(change(entry.id, handler: nil, .quarantined(reason: problem.message)))
            }
            report.stillQuarantined += 1
        case .success(let (model, rule, _)):
            let delivery = Delivery(
                id: entry.id, receivedAt: entry.receivedAt, route: entry.route, event: model, kindRule: rule, body: event.body,
                requestID: entry.requestID)
            // The handlers first, then the release: an event with no handler settles when released.
            for name in route.handlers {
                if let filter = route.filters[name], !filter.matches(delivery, payload: value) {
                    record(change(entry.id, handler: name, .filteredOut))
                } else {
                    record(change(entry.id, handler: name, .pending(note: note)))
                }
            }
            record(change(entry.id, handler: nil, .released(note: note)))
            keepDecoded(delivery)
            enqueue(entry.id, redelivery: false)
            report.released += 1
        }
    }

    /// Every event still in the journal: read in bounded memory, then replayed.
    private func replayJournal(_ selection: EventSelection, force: Bool, to target: String?, note: String) throws(OperationError) -> ReplayReport {
        struct Match {
            let id: EventID
            let position: JournalPosition
            let handlers: [String]
        }
        var matches: [Match] = []
        var filtered: [EventID: Set<String>] = [:]
        var seen = Set<EventID>()
        journal.waitUntilFlushed()
        do {
            for segment in try reader.segments() {
                _ = try reader.scan(segment) { position, record in
                    switch record {
                    case .event(let event), .eventCopy(let event):
                        guard selection.matches(id: event.id, route: event.route, receivedAt: event.receivedAt), seen.insert(event.id).inserted else { return }
                        let handlers = event.handlers.filter { selection.handler == nil || $0 == selection.handler }
                        matches.append(Match(id: event.id, position: position, handlers: handlers))
                    case .transition(let transition):
                        if case .filteredOut = transition.change, let handler = transition.handler, seen.contains(transition.id) {
                            filtered[transition.id, default: []].insert(handler)
                        }
                    case .probe:
                        break
                    }
                }
            }
        } catch {
            throw .store("cannot read the journal: \(error)")
        }
        var report = ReplayReport()
        // Settled events are no longer in the ledger: with `force` they come back as a copy
        // naming the handlers to deliver to again, so the next start sees them too.
        let settled = queue.sync { matches.filter { ledger[$0.id] == nil } }
        let settledIDs = Set(settled.map(\.id))
        queue.sync {
            for match in matches where !settledIDs.contains(match.id) {
                guard let entry = ledger[match.id] else { continue }
                if entry.quarantine != nil {
                    replayQuarantined(entry, into: &report, note: note)
                    continue
                }
                for progress in entry.handlers where match.handlers.contains(progress.handler) || (selection.handler != nil && progress.handler == selection.handler) {
                    replayDelivery(entry.id, progress: progress, force: force, to: target, note: note, into: &report)
                }
                enqueue(entry.id, redelivery: true)
            }
        }
        for match in settled {
            let wanted = match.handlers.filter { !(filtered[match.id]?.contains($0) ?? false) }
            guard force else {
                report.skippedDone += wanted.count
                continue
            }
            let (repeatable, never, unknown) = queue.sync { () -> ([String], Int, Int) in
                var repeatable: [String] = [], never = 0, unknown = 0
                for name in wanted.map({ target ?? $0 }) {
                    guard let settings = plan.handlers[name] else { unknown += 1; continue }
                    if settings.handler.acceptsRepeatedDelivery || target != nil { repeatable.append(name) } else { never += 1 }
                }
                return (repeatable, never, unknown)
            }
            report.skippedNeverRepeated += never
            report.unknownHandler += unknown
            guard !repeatable.isEmpty else { continue }
            try reopen(match.id, at: match.position, handlers: repeatable, note: note)
            report.replayed += repeatable.count
        }
        return report
    }

    /// Journals a copy of a settled event naming `handlers`, with a change putting each back in
    /// line, and queues it.
    private func reopen(_ id: EventID, at position: JournalPosition, handlers: [String], note: String) throws(OperationError) {
        let original: EventRecord
        do throws(SystemError) {
            original = try reader.event(at: position)
        } catch {
            throw .store("cannot read event \(id) back: \(error)")
        }
        let copy = EventRecord(
            id: original.id, receivedAt: original.receivedAt, route: original.route, kind: original.kind, handlers: handlers,
            requestID: original.requestID, contentType: original.contentType, body: original.body)
        let now = WallClock.nowMilliseconds()
        let changes = handlers.map { change(id, handler: $0, .pending(note: note), at: now) }
        switch journal.appendAndWait([.eventCopy(copy)] + changes.map(JournalRecord.transition)) {
        case .failure(let error):
            throw .store("cannot journal the replay: \(error)")
        case .success(let positions):
            queue.sync {
                ledger.open(copy, at: positions[0])
                for change in changes { ledger.apply(change) }
                publishGauges()
                enqueue(id, redelivery: true)
            }
        }
    }
}
