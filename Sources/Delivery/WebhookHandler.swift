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
    /// True when the handler does a run of events in fewer operations than one per event (one
    /// `write(2)` for many lines): the engine then calls `handle(batch:completion:)` with the
    /// events waiting in line, instead of `handle` for each.
    var takesBatches: Bool { get }
    /// Does the job for `batch`, in order, and calls `completion` once with an outcome for
    /// each event it got to, in order: all of them, or up to and including the first that
    /// failed (the ones after it are tried again later, so they must not have been done).
    /// Each outcome keeps `handle`'s promise: delivered only once as durable as promised.
    func handle(batch: [Delivery], completion: @escaping @Sendable ([HandlerOutcome]) -> Void)
}

extension WebhookHandler {
    public var acceptsRepeatedDelivery: Bool { true }

    public var takesBatches: Bool { false }

    /// One event after another through `handle`, stopping after the first failure.
    public func handle(batch: [Delivery], completion: @escaping @Sendable ([HandlerOutcome]) -> Void) {
        handle(batch[...], done: [], completion: completion)
    }

    private func handle(_ rest: ArraySlice<Delivery>, done: [HandlerOutcome], completion: @escaping @Sendable ([HandlerOutcome]) -> Void) {
        guard let first = rest.first else { return completion(done) }
        handle(first) { outcome in
            let done = done + [outcome]
            if case .failed = outcome { return completion(done) }
            handle(rest.dropFirst(), done: done, completion: completion)
        }
    }

    /// Runs one delivery and waits for its outcome, throwing the failure (tests and tools; the
    /// engine itself never waits).
    package func handle(_ delivery: Delivery) async throws {
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<HandlerOutcome, Never>) in
            handle(delivery) { continuation.resume(returning: $0) }
        }
        if case .failed(let failure) = outcome { throw failure }
    }
}
