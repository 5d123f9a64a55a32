import Dispatch
import SynapEvents
import SystemIO

extension DeliveryEngine {
    /// Most deliveries a lane takes at once.
    static let batchLimit = 64

    /// Starts batches of deliveries while the handler has a free lane. On the queue.
    func pump(_ worker: HandlerWorker) {
        guard !stopped, !worker.removed, !recovering else { return }
        while worker.busyLanes < worker.settings.concurrency {
            let now = WallClock.nowMilliseconds()
            if let until = worker.pausedUntil, now < until {
                wake(worker, at: until)
                return
            }
            worker.pausedUntil = nil
            // With several lanes, the waiting events are shared out among them.
            let concurrency = worker.settings.concurrency
            let limit = concurrency == 1 ? Self.batchLimit : max(1, min(Self.batchLimit, worker.waiting / concurrency))
            var items: [LaneBatch.Item] = []
            while items.count < limit {
                guard let (id, wasSetAside) = worker.takeNext(now: now) else { break }
                guard let entry = ledger[id], entry.quarantine == nil, let progress = entry.progress(for: worker.name),
                      progress.status.isUnfinished, !worker.inFlight.contains(id)
                else { continue }  // resolved, replayed elsewhere or erased while it waited
                if !wasSetAside, progress.status == .retrying, let due = progress.nextAt, due > now {
                    // Its backoff has not run out (recovered mid-backoff, or ordered).
                    if worker.settings.ordered {
                        worker.pushFront(id)
                        worker.pausedUntil = due
                        break
                    }
                    worker.setAside(id, until: due)
                    continue
                }
                if worker.probeNext && !wasSetAside {
                    worker.probeNext = false
                    worker.probing = id
                }
                worker.started(id)
                let attempt = progress.attempts + 1
                items.append(LaneBatch.Item(
                    id: id, attempt: attempt, isRedelivery: worker.redeliveries.contains(id) || attempt > 1, position: entry.position,
                    cached: decoded[id], setAsideUntil: wasSetAside ? (progress.nextAt ?? now) : nil))
            }
            guard !items.isEmpty else {
                if worker.pausedUntil != nil { continue }  // the ordered head is backing off: wake then
                if let due = worker.nextSetAsideDue { wake(worker, at: due) }
                return
            }
            start(items, worker: worker)
        }
    }

    /// Pumps `worker` again at `time` (ms since the epoch), unless an earlier wake-up is due.
    func wake(_ worker: HandlerWorker, at time: Int64) {
        if let scheduled = worker.wakeAt, scheduled <= time, scheduled > WallClock.nowMilliseconds() - 1000 { return }
        worker.wakeAt = time
        let delay = max(0, time - WallClock.nowMilliseconds()) + 1
        queue.asyncAfter(deadline: .now() + .milliseconds(Int(min(delay, 86_400_000)))) { [self, weak worker] in
            guard let worker else { return }
            if worker.wakeAt == time { worker.wakeAt = nil }
            pump(worker)
        }
    }

    private func start(_ items: [LaneBatch.Item], worker: HandlerWorker) {
        let (lane, laneIndex) = worker.claimLane()
        let batch = LaneBatch(
            items: items, worker: worker, handler: worker.settings.handler, lane: lane, laneIndex: laneIndex,
            generation: interruptions.load(ordering: .acquiring))
        lane.async { [self] in run(batch) }
    }

