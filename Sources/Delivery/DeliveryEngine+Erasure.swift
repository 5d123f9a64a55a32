import SynapEvents
import SystemIO

extension DeliveryEngine {
    /// Erases every event about a learner from the journal, the delivery state and the event
    /// index (the receiver erases the other stores with the report's ids), or with `dryRun`
    /// only counts them.
    ///
    /// The segment being written is rolled first, so only closed segments are rewritten: each
    /// atomically (a temporary file, fsync, rename, directory fsync), so a crash leaves either
    /// the old segment or the new one. The checkpoint is removed before the first rewrite (a
    /// crash then makes the next start read the whole journal instead of positions that moved)
    /// and written again at the end. Erasing again finds nothing and succeeds. Deliveries of
    /// those events that had not finished are cancelled.
    public func erase(_ matcher: LearnerMatcher, dryRun: Bool, failpoints: FileFailpoints = .none) throws(OperationError) -> ErasureReport {
        try replayLock.withLock { _ throws(OperationError) -> ErasureReport in
            if isRecovering { throw .recovering }
            removeLeftoverRewrites()
            if !dryRun {
                do throws(SystemError) { try journal.roll() } catch { throw .store("cannot start a new journal segment: \(error)") }
            }
            journal.waitUntilFlushed()
            var (report, segments) = try find(matcher)
            queue.sync {
                for id in report.ids {
                    guard let entry = ledger[id] else { continue }
                    report.deadLetters += entry.deadCount
                    report.quarantined += entry.quarantine == nil ? 0 : 1
                    report.unfinishedCancelled += entry.handlers.filter(\.status.isUnfinished).count
                }
            }
            guard !dryRun else { return report }
            guard !report.ids.isEmpty else {
                // Nothing left in the journal; an erasure a crash stopped may have left the index.
                report.indexFilesRewritten = index?.rewrite(dropping: [], token: index?.token(matcher.identifier), moved: [:]) ?? 0
                return report
            }
            Checkpoint.remove(from: journal.directory)
            queue.sync {
                interrupt()
                for id in report.ids {
                    ledger.forget(id)
                    if let kept = decoded.removeValue(forKey: id) { decodedBytes -= kept.body.count * Self.decodedSizeFactor }
                }
                publishGauges()
            }
            deduplication.forget(report.ids)
            var moved: [JournalSegment: [Int: Int]] = [:]
            for segment in segments.sorted() where segment != journal.currentSegment {
                do throws(SystemError) {
                    moved[segment] = try rewrite(segment, dropping: report.ids, failpoints: failpoints)
                } catch {
                    throw .store("cannot rewrite \(reader.path(of: segment)): \(error)")
                }
                report.segmentsRewritten += 1
            }
            report.indexFilesRewritten = index?.rewrite(dropping: report.ids, token: index?.token(matcher.identifier), moved: moved) ?? 0
            queue.sync { writeCheckpoint(waitForWrite: true) }
            return report
        }
    }

    /// Every event about the learner, the segments holding its records or their changes, and
    /// who delivered them. Streams the journal.
    private func find(_ matcher: LearnerMatcher) throws(OperationError) -> (ErasureReport, Set<JournalSegment>) {
        var report = ErasureReport()
        var segments = Set<JournalSegment>()
        var deliveredBy: [String: Set<EventID>] = [:]
        do {
            for segment in try reader.segments() {
                _ = try reader.scan(segment) { _, record in
                    switch record {
                    case .event(let event), .eventCopy(let event):
                        guard report.ids.contains(event.id) || matcher.matches(event.body) else { return }
                        report.ids.insert(event.id)
                        segments.insert(segment)
                        if let summary = try? EventResolution.delivery(of: event, decoder: decoder).get().summary {
                            if let id = summary.userId, !id.isEmpty { report.userIDs.insert(id) }
                            if let email = summary.userEmail, !email.isEmpty { report.emails.insert(email) }
                        }
                    case .transition(let transition):
                        guard report.ids.contains(transition.id) else { return }
                        segments.insert(segment)
                        if case .delivered = transition.change, let handler = transition.handler {
                            deliveredBy[handler, default: []].insert(transition.id)
                        }
                    case .probe:
                        break
                    }
                }
            }
        } catch {
            throw .store("cannot read the journal: \(error)")
        }
        report.events = report.ids.count
        report.deliveredBy = deliveredBy.mapValues(\.count)
        return (report, segments)
    }

