import Checksums
import Delivery
import Dispatch
import HTTP1
import Handlers
import Synchronization
import SystemIO

/// The running receiver: the delivery engine (journal, ledger, handlers) and the HTTP servers.
/// Start-up opens the journal quickly (a checkpoint and the newest segment), listens, and
/// reads the rest of the journal in the background: events are taken and journaled meanwhile,
/// and delivered once it is done. Stopped in reverse order.
///
/// `@unchecked Sendable`: every stored property is Sendable except the maintenance timer,
/// which is set up in `init` and afterwards only resumed and cancelled (thread-safe calls).
public final class ReceiverRuntime: @unchecked Sendable {
    public let log: OperationalLog
    let engine: DeliveryEngine
    let intake: DeliveryIntake
    let server: HTTPServer
    let adminServer: HTTPServer?
    let adminResponder: AdminResponder?
    let responder: WebhookResponder
    let metrics: Metrics
    /// Learners whose later events are acknowledged but not kept (`erase` with suppression adds to it).
    let suppression: SuppressionList
    /// The data directory's identifier hash (audit records, redaction, erasure of hashed fields).
    let identifiers: KeyedIdentifierHash
    private let lock: DirectoryLock
    private let maintenance: any DispatchSourceTimer
    let maintenanceQueue = DispatchQueue(label: "receiver.maintenance")
    let startedAt = WallClock.nowMilliseconds()
    /// Events accepted per minute over the last hour (the console's chart).
    let acceptedRate = AcceptedRate()

    /// Starts everything `configuration` describes. Throws a message naming what failed.
    public static func start(_ configuration: ReceiverConfiguration) throws(StartupError) -> ReceiverRuntime {
        let log = OperationalLog(settings: configuration.log)
        let metrics = Metrics()
        let data = configuration.dataDirectory
        let lock: DirectoryLock
        let engine: DeliveryEngine
        let recovery: DeliveryEngine.RecoveryStart
        let adminAudit: AuditLog?
        let identifiers: KeyedIdentifierHash
        let suppression: SuppressionList
        let plan = HandlerFactory.plan(for: configuration, log: log)
        do throws(SystemError) {
            try FileSystem.createDirectories(data, mode: 0o700)
            lock = try DirectoryLock(directory: data)
            let indexKey = try EventIndexKey.load(dataDirectory: data)
            identifiers = try KeyedIdentifierHash.loadOrCreate(dataDirectory: data)
            suppression = try SuppressionList(dataDirectory: data, identifiers: identifiers)
            adminAudit = configuration.admin == nil ? nil : try AuditLog.open(dataDirectory: data)
            (engine, recovery) = try DeliveryEngine.open(
                directory: data + "/journal", segmentBytes: configuration.journalSegmentBytes,
                deduplicationWindowSeconds: configuration.deduplicationWindowSeconds, deduplicationMaxEntries: configuration.deduplicationMaxEntries,
                plan: plan, indexKey: indexKey, report: DeliveryEventObserver(log: log, metrics: metrics).report)
        } catch {
            throw StartupError("data directory \(data): \(error)")
        }
        recovery.warnings.forEach { log.warning("journal", ["detail": $0]) }
        suppression.warnings.forEach { log.warning("suppression list", ["detail": $0]) }
        if !recovery.readsWholeJournal {
            // With a checkpoint, what is left to read is short (a checkpoint is taken at least
            // every 30 s and at every new segment): read it before listening, so the
            // de-duplication index is whole before the first request. Without one (an upgrade,
            // a damaged file), the whole journal is read while events are already taken.
            engine.recoverNow(recovery)
        }
        let runtime = ReceiverRuntime(
            configuration: configuration, plan: plan, log: log, metrics: metrics, lock: lock, engine: engine, adminAudit: adminAudit,
            identifiers: identifiers, suppression: suppression)
        if let admin = runtime.adminServer {
            do throws(SystemError) {
                let port = try admin.start()
                log.info("admin listening", ["address": "\(admin.configuration.host):\(port)"])
            } catch {
                runtime.abandon()
                throw StartupError("cannot listen on the admin address \(admin.configuration.host):\(admin.configuration.port): \(error)")
            }
        }
        do throws(SystemError) {
            let port = try runtime.server.start()
            log.info("listening", ["address": "\(configuration.server.host):\(port)", "routes": configuration.routes.count, "dataDir": data])
        } catch {
            runtime.abandon()
            throw StartupError("cannot listen on \(configuration.server.host):\(configuration.server.port): \(error)")
        }
        runtime.importLegacyArchives()
        if recovery.readsWholeJournal {
            log.info("no usable checkpoint: reading the whole journal while taking events", [:])
            engine.recover(recovery)
        }
        runtime.maintenance.resume()
        return runtime
    }

