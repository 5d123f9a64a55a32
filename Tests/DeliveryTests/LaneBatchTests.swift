import Dispatch
import Synchronization
import SynapEvents
import Testing
@testable import Delivery

/// A lane takes several waiting events at once (`LaneBatch`) and keeps the promises of one
/// delivery at a time: a failure is decided on before anything behind it is tried, an erased
/// event waiting in a batch is not delivered, and a removed handler's batch stops.
@Suite struct LaneBatchTests {
    /// Blocks the tries whose numbers it was given until `open` (with a timeout, so a failing
    /// test never hangs).
    final class Gates: Sendable {
        private let gates: [Int: DispatchSemaphore]
        init(_ numbers: [Int]) { gates = Dictionary(uniqueKeysWithValues: numbers.map { ($0, DispatchSemaphore(value: 0)) }) }
        func wait(at number: Int) { _ = gates[number]?.wait(timeout: .now() + 60) }
        func open(_ number: Int) { gates[number]?.signal() }
    }

    /// Six events queued behind a try held at the gate, so the next five go to the lane as one
    /// batch; the second try (the batch's first) waits at its own gate.
    static func queueBehindAGate(_ rig: EngineRig, _ handler: RecordingHandler, _ gates: Gates) async -> [EventID] {
        var ids: [EventID] = []
        for n in 0..<6 { ids.append(await rig.accept(EngineRig.body(n, learner: n % 2 == 1 ? 1 : 2))) }
        gates.open(1)
        #expect(await eventually { handler.count == 1 && rig.engine.queue.sync { rig.engine.workers[handler.name]?.inFlight.count } == 5 })
        return ids
    }

    @Test(arguments: [false, true])
    func aFailureInABatchIsRetriedBeforeTheEventsBehindIt(ordered: Bool) async throws {
        let failedOnce = Mutex(false)
        let gates = Gates([1])
        let handler = RecordingHandler(
            name: "lms",
            poisoned: { delivery in
                String(decoding: delivery.body, as: UTF8.self).contains("attempt-2\"") && failedOnce.withLock { failed in
                    defer { failed = true }
                    return !failed
                }
            },
            beforeEachTry: { number, _ in gates.wait(at: number) })
        let rig = try EngineRig([handler], ordered: ordered)
        defer { rig.close() }
        var ids: [EventID] = []
        for n in 0..<6 { ids.append(await rig.accept(EngineRig.body(n))) }
        gates.open(1)
        #expect(await eventually { rig.summary().unsettledEvents == 0 })
        // Event 2 failed once: it was tried again before 3, 4 and 5 were tried at all.
        #expect(handler.ids == [ids[0], ids[1], ids[2], ids[2], ids[3], ids[4], ids[5]])
    }

    /// Takes batches: records each call's events, holds the first call at a gate, and fails
    /// the first try of the event whose body holds `failing`.
    final class BatchHandler: WebhookHandler {
        let name = "batches"
        let calls = Mutex<[[EventID]]>([])
        let gate = DispatchSemaphore(value: 0)
        let failing: String
        let failedOnce = Mutex(false)
        init(failing: String) { self.failing = failing }

        var takesBatches: Bool { true }
        func handle(_ delivery: Delivery, completion: @escaping @Sendable (HandlerOutcome) -> Void) {
            Issue.record("a handler that takes batches is given batches")
            completion(.delivered())
        }
        func handle(batch: [Delivery], completion: @escaping @Sendable ([HandlerOutcome]) -> Void) {
            let first = calls.withLock { calls in
                calls.append(batch.map(\.id))
                return calls.count == 1
            }
            if first { _ = gate.wait(timeout: .now() + 60) }
            var outcomes: [HandlerOutcome] = []
            for delivery in batch {
                let fails = String(decoding: delivery.body, as: UTF8.self).contains(failing) && failedOnce.withLock { failed in
                    defer { failed = true }
                    return !failed
                }
                if fails {
                    outcomes.append(.failed(HandlerFailure("refused")))
                    break
                }
                outcomes.append(.delivered())
            }
            // Completed from another thread, as a handler waiting on a network answer would.
            let done = outcomes
            DispatchQueue.global().async { completion(done) }
        }
    }