    /// Writes `segment` again without the records of `ids`, atomically; returns where each kept
    /// event record moved (old offset to new). Live events in it are moved in the ledger.
    private func rewrite(_ segment: JournalSegment, dropping ids: Set<EventID>, failpoints: FileFailpoints) throws(SystemError) -> [Int: Int] {
        let path = reader.path(of: segment)
        let temporary = path + ".tmp"
        let oldSize = FileSystem.size(of: path) ?? 0
        try failpoints.check(.write(path: temporary, bytes: oldSize))
        // Written as it is read, a megabyte at a time: memory holds a chunk, not the segment.
        let file = try AppendOnlyFile(path: temporary, mode: 0o600, truncate: true)
        var buffer: [UInt8] = []
        var written = 0
        var moved: [Int: Int] = [:]
        do throws(SystemError) {
            var failure: SystemError?
            do {
                _ = try reader.scan(segment) { position, record in
                    let id: EventID?
                    switch record {
                    case .event(let event), .eventCopy(let event): id = event.id
                    case .transition(let transition): id = transition.id
                    case .probe: id = nil
                    }
                    if let id, ids.contains(id) { return }
                    switch record {
                    case .event, .eventCopy: moved[position.offset] = written + buffer.count
                    default: break
                    }
                    buffer += record.framed()
                    if buffer.count >= 1 << 20 {
                        try file.append(buffer)
                        written += buffer.count
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
            } catch let error as SystemError {
                failure = error
            } catch {
                failure = SystemError("read \(path)", errno: 5)
            }
            if let failure { throw failure }
            try file.append(buffer)
            written += buffer.count
            try failpoints.check(.sync(path: temporary))
            try file.sync()
            file.close()
        } catch {
            file.close()
            if !FileFailpoints.isCrash(error) { try? FileSystem.remove(temporary) }
            throw error
        }
        let kept = written
        try failpoints.check(.rename(from: temporary, to: path))
        // Renamed on the engine's queue with the positions moved, so no delivery starts with an
        // offset of the old file after the new one is in place.
        var renameFailure: SystemError?
        queue.sync {
            do throws(SystemError) {
                try FileSystem.rename(temporary, to: path)
                for entry in ledger.entries.values where entry.position.segment == segment {
                    if let offset = moved[entry.position.offset] { ledger.move(entry.id, to: JournalPosition(segment: segment, offset: offset)) }
                }
            } catch {
                renameFailure = error
            }
        }
        if let renameFailure { throw renameFailure }
        try failpoints.check(.syncDirectory(path: journal.directory))
        try FileSystem.syncDirectory(journal.directory)
        journal.noteRewritten(oldSize: oldSize, newSize: kept)
        return moved
    }

    /// A rewrite a crash cut short leaves its temporary file (start-up removes them too): the
    /// segment itself is whole (old or new), so the leftover goes.
    private func removeLeftoverRewrites() {
        for name in (try? FileSystem.contents(of: journal.directory)) ?? [] where name.hasSuffix(".tmp") {
            try? FileSystem.remove(journal.directory + "/" + name)
        }
    }

    /// Every stored event about a learner, oldest first, each with the handlers that delivered
    /// it and when: a subject access request's answer. Streams the journal; calls `each` with
    /// each event's record and its changes.
    public func export(_ matcher: LearnerMatcher, each: (EventRecord, [Transition]) -> Void) throws(OperationError) -> Int {
        journal.waitUntilFlushed()
        var found: [EventID: (EventRecord, [Transition])] = [:]
        var order: [EventID] = []
        do {
            for segment in try reader.segments() {
                _ = try reader.scan(segment) { _, record in
                    switch record {
                    case .event(let event), .eventCopy(let event):
                        guard found[event.id] == nil, matcher.matches(event.body) else { return }
                        found[event.id] = (event, [])
                        order.append(event.id)
                    case .transition(let transition):
                        found[transition.id]?.1.append(transition)
                    case .probe:
                        break
                    }
                }
            }
        } catch {
            throw .store("cannot read the journal: \(error)")
        }
        for id in order { if let (record, changes) = found[id] { each(record, changes) } }
        return order.count
    }
}
