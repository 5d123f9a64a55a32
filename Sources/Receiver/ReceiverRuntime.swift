import Delivery
import Dispatch
import HTTP1
import Synchronization
import SystemIO

/// The running receiver: journal, dispatcher, handlers and HTTP server, started in that
/// order (nothing is accepted before unfinished work is resumed) and stopped in reverse.
///
/// `@unchecked Sendable`: every stored property is Sendable except the maintenance timer,
/// which is set up in `init` and afterwards only resumed and cancelled (thread-safe calls).
public final class ReceiverRuntime: @unchecked Sendable {
    public let log: OperationalLog
    let journal: Journal
    let dispatcher: Dispatcher
    let server: HTTPServer
    let adminServer: HTTPServer?
    let responder: WebhookResponder
    let metrics = Metrics()
    private let lock: DirectoryLock
    private let deadLetters: EventArchive
    private let quarantine: EventArchive
    private let configuration: Mutex<ReceiverConfiguration>
    private let maintenance: any DispatchSourceTimer
    let maintenanceQueue = DispatchQueue(label: "receiver.maintenance")

    /// Starts everything `configuration` describes. Throws a message naming what failed.
    public static func start(_ configuration: ReceiverConfiguration) throws(StartupError) -> ReceiverRuntime {
        let log = OperationalLog(settings: configuration.log)
        let data = configuration.dataDirectory
        let journal: Journal
        let recovery: JournalRecovery
        let deadLetters: EventArchive
        let quarantine: EventArchive
        let lock: DirectoryLock
        do throws(SystemError) {
            try FileSystem.createDirectories(data, mode: 0o700)
            lock = try DirectoryLock(directory: data)
            (journal, recovery) = try Journal.open(directory: data + "/journal", segmentBytes: configuration.journalSegmentBytes)
            deadLetters = try EventArchive(path: data + "/dead-letters.jsonl")
            quarantine = try EventArchive(path: data + "/quarantine.jsonl")
        } catch {
            throw StartupError("data directory \(data): \(error)")
        }
        recovery.warnings.forEach { log.warning("journal repaired", ["detail": $0]) }
        let runtime = ReceiverRuntime(
            configuration: configuration, log: log, lock: lock, journal: journal, recovery: recovery, deadLetters: deadLetters,
            quarantine: quarantine)
        do throws(SystemError) {
            if let admin = runtime.adminServer {
                let port = try admin.start()
                log.info("admin listening", ["address": "\(admin.configuration.host):\(port)"])
            }
            let port = try runtime.server.start()
            log.info("listening", ["address": "\(configuration.server.host):\(port)", "routes": String(configuration.routes.count), "dataDir": data])
        } catch {
            runtime.dispatcher.stop()
            journal.close()
            throw StartupError("cannot listen on \(configuration.server.host):\(configuration.server.port): \(error)")
        }
        runtime.maintenance.resume()
        return runtime
    }

