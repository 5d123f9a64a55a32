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
        func wait(at number: Int) { _ = gates[number]?.wait(timeout: .now() + 10) }
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
