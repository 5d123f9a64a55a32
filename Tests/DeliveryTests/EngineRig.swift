import Foundation
import JSONSyntax
import Synchronization
import SynapEvents
import SystemIO
@testable import Delivery

/// A delivery engine on a temporary data directory, with recording handlers, a route per
/// kind under test, and the real intake: events go in as a request's body would.
final class EngineRig: @unchecked Sendable {
    let directory = TestDirectory()
    var journalDirectory: String { directory.path + "/journal" }
    private(set) var engine: DeliveryEngine!
    private(set) var intake: DeliveryIntake!
    var plan: DeliveryPlan
    let reports = Mutex<[DeliveryEvent]>([])
    let segmentBytes: Int
    let memoryBudget: Int
    private(set) var lastRecovery: DeliveryEngine.RecoveryStart?

    static let route = "/webhooks/attempt-completed"

    init(
        _ handlers: [RecordingHandler], retry: RetryPolicy = RetryPolicy(initialDelay: 0.01, maxDelay: 0.05, jitter: 0), ordered: Bool = false,
        routes: [RoutePlan]? = nil, limits: StoreLimits = StoreLimits(), memoryBudget: Int = 16 << 20, segmentBytes: Int = 64 << 20
    ) throws {
        var plan = DeliveryPlan(limits: limits)
        for handler in handlers { plan.handlers[handler.name] = HandlerSettings(handler: handler, retry: retry, ordered: ordered) }
        for route in routes ?? [RoutePlan(path: Self.route, kind: .fixed(.attemptCompleted), handlers: handlers.map(\.name))] {
            plan.routes[route.path] = route
        }
        self.plan = plan
        self.segmentBytes = segmentBytes
        self.memoryBudget = memoryBudget
        try start()
    }

    /// Opens the data directory and recovers (again, after `stop`).
    func start() throws {
        let (engine, start) = try DeliveryEngine.open(
            directory: journalDirectory, segmentBytes: segmentBytes, deduplicationWindowSeconds: 3600, deduplicationMaxEntries: 10_000,
            plan: plan, memoryBudget: memoryBudget, indexKey: Array("0123456789abcdef".utf8),
            report: { [weak self] event in self?.reports.withLock { $0.append(event) } })
        lastRecovery = start
        engine.recoverNow(start)
        self.engine = engine
        intake = DeliveryIntake(engine: engine)
    }

    /// Stops the engine as a clean shutdown would (checkpoint and all), or as a crash would.
    func stop(crash: Bool = false) {
        engine.stop()
        engine.journal.waitUntilFlushed()
        engine.index?.flush()
        if !crash {
            engine.checkpointNow()
        }
        engine.waitForCheckpoint()
        engine.journal.close()
    }

    func restart(crash: Bool = false, handlers: [RecordingHandler]? = nil) throws {
        stop(crash: crash)
        if let handlers {
            for handler in handlers {
                let old = plan.handlers[handler.name]
                plan.handlers[handler.name] = HandlerSettings(handler: handler, retry: old?.retry ?? RetryPolicy(), ordered: old?.ordered ?? false)
            }
        }
        try start()
    }

    /// Posts `body` to `route` through the intake and waits for the answer.
    func post(_ body: String, route path: String = EngineRig.route) async -> DeliveryIntake.Answer {
        let route = plan.routes[path]!
        return await withCheckedContinuation { continuation in
            let bytes = Array(body.utf8)
            intake.submit(.init(route: route, body: bytes, value: try! JSONValue(parsing: bytes), requestID: "r", contentType: "application/json"), limits: plan.limits) {
                continuation.resume(returning: $0)
            }
        }
    }

    /// Posts and returns the id (the test fails when it is not accepted).
    func accept(_ body: String, route path: String = EngineRig.route) async -> EventID {
        guard case .accepted(let id, _, _) = await post(body, route: path) else {
            fatalError("not accepted: \(body.prefix(80))")
        }
        return id
    }

    /// A body of the route's kind made unique by `n` (so de-duplication keeps every one), with
    /// the learner `learner-N@example.edu` when `learner` is given.
    static func body(_ n: Int, learner: Int? = nil) -> String {
        var body = SampleEvents.body(for: .attemptCompleted).replacingOccurrences(of: "\"kP4s9WcR2tX\"", with: "\"attempt-\(n)\"")
        if let learner {
            body = body.replacingOccurrences(of: "ada@example.edu", with: "learner-\(learner)@example.edu")
                .replacingOccurrences(of: "Ada Lovelace", with: "Learner \(learner)")
        }
        return body
    }

    func summary() -> LedgerSummary { engine.summary().0 }
    func entry(_ id: EventID) -> LedgerEntry? { engine.entry(id) }

    func close() {
        stop()
        directory.remove()
    }
}