    private init(
        configuration: ReceiverConfiguration, log: OperationalLog, lock: DirectoryLock, journal: Journal, recovery: JournalRecovery,
        deadLetters: EventArchive, quarantine: EventArchive
    ) {
        self.log = log
        self.lock = lock
        self.journal = journal
        self.deadLetters = deadLetters
        self.quarantine = quarantine
        self.configuration = Mutex(configuration)
        dispatcher = Dispatcher(
            journal: journal, deadLetters: deadLetters, quarantine: quarantine, plan: HandlerFactory.plan(for: configuration, log: log),
            report: DeliveryEventObserver(log: log, metrics: metrics).report)
        journal.onFlush = { [metrics] _, seconds in metrics.observeFsync(seconds: seconds) }
        let deduplication = DeduplicationIndex(
            windowSeconds: configuration.deduplicationWindowSeconds, maxEntries: configuration.deduplicationMaxEntries)
        let now = WallClock.nowMilliseconds()
        for (_, record) in recovery.records {
            if case .event(let event) = record {
                deduplication.remember(route: event.route, body: event.body, id: event.id, receivedAt: event.receivedAt, now: now)
            }
        }
        let resumed = dispatcher.recover(recovery)
        if resumed > 0 { log.info("resuming unfinished deliveries from the journal", ["events": String(resumed)]) }
        let runtime = LateReference<ReceiverRuntime>()
        let operations = OperationsEndpoints(readiness: { [dispatcher, journal] in
            Self.readiness(dispatcher: dispatcher, journal: journal, limit: runtime.object?.currentConfiguration.journalMaxBytes ?? .max)
        }, metricsText: { runtime.object?.renderMetrics() ?? "" })
        let gate = RouteGate(configuration: configuration, log: log, metrics: metrics)
        responder = WebhookResponder(
            gate: gate, journal: journal, dispatcher: dispatcher, deduplication: deduplication,
            operations: configuration.admin == nil ? operations : Self.healthOnly(operations),
            journalLimit: configuration.journalMaxBytes,
            makeRoom: { runtime.object?.maintenanceQueue.async { runtime.object?.removeExpiredSegments() } },
            metrics: metrics, log: log)
        let serverLog: @Sendable (HTTPServerEvent, String) -> Void = { event, message in log.warning(message, ["event": event.rawValue]) }
        server = HTTPServer(configuration: configuration.server, responder: responder, logger: serverLog)
        adminServer = configuration.admin.map { admin in
            HTTPServer(configuration: admin, responder: AdminResponder(operations: operations, statusJSON: {
                runtime.object.map { StatusReport(runtime: $0).json() } ?? "{}"
            }, replay: { selection in
                runtime.object?.replay(selection) ?? .error(.serviceUnavailable, "stopping")
            }), logger: serverLog)
        }
        maintenance = DispatchSource.makeTimerSource(queue: maintenanceQueue)
        maintenance.schedule(deadline: .now() + .seconds(60), repeating: .seconds(60))
        maintenance.setEventHandler { [self] in removeExpiredSegments() }
        runtime.set(self)
    }

    /// The port the server listens on.
    public var port: Int { server.port }

    /// Health on the main listener even when metrics live on the admin listener (load balancers and proxies probe it).
    private static func healthOnly(_ operations: OperationsEndpoints) -> OperationsEndpoints {
        OperationsEndpoints(readiness: operations.readiness, metricsText: operations.metricsText, paths: ["/healthz", "/readyz"])
    }

    /// Ready when the journal directory is writable and no handler has failed for over five minutes.
    static func readiness(dispatcher: Dispatcher, journal: Journal, limit: Int) -> (ready: Bool, detail: String) {
        if journal.bytesOnDisk >= limit {
            return (false, "journal is full (\(journal.bytesOnDisk) bytes)")
        }
        if let stuck = dispatcher.status().handlers.first(where: { $0.stuckSeconds > 300 }) {
            return (false, "handler \(stuck.name) failing for \(Int(stuck.stuckSeconds)) s: \(stuck.retrying ?? "")")
        }
        do throws(SystemError) {
            try FileSystem.checkWritable(journal.directory)
        } catch {
            return (false, "journal not writable: \(error)")
        }
        return (true, "journal writable, handlers healthy")
    }

    /// The Prometheus exposition: counters so far plus gauges sampled now.
    func renderMetrics() -> String {
        let status = dispatcher.status()
        var gauges: [(name: String, labels: KeyValuePairs<String, String>, value: Double)] = status.handlers.map {
            (name: "synap_handler_backlog", labels: ["handler": $0.name], value: Double($0.backlog))
        }
        gauges.append((name: "synap_dead_letters", labels: [:], value: Double(status.deadLetters)))
        gauges.append((name: "synap_quarantined", labels: [:], value: Double(status.quarantined)))
        gauges.append((name: "synap_journal_bytes", labels: [:], value: Double(journal.bytesOnDisk)))
        gauges.append((name: "synap_open_connections", labels: [:], value: Double(server.openConnections)))
        return metrics.render(gauges: gauges)
    }