    /// Runs a batch's deliveries one after another on its lane. Reading back and decoding
    /// happens here too: a large backlog read from disk holds up no other handler and no request.
    private func run(_ batch: LaneBatch) {
        if batch.handler.takesBatches { return runTogether(batch) }
        while batch.next < batch.items.count {
            if batch.next > 0 && interruptions.load(ordering: .acquiring) != batch.generation { break }
            let item = batch.items[batch.next]
            let delivery: Delivery, loaded: Bool
            switch self.delivery(of: item) {
            case .success(let found): (delivery, loaded) = found
            case .failure(let problem):
                batch.results.append((item, .unloadable(problem)))
                batch.next += 1
                continue
            }
            let startedAt = WallClock.monotonicNanoseconds()
            let call = HandlerCall<HandlerOutcome>()
            batch.handler.handle(delivery.with(attempt: item.attempt, isRedelivery: item.isRedelivery)) { [self] outcome in
                // Completed after `handle` returned (on the handler's own thread): back onto the lane.
                guard call.complete(outcome) else { return }
                batch.lane.async { [self] in
                    if note(outcome, of: item, in: batch, delivery: delivery, loaded: loaded, startedAt: startedAt) { run(batch) } else { send(batch) }
                }
            }
            guard let outcome = call.returned() else { return }  // the completion resumes the lane
            guard note(outcome, of: item, in: batch, delivery: delivery, loaded: loaded, startedAt: startedAt) else { break }
        }
        send(batch)
    }

    /// The delivery for `item`: the engine's decoded copy, or read back and decoded here (and
    /// then `loaded`), or why it cannot be. On the lane.
    private func delivery(of item: LaneBatch.Item) -> Result<(Delivery, loaded: Bool), LoadProblem> {
        if let cached = item.cached { return .success((cached, false)) }
        var outcome = load(item.position)
        if case .failure(.unreadable) = outcome, let moved = queue.sync(execute: { ledger[item.id]?.position }), moved != item.position {
            // Its segment was rewritten (an erasure) since the batch began: read it where it is now.
            outcome = load(moved)
        }
        return outcome.map { ($0, true) }
    }

    /// Runs the rest of a batch through a handler that takes batches: one call for all of it.
    /// An event that cannot be read back is noted in its place and not handed over. On the lane.
    private func runTogether(_ batch: LaneBatch) {
        let rest = batch.items[batch.next...]
        var found: [(item: LaneBatch.Item, delivery: Delivery?, loaded: Bool, problem: LoadProblem?)] = []
        for item in rest {
            switch delivery(of: item) {
            case .success(let (delivery, loaded)): found.append((item, delivery, loaded, nil))
            case .failure(let problem): found.append((item, nil, false, problem))
            }
        }
        let entries = found
        let deliveries = found.compactMap { entry in entry.delivery.map { $0.with(attempt: entry.item.attempt, isRedelivery: entry.item.isRedelivery) } }
        let startedAt = WallClock.monotonicNanoseconds()
        let finish: @Sendable ([HandlerOutcome]) -> Void = { [self] outcomes in
            let seconds = Double(WallClock.monotonicNanoseconds() - startedAt) / 1e9
            var next = outcomes.makeIterator()
            for entry in entries {
                if let problem = entry.problem {
                    batch.results.append((entry.item, .unloadable(problem)))
                } else if let outcome = next.next(), let delivery = entry.delivery {
                    batch.results.append((entry.item, .finished(outcome, seconds: seconds, delivery: delivery, loaded: entry.loaded)))
                } else {
                    break  // not reached (after a failure): tried again later
                }
                batch.next += 1
            }
            send(batch)
        }
        if deliveries.isEmpty { return finish([]) }
        let call = HandlerCall<[HandlerOutcome]>()
        batch.handler.handle(batch: deliveries) { outcomes in
            guard call.complete(outcomes) else { return }
            batch.lane.async { finish(outcomes) }
        }
        if let outcomes = call.returned() { finish(outcomes) }
    }

    /// Notes one delivery's outcome on the lane; false when the batch must stop (it failed: the
    /// engine decides what comes next). Sends what is done so far when the batch has run a while.
    private func note(
        _ outcome: HandlerOutcome, of item: LaneBatch.Item, in batch: LaneBatch, delivery: Delivery, loaded: Bool, startedAt: UInt64
    ) -> Bool {
        let now = WallClock.monotonicNanoseconds()
        batch.results.append((item, .finished(outcome, seconds: Double(now - startedAt) / 1e9, delivery: delivery, loaded: loaded)))
        batch.next += 1
        if case .failed = outcome { return false }
        if now - batch.reportedAt >= LaneBatch.reportIntervalNanoseconds && batch.next < batch.items.count {
            let results = batch.results
            batch.results = []
            batch.reportedAt = now
            queue.async { [self] in finish(batch, results: results, untried: nil) }
        }
        return true
    }