    /// A handler that takes batches gets the waiting events in one call; when it stops at a
    /// failure, that event is tried again first and the ones after it then.
    @Test func aHandlerThatTakesBatchesGetsTheWaitingEventsTogether() async throws {
        let handler = BatchHandler(failing: "attempt-3\"")
        var plan = DeliveryPlan()
        plan.handlers[handler.name] = HandlerSettings(handler: handler, retry: RetryPolicy(initialDelay: 0.01, maxDelay: 0.05, jitter: 0))
        plan.routes[EngineRig.route] = RoutePlan(path: EngineRig.route, kind: .fixed(.attemptCompleted), handlers: [handler.name])
        let rig = try EngineRig([])
        defer { rig.close() }
        rig.engine.update(plan)
        rig.plan = plan
        var ids: [EventID] = []
        for n in 0..<6 { ids.append(await rig.accept(EngineRig.body(n))) }
        handler.gate.signal()
        #expect(await eventually { rig.summary().unsettledEvents == 0 })
        let calls = handler.calls.withLock { $0 }
        #expect(calls.first == [ids[0]])
        #expect(calls.dropFirst().first == Array(ids[1...5]))
        // 3 failed: 4 and 5 were not reached in that call; the next has 3 again, then them.
        #expect(calls.dropFirst(2).first == Array(ids[3...5]))
        #expect(calls.count == 3)
    }

    /// An erasure while a batch is in the handler: the erased events still waiting in the batch
    /// are not delivered (the one in the handler then may finish).
    @Test func anErasedEventWaitingInABatchIsNotDelivered() async throws {
        let gates = Gates([1, 2])
        let handler = RecordingHandler(name: "slow", beforeEachTry: { number, _ in gates.wait(at: number) })
        let rig = try EngineRig([handler])
        defer { rig.close() }
        _ = await Self.queueBehindAGate(rig, handler, gates)
        let report = try rig.engine.erase(LearnerMatcher("learner-1@example.edu"), dryRun: false)
        #expect(report.events == 3)
        gates.open(2)
        #expect(await eventually { rig.summary().unsettledEvents == 0 && handler.count == 4 })
        try await Task.sleep(for: .milliseconds(100))
        let bodies = handler.received.withLock { $0.map { String(decoding: $0.body, as: UTF8.self) } }
        // Event 1 (learner 1) was in the handler when the erasure ran; 3 and 5 were waiting.
        #expect(bodies.filter { $0.contains("learner-1@") }.count == 1)
        #expect(bodies.filter { $0.contains("learner-2@") }.count == 3)
    }

    /// A reload that removes the handler while a batch is in it: the rest of the batch is not
    /// tried, and becomes dead letters "handler removed".
    @Test func aRemovedHandlersBatchStopsAndItsRestAreDeadLetters() async throws {
        let gates = Gates([1, 2])
        let handler = RecordingHandler(name: "old", beforeEachTry: { number, _ in gates.wait(at: number) })
        let rig = try EngineRig([handler])
        defer { rig.close() }
        _ = await Self.queueBehindAGate(rig, handler, gates)
        var plan = rig.plan
        plan.handlers["old"] = nil
        rig.engine.update(plan)
        gates.open(2)
        #expect(await eventually { rig.summary().deadOfOtherHandlers["old"] == 4 })
        try await Task.sleep(for: .milliseconds(100))
        #expect(handler.count == 2)
        let dead = rig.engine.heldEntries(EventSelection(source: .deadLetters))
        #expect(dead.count == 4 && dead.allSatisfy { $0.progress(for: "old")?.lastError == "handler removed" })
    }
}
