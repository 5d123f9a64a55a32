import Dispatch

/// The threads handlers run on: a Dispatch pool of their own, preferred over Swift's default
/// cooperative pool (one thread per core). A handler that blocks (a slow disk, a synchronous
/// library) then holds up only deliveries, never the rest of the process — and nothing else
/// that blocks the cooperative pool can stall deliveries or their retries.
final class DeliveryExecutor: TaskExecutor {
    static let shared = DeliveryExecutor()

    private let queue = DispatchQueue(label: "delivery.handlers", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { [self] in job.runSynchronously(on: asUnownedTaskExecutor()) }
    }
}
