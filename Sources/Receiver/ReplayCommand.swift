import Delivery
import JSONSyntax
import SystemIO

/// `synap-webhooks replay [--from journal|dead-letters|quarantine] [--id ID,...] [--route PATH]
/// [--handler NAME] [--since TIME] [--until TIME] [--force] [--to HANDLER] (--admin URL | --config FILE)`.
///
/// With `--admin`, the running receiver replays at once. With `--config` the receiver must be
/// stopped (it is refused while one holds the data directory): the changes are journaled and
/// the events delivered when it next starts.
enum ReplayCommand {
    static func run(_ options: CommandArguments) -> Int32 {  // options: CommandTable.replay
        do {
            var request = try ReplayRequest(options: options)
            if request.note == nil { request.note = "replayed from the command line" }
            if let admin = options.value("--admin") {
                let response = try BlockingHTTPClient.admin(
                    admin, path: "/admin/replay", method: "POST", body: request.json(), credentials: AdminClientCredentials(options))
                let message = (try? JSONValue(parsing: Array(response.body.utf8)))?["message"]?.stringValue
                    ?? (try? JSONValue(parsing: Array(response.body.utf8)))?["error"]?.stringValue ?? response.body
                (response.status == 200 ? StandardStream.output : StandardStream.error).writeLine(message)
                return response.status == 200 ? 0 : 1
            }
            guard let configPath = options.value("--config") else { throw UsageError("give --admin URL (receiver running) or --config FILE (receiver stopped)") }
            let (configuration, _) = try ReceiverConfiguration.load(path: configPath, overrides: .init(), missingPasswordFile: .report, secretsNeeded: false)
            let report = try OfflineEngine.run(configuration) { engine in try engine.replay(request.selection, force: request.force, to: request.to, note: request.note!) }
            StandardStream.output.writeLine(report.sentence + "; the events are delivered when the receiver starts")
            return 0
        } catch let error as UsageError {
            StandardStream.error.writeLine("synap-webhooks replay: \(error)")
            return 2
        } catch {
            StandardStream.error.writeLine("synap-webhooks replay: \(error)")
            return 1
        }
    }
}