    /// Deletes journal segments whose events every handler has finished and whose retention has
    /// passed; over the size limit, finished segments go before their retention, oldest first.
    func removeExpiredSegments() {
        let (retention, limit) = configuration.withLock { ($0.journalRetentionSeconds, $0.journalMaxBytes) }
        let cutoff = WallClock.nowMilliseconds() - Int64(retention * 1000)
        var removable: [JournalSegment] = []
        var remaining = journal.bytesOnDisk
        for segment in dispatcher.finishedSegments() {
            let path = journal.path(of: segment)
            if (FileSystem.modificationTime(of: path) ?? 0) < cutoff || remaining >= limit {
                removable.append(segment)
                remaining -= FileSystem.size(of: path) ?? 0
            }
        }
        guard !removable.isEmpty else { return }
        journal.remove(removable)
        dispatcher.forget(removable)
        log.info("removed finished journal segments", ["count": String(removable.count), "journalBytes": String(journal.bytesOnDisk)])
    }

    /// Applies a new configuration's routes and handlers; the listener and data directory stay.
    public func reload(_ newConfiguration: ReceiverConfiguration) {
        dispatcher.update(HandlerFactory.plan(for: newConfiguration, log: log))
        responder.gate.update(from: newConfiguration)
        responder.journalLimit.withLock { $0 = newConfiguration.journalMaxBytes }
        configuration.withLock { $0 = newConfiguration }
        log.info("configuration reloaded", ["routes": String(newConfiguration.routes.count), "handlers": String(newConfiguration.handlers.count)])
    }

    /// The configuration in force.
    public var currentConfiguration: ReceiverConfiguration { configuration.withLock { $0 } }

    /// Stops accepting, lets in-flight requests finish within `grace` seconds, waits briefly for
    /// handlers, and closes the journal. Anything unfinished resumes at the next start.
    public func stop(grace: Double) {
        let done = DispatchSemaphore(value: 0)
        server.shutdown(deadline: grace) { done.signal() }
        done.wait()
        adminServer?.shutdown(deadline: 0) { done.signal() }
        if adminServer != nil { done.wait() }
        _ = dispatcher.waitUntilIdle(timeout: min(grace, 5))
        dispatcher.stop()
        maintenance.cancel()
        journal.close()
        deadLetters.close()
        quarantine.close()
        log.info("stopped")
    }
}

/// A start-up failure, with a message for the operator.
public struct StartupError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension ReceiverRuntime {
    /// Selects and replays events for the admin API.
    func replay(_ selection: ReplaySelection) -> HTTPResponse {
        let configuration = currentConfiguration
        let records: [EventRecord]
        do throws(SystemError) {
            records = try selection.records(dataDirectory: configuration.dataDirectory, routes: configuration.routes)
        } catch {
            return .error(.internalServerError, "cannot read \(selection.source.rawValue): \(error)")
        }
        switch replay(records) {
        case .success(let count): return .json(.ok, "{\"replayed\":\(count)}")
        case .failure(let error): return .error(.serviceUnavailable, "journal write failed: \(error)", headers: HTTPHeaders([("Retry-After", "5")]))
        }
    }

    /// Journals copies of `records` (so a crash mid-replay resumes) and dispatches them as
    /// redeliveries. Returns how many were replayed, or the journal error.
    func replay(_ records: [EventRecord]) -> Result<Int, SystemError> {
        switch journal.appendAndWait(records.map(JournalRecord.event)) {
        case .failure(let error):
            return .failure(error)
        case .success(let positions):
            for (record, position) in zip(records, positions) { dispatcher.submit(record, at: position, isRedelivery: true) }
            log.info("replayed events", ["count": String(records.count)])
            return .success(records.count)
        }
    }
}
