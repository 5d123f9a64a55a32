import Dispatch
import Synchronization
import SystemIO

/// Deliveries handed to one of a handler's lanes at once, and what became of them so far.
///
/// A lane takes the next events in line together and reports their outcomes in one hop back to
/// the engine, instead of one hop there and one back per event (each hop to an idle queue wakes
/// a thread: measured, about 8 context switches per event with two handlers). The lane stops at
/// the first failure, so the engine decides about it (retry, back off, set aside) before anything
/// behind it is tried: the same order of tries as one delivery at a time.
///
/// `@unchecked Sendable`: `next`, `results` and `reportedAt` are touched only on `lane`, by one
/// delivery at a time (a handler completing later hops back onto the lane first); the engine
/// reads the rest, which never changes.
final class LaneBatch: @unchecked Sendable {
    /// One delivery of the batch, as the engine started it.
    struct Item: Sendable {
        let id: EventID
        let attempt: Int
        let isRedelivery: Bool
        let position: JournalPosition
        /// The decoded event, when the engine still had it; else the lane reads it back.
        let cached: Delivery?
        /// Taken from the set-aside events (on its own schedule) rather than the line.
        let setAsideUntil: Int64?
    }

    /// What became of one item on the lane.
    enum Result: Sendable {
        /// The handler's outcome; `loaded` when the lane read and decoded the event itself.
        case finished(HandlerOutcome, seconds: Double, delivery: Delivery, loaded: Bool)
        /// It could not be read back or decoded: never handed to the handler.
        case unloadable(DeliveryEngine.LoadProblem)
    }

    let items: [Item]
    let worker: HandlerWorker
    let handler: any WebhookHandler
    let lane: DispatchQueue
    let laneIndex: Int
    /// The engine's interruption count when the batch started: when it moves (an erasure, a
    /// replay, a reload, a stop), the lane hands the untried rest back for the engine to check.
    let generation: UInt64

    // Confined to `lane`.
    var next = 0
    var results: [(Item, Result)] = []
    var reportedAt: UInt64

    init(items: [Item], worker: HandlerWorker, handler: any WebhookHandler, lane: DispatchQueue, laneIndex: Int, generation: UInt64) {
        self.items = items
        self.worker = worker
        self.handler = handler
        self.lane = lane
        self.laneIndex = laneIndex
        self.generation = generation
        self.reportedAt = WallClock.monotonicNanoseconds()
    }

    /// Outcomes are sent back at least this often while a batch runs (a slow handler's finished
    /// deliveries are recorded as they finish, not when the whole batch has).
    static let reportIntervalNanoseconds: UInt64 = 10_000_000
}

/// Tells a handler's completion that ran before `handle` returned (the lane goes on in its loop)
/// from one that ran later, on another thread (the lane must be resumed on its queue).
final class HandlerCall<Outcome: Sendable>: Sendable {
    private enum Step {
        case calling
        case returned
        case completed(Outcome)
    }

    private let step = Mutex(Step.calling)

    /// From the completion: true when `handle` has returned already, so the caller resumes the lane.
    func complete(_ outcome: Outcome) -> Bool {
        step.withLock { step in
            if case .returned = step { return true }
            step = .completed(outcome)
            return false
        }
    }

    /// After `handle` returned: the outcome when the completion ran already, else nil (it will
    /// resume the lane).
    func returned() -> Outcome? {
        step.withLock { step in
            if case .completed(let outcome) = step { return outcome }
            step = .returned
            return nil
        }
    }
}