    /// Hands the batch's outcomes and its untried rest back to the engine. On the lane.
    private func send(_ batch: LaneBatch) {
        let results = batch.results
        let untried = Array(batch.items[batch.next...])
        batch.results = []
        queue.async { [self] in finish(batch, results: results, untried: untried) }
    }

    /// Records a batch's outcomes in order; with `untried` (the batch is over), frees its lane,
    /// puts what it did not try back where it was, and starts the next. On the queue.
    private func finish(_ batch: LaneBatch, results: [(LaneBatch.Item, LaneBatch.Result)], untried: [LaneBatch.Item]?) {
        let worker = batch.worker
        if let untried {
            worker.releaseLane(batch.laneIndex)
            // Back first, so that a failed delivery (recorded below) goes in front of them again.
            for item in untried.reversed() {
                worker.finished(item.id)
                guard let progress = ledger[item.id]?.progress(for: worker.name), progress.status.isUnfinished else { continue }
                if worker.removed {
                    record(change(item.id, handler: worker.name, .dead(attempt: progress.attempts, reason: "handler removed", statusCode: nil)))
                    releaseDecodedIfDone(item.id)
                } else if let due = item.setAsideUntil {
                    worker.setAside(item.id, until: due)
                } else {
                    worker.pushFront(item.id)
                }
            }
        }
        for (item, result) in results {
            switch result {
            case .finished(let outcome, let seconds, let delivery, let loaded):
                if loaded { keepDecoded(delivery) }
                completed(item.id, attempt: item.attempt, outcome: outcome, seconds: seconds, delivery: delivery, worker: worker)
            case .unloadable(let problem):
                unloadable(item.id, problem: problem, worker: worker)
            }
            releaseDecodedIfDone(item.id)
        }
        retireIfIdle(worker)
        pump(worker)
    }

    /// Reads an event back from the journal and decodes it. Off the engine's queue.
    func load(_ position: JournalPosition) -> Result<Delivery, LoadProblem> {
        let record: EventRecord
        do throws(SystemError) {
            record = try reader.event(at: position)
        } catch {
            return .failure(.unreadable(error.description))
        }
        switch EventResolution.delivery(of: record, decoder: decoder) {
        case .success(let delivery): return .success(delivery)
        case .failure(let problem): return .failure(.doesNotFit(kind: problem.kind, reason: problem.message))
        }
    }

    /// Why an event waiting in the journal could not be handed to its handler.
    enum LoadProblem: Error {
        case unreadable(String)
        case doesNotFit(kind: String, reason: String)
    }

    func unloadable(_ id: EventID, problem: LoadProblem, worker: HandlerWorker) {
        worker.finished(id)
        switch problem {
        case .unreadable(let error):
            // Left as it is: the next start reads the journal again.
            report(.storeFailed(what: "event \(id) for \(worker.name)", error: "could not be read back from the journal: \(error)"))
        case .doesNotFit(let kind, let reason):
            // Decoded differently now (an upgrade): quarantined once, for every handler.
            if let entry = ledger[id], entry.quarantine == nil {
                record(change(id, handler: nil, .quarantined(reason: reason)))
                report(.quarantined(id: id, route: entry.route, kind: kind, error: reason))
            }
        }
    }