    private init(
        configuration: ReceiverConfiguration, plan: DeliveryPlan, log: OperationalLog, metrics: Metrics, lock: DirectoryLock,
        engine: DeliveryEngine, adminAudit: AuditLog?, identifiers: KeyedIdentifierHash, suppression: SuppressionList
    ) {
        self.log = log
        self.lock = lock
        self.metrics = metrics
        self.engine = engine
        self.suppression = suppression
        self.identifiers = identifiers
        intake = DeliveryIntake(engine: engine, suppressed: { suppression.contains($0, body: $1) })
        engine.journal.onFlush = { [metrics] _, seconds in metrics.observeFsync(seconds: seconds) }
        let snapshot = ReceiverSnapshot(configuration: configuration, plan: plan, log: log, metrics: metrics)
        let runtime = LateReference<ReceiverRuntime>()
        let operations = OperationsEndpoints(
            readiness: { runtime.object?.readiness() ?? (false, "stopping") }, metricsText: { runtime.object?.renderMetrics() ?? "" })
        responder = WebhookResponder(
            snapshot: snapshot, intake: intake, operations: configuration.admin == nil ? operations : Self.healthOnly(operations), metrics: metrics,
            acceptedRate: acceptedRate, identifiers: identifiers, log: log)
        let serverLog: @Sendable (HTTPServerEvent, String) -> Void = { event, message in log.warning(message, ["event": event.rawValue]) }
        server = HTTPServer(configuration: configuration.server, responder: responder, logger: serverLog)
        adminResponder = configuration.admin.map { [metrics] admin in
            let gate = AdminGate(
                settings: admin, trustedProxies: configuration.trustedProxies, audit: adminAudit, log: log, metrics: metrics,
                listenerPort: { runtime.object?.adminServer?.port ?? admin.port })
            return AdminResponder(gate: gate, routes: AdminRouteTable(
                AdminRouteTable.operations(operations, runtime: runtime) + ConsoleAPI.routes(runtime: runtime)
                    + AdminStewardship.routes(runtime: runtime) + ConsolePages.routes(runtime: runtime)))
        }
        adminServer = adminResponder.map { responder in
            HTTPServer(configuration: responder.gate.settings.listener, responder: responder, logger: serverLog)
        }
        maintenance = DispatchSource.makeTimerSource(queue: maintenanceQueue)
        maintenance.schedule(deadline: .now() + .seconds(30), repeating: .seconds(30))
        maintenance.setEventHandler { [self] in
            engine.maintain()
            sweepFileSinks()
        }
        runtime.set(self)
    }

    /// The port the server listens on.
    public var port: Int { server.port }

    /// Health on the main listener even when metrics live on the admin listener (load balancers and proxies probe it).
    private static func healthOnly(_ operations: OperationsEndpoints) -> OperationsEndpoints {
        OperationsEndpoints(readiness: operations.readiness, metricsText: operations.metricsText, paths: ["/healthz", "/readyz"])
    }

    /// Ready means "can accept and store events": the journal is writable and nothing is full.
    /// A failing downstream does not make the receiver unready (a load balancer would turn
    /// Synap away, and Synap does not retry); it shows in status and metrics.
    func readiness() -> (ready: Bool, reason: String) {
        if let problem = intake.unavailability(currentConfiguration.storeLimits) { return (false, problem.rawValue) }
        do throws(SystemError) {
            try FileSystem.checkWritable(engine.journal.directory)
        } catch {
            return (false, DeliveryIntake.Unavailability.journalUnwritable.rawValue)
        }
        return (true, engine.isRecovering ? "recovering" : "ok")
    }

    /// Reads dead letters and quarantined payloads an earlier version kept in files.
    private func importLegacyArchives() {
        for name in ["dead-letters.jsonl", "quarantine.jsonl"] {
            let path = currentConfiguration.dataDirectory + "/" + name
            do throws(SystemError) {
                let count = try LegacyArchiveImport.run(path, into: engine)
                if count > 0 { log.info("imported entries kept by an earlier version", ["file": path, "entries": count]) }
            } catch {
                log.error("could not import entries kept by an earlier version; they stay in the file", ["file": path, "error": error.description])
            }
        }
    }

