import Delivery
import SystemIO

/// `synap-webhooks status (--admin URL | --config FILE | --data-dir DIR) [--json]`: backlog per
/// handler, dead letters, quarantine and disk use — live from a running receiver's admin
/// listener, or read from the data directory (without changing anything in it). Both print
/// the same text.
enum StatusCommand {
    static func run(_ options: CommandArguments) -> Int32 {  // options: CommandTable.status
        do {
            let report: StatusReport
            if let admin = options.value("--admin") {
                let response = try BlockingHTTPClient.admin(admin, path: "/admin/status", credentials: AdminClientCredentials(options))
                guard response.status == 200, let parsed = StatusReport(json: Array(response.body.utf8)) else {
                    StandardStream.error.writeLine("synap-webhooks status: HTTP \(response.status): \(response.body)")
                    return 1
                }
                report = parsed
            } else {
                let (directory, handlers) = try dataDirectory(options)
                report = try offlineReport(directory, handlers: handlers)
            }
            StandardStream.output.writeLine(options.has("--json") ? report.json() : report.text())
            return 0
        } catch let error as UsageError {
            StandardStream.error.writeLine("synap-webhooks status: \(error)")
            return 2
        } catch {
            StandardStream.error.writeLine("synap-webhooks status: \(error)")
            return 1
        }
    }

    /// The data directory from `--data-dir`, or from the configuration's `dataDir`, with the
    /// configured handler names (nil without a configuration: those found in the state).
    static func dataDirectory(_ options: CommandArguments) throws -> (String, [String]?) {
        if let config = options.value("--config") {
            let (configuration, _) = try ReceiverConfiguration.load(path: config, overrides: .init(), missingPasswordFile: .report, secretsNeeded: false)
            return (options.value("--data-dir") ?? configuration.dataDirectory, configuration.handlers.map(\.name))
        }
        guard let directory = options.value("--data-dir") else { throw UsageError("give --admin URL, --config FILE or --data-dir DIR") }
        return (directory, nil)
    }

    /// The report read off a data directory: the checkpoint and the journal after it, in
    /// bounded memory, changing nothing.
    static func offlineReport(_ directory: String, handlers configured: [String]?) throws -> StatusReport {
        let journalDirectory = directory + "/journal"
        let reader = JournalReader(directory: journalDirectory)
        let segments = try reader.segments()
        let (checkpoint, _) = Checkpoint.read(from: journalDirectory)
        let recovery = LedgerRecovery.read(reader, segments: segments, checkpoint: checkpoint, repair: false)
        let names = configured ?? Set(recovery.ledger.entries.values.flatMap { $0.handlers.map(\.handler) }).sorted()
        let bytes = segments.compactMap { FileSystem.size(of: reader.path(of: $0)) }.reduce(0, +)
        return StatusReport(
            dataDirectory: directory, summary: LedgerSummary(recovery.ledger, handlers: names), journalBytes: bytes,
            journalSegments: segments.count, oldestJournalEvent: reader.oldestEventTime(segments), refusing: nil, recovering: false)
    }
}
