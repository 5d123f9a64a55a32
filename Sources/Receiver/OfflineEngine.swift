import Delivery
import SystemIO

/// The delivery state of a stopped receiver's data directory, opened for an operator's change
/// (replay, resolve) that is journaled now and acted on at the next start. Refused while a
/// receiver holds the directory: the running one is asked through `--admin` instead.
enum OfflineEngine {
    struct Busy: Error, CustomStringConvertible {
        let directory: String
        var description: String { "a receiver is running on \(directory): use --admin URL (its admin listener) instead of --config" }
    }

    /// Opens the state of `configuration`'s data directory, runs `body`, and closes it.
    static func run<Result>(_ configuration: ReceiverConfiguration, _ body: (DeliveryEngine) throws -> Result) throws -> Result {
        try run(configuration) { engine, _ in try body(engine) }
    }

    /// The same, `body` also getting the configuration's handlers (built, never started).
    static func run<Result>(_ configuration: ReceiverConfiguration, _ body: (DeliveryEngine, DeliveryPlan) throws -> Result) throws -> Result {
        let data = configuration.dataDirectory
        guard !DirectoryLock.isHeld(directory: data) else { throw Busy(directory: data) }
        try FileSystem.createDirectories(data, mode: 0o700)
        let lock = try DirectoryLock(directory: data)
        defer { withExtendedLifetime(lock) {} }
        let plan = HandlerFactory.plan(for: configuration, log: OperationalLog(settings: .init(level: .error)))
        let (engine, start) = try DeliveryEngine.open(
            directory: data + "/journal", segmentBytes: configuration.journalSegmentBytes,
            deduplicationWindowSeconds: configuration.deduplicationWindowSeconds, deduplicationMaxEntries: configuration.deduplicationMaxEntries,
            plan: plan, indexKey: try EventIndexKey.load(dataDirectory: data), report: { _ in })
        engine.stop()
        engine.recoverNow(start)
        defer {
            engine.journal.waitUntilFlushed()
            engine.checkpointNow()
            engine.journal.close()
        }
        return try body(engine, plan)
    }
}
