import Delivery
import SynapEvents
import SystemIO

/// `synap-webhooks replay [--from journal|dead-letters|quarantine] [--id ID,...] [--route PATH]
/// [--handler NAME] [--since TIME] [--until TIME] (--admin URL | --config FILE)`.
///
/// With `--admin`, the running receiver replays at once. Without it the receiver must be
/// stopped: the selected events are journaled again and dispatched when it next starts.
enum ReplayCommand {
    static func run(_ arguments: [String]) -> Int32 {
        do {
            let options = try CommandArguments(
                arguments, valued: Set(["--from", "--id", "--route", "--handler", "--since", "--until", "--admin", "--config"]).union(AdminClientCredentials.options))
            let selection = try parseSelection(options)
            if let admin = options.value("--admin") {
                let response = try BlockingHTTPClient.admin(
                    admin, path: "/admin/replay", method: "POST", body: selection.json(), credentials: AdminClientCredentials(options))
                StandardStream.output.writeLine(response.body)
                return response.status == 200 ? 0 : 1
            }
            guard let configPath = options.value("--config") else { throw UsageError("give --admin URL (receiver running) or --config FILE (receiver stopped)") }
            let configuration = try ReceiverConfiguration.load(path: configPath)
            return try replayOffline(selection, configuration: configuration)
        } catch let error as UsageError {
            StandardStream.error.writeLine("synap-webhooks replay: \(error)")
            return 2
        } catch {
            StandardStream.error.writeLine("synap-webhooks replay: \(error)")
            return 1
        }
    }

    static func parseSelection(_ options: CommandArguments) throws(UsageError) -> ReplaySelection {
        var selection = ReplaySelection()
        if let from = options.value("--from") {
            guard let source = ReplaySelection.Source(rawValue: from) else {
                throw UsageError("--from must be journal, dead-letters or quarantine, not \"\(from)\"")
            }
            selection.source = source
        }
        for text in (options.value("--id") ?? "").split(separator: ",") {
            guard let id = EventID(String(text)) else { throw UsageError("--id: \"\(text)\" is not an event id (16 hex digits)") }
            selection.ids.insert(id)
        }
        selection.route = options.value("--route")
        selection.handler = options.value("--handler")
        selection.since = try options.value("--since").map { text throws(UsageError) in try time(text, "--since") }
        selection.until = try options.value("--until").map { text throws(UsageError) in try time(text, "--until") }
        return selection
    }

    /// An ISO-8601 UTC time (`2026-11-23T10:00:00Z`, or a date) as milliseconds since the epoch.
    static func time(_ text: String, _ option: String) throws(UsageError) -> Int64 {
        let full = text.count == 10 ? text + "T00:00:00Z" : text
        guard let date = SynapTimestamp(full).date else {
            throw UsageError("\(option) must be an ISO-8601 UTC time like 2026-11-23T10:00:00Z, not \"\(text)\"")
        }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    private static func replayOffline(_ selection: ReplaySelection, configuration: ReceiverConfiguration) throws -> Int32 {
        let data = configuration.dataDirectory
        let lock = try DirectoryLock(directory: data)  // refuses while a receiver runs on it
        let records = try selection.records(dataDirectory: data, routes: configuration.routes)
        let (journal, _) = try Journal.open(directory: data + "/journal", segmentBytes: configuration.journalSegmentBytes)
        let result = journal.appendAndWait(records.map(JournalRecord.event))
        journal.close()
        withExtendedLifetime(lock) {}
        if case .failure(let error) = result { throw error }
        StandardStream.output.writeLine("journaled \(records.count) events for replay; they are dispatched when the receiver starts")
        return 0
    }
}
