import Dispatch
import SynapEvents
import SystemIO

extension DeliveryEngine {
    /// Starts deliveries while the handler has room. On the queue.
    func pump(_ worker: HandlerWorker) {
        guard !stopped, !worker.removed, !recovering else { return }
        while worker.inFlight.count < worker.settings.concurrency {
            let now = WallClock.nowMilliseconds()
            if let until = worker.pausedUntil, now < until {
                wake(worker, at: until)
                return
            }
            worker.pausedUntil = nil
            guard let (id, wasSetAside) = worker.takeNext(now: now) else {
                if let due = worker.nextSetAsideDue { wake(worker, at: due) }
                return
            }
            guard let entry = ledger[id], entry.quarantine == nil, let progress = entry.progress(for: worker.name),
                  progress.status.isUnfinished, !worker.inFlight.contains(id)
            else { continue }  // resolved, replayed elsewhere or erased while it waited
            if !wasSetAside, progress.status == .retrying, let due = progress.nextAt, due > now {
                // Its backoff has not run out (recovered mid-backoff, or ordered).
                if worker.settings.ordered {
                    worker.pushFront(id)
                    worker.pausedUntil = due
                } else {
                    worker.setAside(id, until: due)
                }
                continue
            }
            if worker.probeNext && !wasSetAside {
                worker.probeNext = false
                worker.probing = id
            }
            start(id, entry: entry, attempt: progress.attempts + 1, worker: worker)
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

    private func start(_ id: EventID, entry: LedgerEntry, attempt: Int, worker: HandlerWorker) {
        worker.started(id)
        let cached = decoded[id]
        let redelivery = worker.redeliveries.contains(id) || attempt > 1
        let handler = worker.settings.handler
        let position = entry.position
        let startedAt = WallClock.monotonicNanoseconds()
        worker.lane().async { [self] in
            // Reading back and decoding happens here, on the handler's queue: a large backlog
            // read from disk holds up no other handler and no request.
            let delivery: Delivery
            if let cached {
                delivery = cached
            } else {
                var outcome = load(position)
                if case .failure(.unreadable) = outcome, let moved = queue.sync(execute: { ledger[id]?.position }), moved != position {
                    // Its segment was rewritten (an erasure) since this try began: read it where it is now.
                    outcome = load(moved)
                }
                switch outcome {
                case .success(let loaded):
                    delivery = loaded
                    queue.async { [self] in keepDecoded(loaded) }
                case .failure(let problem):
                    queue.async { [self] in unloadable(id, problem: problem, worker: worker) }
                    return
                }
            }
            handler.handle(delivery.with(attempt: attempt, isRedelivery: redelivery)) { [self] outcome in
                let seconds = Double(WallClock.monotonicNanoseconds() - startedAt) / 1e9
                queue.async { [self] in
                    completed(id, attempt: attempt, outcome: outcome, seconds: seconds, delivery: delivery, worker: worker)
                }
            }
        }
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

    private func unloadable(_ id: EventID, problem: LoadProblem, worker: HandlerWorker) {
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
        retireIfIdle(worker)
        pump(worker)
    }

    /// Records one try's outcome and starts the next. On the queue.
    func completed(_ id: EventID, attempt: Int, outcome: HandlerOutcome, seconds: Double, delivery: Delivery, worker: HandlerWorker) {
        worker.finished(id)
        defer {
            releaseDecodedIfDone(id)
            retireIfIdle(worker)
            pump(worker)
        }
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