    /// Records one try's outcome (the caller starts the next). On the queue.
    func completed(_ id: EventID, attempt: Int, outcome: HandlerOutcome, seconds: Double, delivery: Delivery, worker: HandlerWorker) {
        worker.finished(id)
        // Resolved, erased or replayed elsewhere meanwhile: the outcome changes nothing.
        guard let progress = ledger[id]?.progress(for: worker.name), progress.status.isUnfinished else { return }
        let now = WallClock.nowMilliseconds()
        switch outcome {
        case .delivered(let detail):
            record(change(id, handler: worker.name, .delivered(attempt: attempt, detail: detail ?? ""), at: now))
            worker.settled(id)
            if worker.probing == id { worker.probing = nil }
            worker.succeeded()
            report(.delivered(handler: worker.name, delivery: delivery, seconds: seconds))
        case .alreadyDelivered:
            record(change(id, handler: worker.name, .delivered(attempt: attempt, detail: "already there (not written again)"), at: now))
            worker.settled(id)
            worker.succeeded()
            report(.delivered(handler: worker.name, delivery: delivery, seconds: seconds))
        case .failed(let failure):
            failed(id, attempt: attempt, failure: failure, progress: progress, delivery: delivery, worker: worker, now: now)
        }
    }

    private func failed(
        _ id: EventID, attempt: Int, failure: HandlerFailure, progress: HandlerProgress, delivery: Delivery, worker: HandlerWorker, now: Int64
    ) {
        let retry = worker.settings.retry
        let delay = (failure.retryable && !worker.removed)
            ? retry.delay(
                afterAttempt: attempt - progress.budgetAttempts, ageSeconds: Double(now - progress.budgetSince) / 1000,
                retryAfter: failure.retryAfter, random: Double.random(in: 0..<1))
            : nil
        guard let delay else {
            let reason = worker.removed ? "handler removed (last try: \(failure.message))" : failure.message
            record(change(id, handler: worker.name, .dead(attempt: attempt, reason: reason, statusCode: failure.statusCode), at: now))
            worker.gaveUp(id)
            worker.settled(id)
            report(.deadLettered(handler: worker.name, id: id, attempts: attempt, error: reason))
            return
        }
        let due = now + Int64(delay * 1000)
        record(change(id, handler: worker.name, .retrying(attempt: attempt, nextAt: due, error: failure.message, statusCode: failure.statusCode), at: now))
        worker.failed(failure.message, now: now)
        report(.failed(handler: worker.name, delivery: delivery, error: failure.message, retryIn: delay))
        // The handler as a whole backs off by its failures in a row, whichever events they were.
        let pause = now + Int64(1000 * (retry.delay(
            afterAttempt: worker.consecutiveFailures, ageSeconds: 0, retryAfter: failure.retryAfter, random: Double.random(in: 0..<1)) ?? delay))
        if worker.isolated.contains(id) {
            // On its own schedule already; while the endpoint itself is failing, its tries count
            // as the handler's one try per backoff step.
            worker.setAside(id, until: due)
            if !worker.mayIsolate { worker.pausedUntil = max(worker.pausedUntil ?? 0, pause) }
            return
        }
        if worker.settings.ordered {
            worker.pushFront(id)
            worker.pausedUntil = max(due, pause)
            return
        }
        if worker.probing == id {
            // The event tried right after one was set aside failed too: the endpoint is
            // failing, not one event. Back off as a whole until something succeeds.
            worker.probing = nil
            worker.mayIsolate = false
        }
        let failures = worker.headStreak?.id == id ? worker.headStreak!.failures + 1 : 1
        worker.headStreak = (id, failures)
        if failures >= 3 && worker.mayIsolate {
            // Three tries at the head failed: this event moves to its own schedule, and the
            // next one tells whether the others would succeed.
            worker.headStreak = nil
            worker.setAside(id, until: due)
            worker.probeNext = true
            report(.setAside(handler: worker.name, id: id, attempts: attempt))
            return
        }
        worker.pushFront(id)
        worker.pausedUntil = max(worker.pausedUntil ?? 0, due, pause)
    }

    /// Forgets a removed handler once its last delivery in flight has finished.
    func retireIfIdle(_ worker: HandlerWorker) {
        guard worker.removed, worker.inFlight.isEmpty else { return }
        retiring[worker.name] = nil
    }
}
