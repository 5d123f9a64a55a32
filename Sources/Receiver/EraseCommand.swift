import Checksums
import Delivery
import Foundation
import JSONSyntax
import SystemIO

/// `synap-webhooks erase --user VALUE (--admin URL | --config FILE) [--dry-run] [--suppress]`:
/// removes every event about a learner (their user id or email) from the journal, dead letters,
/// quarantine, the console's index and every file a file sink wrote, and runs exec handlers'
/// `onErase`; `--suppress` also drops their later events at the door.
/// With `--config` the receiver must be stopped; the running one is asked with `--admin`.
enum EraseCommand {
    /// How long `--admin` waits for the receiver's answer: an erasure reads every journal
    /// segment and sink file (about 9 s for 1 GB of each, scripts/bench-erase).
    static let adminTimeout = 3600.0

    static func run(_ options: CommandArguments) -> Int32 {  // options: CommandTable.erase
        do {
            let user = try options.required("--user")
            let dryRun = options.has("--dry-run")
            let suppress = options.has("--suppress")
            if let admin = options.value("--admin") {
                let body = JSONValue.object([("user", .string(user)), ("dryRun", .bool(dryRun)), ("suppress", .bool(suppress))]).serialized()
                let response = try BlockingHTTPClient.admin(admin, path: "/admin/erase", method: "POST", body: body, credentials: AdminClientCredentials(options),
                    timeout: EraseCommand.adminTimeout)
                let parsed = try? JSONValue(parsing: Array(response.body.utf8))
                let message = parsed?["message"]?.stringValue ?? parsed?["error"]?.stringValue ?? response.body
                (response.status == 200 ? StandardStream.output : StandardStream.error).writeLine(message)
                return response.status == 200 ? 0 : 1
            }
            guard let configPath = options.value("--config") else { throw UsageError("give --admin URL (receiver running) or --config FILE (receiver stopped)") }
            let (configuration, _) = try ReceiverConfiguration.load(path: configPath, overrides: .init(), missingPasswordFile: .report, secretsNeeded: false)
            let data = configuration.dataDirectory
            let outcome = try OfflineEngine.run(configuration) { engine, plan in
                let identifiers = try KeyedIdentifierHash.loadOrCreate(dataDirectory: data)
                let erasure = LearnerErasure(
                    engine: engine, dataDirectory: data, handlers: plan.handlers.mapValues(\.handler), identifiers: identifiers,
                    suppression: try SuppressionList(dataDirectory: data, identifiers: identifiers))
                return try erasure.erase(user, dryRun: dryRun, suppress: suppress)
            }
            let audit = try AuditLog.open(dataDirectory: configuration.dataDirectory)
            defer { audit.close() }
            try audit.record(
                who: "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? String(getuid())), action: dryRun ? "erase.dry-run" : "erase",
                selection: AdminStewardship.erasureSelection(user, suppress: outcome.suppressed), count: outcome.engine.events + outcome.fileLineCount, via: "command line")
            StandardStream.output.writeLine(outcome.sentence)
            return 0
        } catch let error as UsageError {
            StandardStream.error.writeLine("synap-webhooks erase: \(error)")
            return 2
        } catch {
            StandardStream.error.writeLine("synap-webhooks erase: \(error); run it again to complete it")
            return 1
        }
    }
}
