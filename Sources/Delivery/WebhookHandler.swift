/// Something that does a job with each event: log it, store it, forward it, run a script.
///
/// `handle` starts the job and calls `completion` exactly once, from any thread, when the job is
/// done: only once the handler's output is as durable as the handler promises (a file sink
/// with `fsync` after its fsync), since the engine then records the event as delivered.
///
/// The engine calls `handle` on a queue of the handler's own, so a handler may block there
/// (a file write, a slow disk) without holding up anything but its own deliveries.
public protocol WebhookHandler: Sendable {
    /// The name the configuration gives it.
    var name: String { get }
    /// Does the job for one event.
    func handle(_ delivery: Delivery, completion: @escaping @Sendable (HandlerOutcome) -> Void)
    /// False when the handler must never be given an event it already delivered, even by a
    /// forced replay (a file sink writes an event id at most once per file): such deliveries
    /// are reported as skipped instead.
    var acceptsRepeatedDelivery: Bool { get }
}

extension WebhookHandler {
    public var acceptsRepeatedDelivery: Bool { true }

    /// Runs one delivery and waits for its outcome, throwing the failure (tests and tools; the
    /// engine itself never waits).
    package func handle(_ delivery: Delivery) async throws {
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<HandlerOutcome, Never>) in
            handle(delivery) { continuation.resume(returning: $0) }
        }
        if case .failed(let failure) = outcome { throw failure }
    }
}