    /// The Prometheus exposition: counters so far plus gauges sampled now.
    func renderMetrics() -> String {
        let (summary, _) = engine.summary()
        var gauges: [(name: String, labels: KeyValuePairs<String, String>, value: Double)] = summary.handlers.map {
            (name: "synap_handler_backlog", labels: ["handler": $0.name], value: Double($0.backlog))
        }
        gauges += summary.handlers.map { (name: "synap_handler_dead_letters", labels: ["handler": $0.name], value: Double($0.dead)) }
        gauges.append((name: "synap_dead_letters", labels: [:], value: Double(summary.deadLetters)))
        gauges.append((name: "synap_dead_letter_bytes", labels: [:], value: Double(summary.deadLetterBytes)))
        gauges.append((name: "synap_quarantined", labels: [:], value: Double(summary.quarantined)))
        gauges.append((name: "synap_quarantine_bytes", labels: [:], value: Double(summary.quarantinedBytes)))
        gauges.append((name: "synap_journal_bytes", labels: [:], value: Double(engine.journal.bytesOnDisk)))
        gauges.append((name: "synap_open_connections", labels: [:], value: Double(server.openConnections)))
        return metrics.render(gauges: gauges)
    }

    /// File sinks' upkeep: idle files closed, and with `retentionDays` old files rotated and
    /// deleted. Retention is checked hourly; the rest at each maintenance pass.
    private func sweepFileSinks() {
        let now = WallClock.nowMilliseconds()
        for case let sink as FileSinkHandler in responder.snapshot.plan.handlers.values.map(\.handler) {
            let sweep = sink.sweep(now: now)
            if !sweep.deleted.isEmpty || !sweep.rotated.isEmpty || !sweep.failures.isEmpty {
                log.info("file retention", ["handler": sink.name, "result": sweep.description])
            }
        }
    }

    /// Erases a learner from every store (see `LearnerErasure`), or with `dryRun` counts; with
    /// `suppress`, their later events are dropped too.
    func erase(_ identifier: String, dryRun: Bool, suppress: Bool = false) throws -> LearnerErasure.Outcome {
        let handlers = responder.snapshot.plan.handlers.mapValues(\.handler)
        let erasure = LearnerErasure(
            engine: engine, dataDirectory: currentConfiguration.dataDirectory, handlers: handlers, identifiers: identifiers, suppression: suppression)
        let outcome: LearnerErasure.Outcome
        do {
            outcome = try erasure.erase(identifier, dryRun: dryRun, suppress: suppress)
        } catch {
            // Never the identifier: the operator who asked has it, the log must not.
            log.warning(dryRun ? "erasure dry run failed" : "erasure stopped before it was complete; run it again", ["error": "\(error)"])
            throw error
        }
        log.info(dryRun ? "erasure dry run" : "erased a learner", [
            "events": outcome.engine.events, "fileSinkLines": outcome.fileLineCount, "deliveredTo": outcome.engine.deliveredBy.keys.sorted().joined(separator: ","),
            "suppressed": outcome.suppressed,
        ])
        // Names only: a failing script's message may quote what it printed about the learner.
        let failedOnErase = outcome.onErase.filter { $0.value.hasPrefix("failed") }.keys.sorted()
        if !failedOnErase.isEmpty {
            log.warning("onErase failed: those handlers may still hold the learner's data", ["handlers": failedOnErase.joined(separator: ",")])
        }
        return outcome
    }

    /// Puts a new configuration in force as one snapshot: routes, credentials, proxies, limits,
    /// handlers and filters change together. The listener and data directory stay.
    public func reload(_ newConfiguration: ReceiverConfiguration) {
        let plan = HandlerFactory.plan(for: newConfiguration, log: log)
        engine.update(plan)
        suppression.reload().forEach { log.warning("suppression list", ["detail": $0]) }
        responder.install(ReceiverSnapshot(configuration: newConfiguration, plan: plan, log: log, metrics: metrics))
        if let admin = newConfiguration.admin { adminResponder?.gate.update(settings: admin, trustedProxies: newConfiguration.trustedProxies) }
        log.info("configuration reloaded", ["routes": newConfiguration.routes.count, "handlers": newConfiguration.handlers.count])
    }

    /// The configuration in force.
    public var currentConfiguration: ReceiverConfiguration { responder.snapshot.configuration }

    /// Stops accepting, lets in-flight requests finish within `grace` seconds, waits briefly for
    /// handlers, writes a checkpoint and closes the journal. Anything unfinished resumes at the
    /// next start.
    public func stop(grace: Double) {
        let group = DispatchGroup()
        group.enter()
        server.shutdown(deadline: grace) { group.leave() }
        group.wait()
        if let adminServer {
            group.enter()
            adminServer.shutdown(deadline: 0) { group.leave() }
            group.wait()
        }
        adminResponder?.gate.audit?.close()
        engine.stop()
        _ = engine.waitForDeliveriesInFlight(timeout: min(grace, 5))
        maintenance.cancel()
        engine.journal.waitUntilFlushed()
        engine.checkpointNow()
        engine.journal.close()
        log.info("stopped")
    }

    /// Undoes a start that failed half-way.
    private func abandon() {
        engine.stop()
        engine.journal.close()
    }
}

/// A start-up failure, with a message for the operator.
public struct StartupError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
