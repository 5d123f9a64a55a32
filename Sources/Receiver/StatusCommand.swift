import Delivery
import SystemIO

/// `synap-webhooks status (--admin URL | --config FILE | --data-dir DIR)`: backlog per
/// handler, dead letters, quarantine and disk use — live from a running receiver's admin
/// listener, or read from the data directory.
enum StatusCommand {
    static func run(_ arguments: [String]) -> Int32 {
        do {
            let options = try CommandArguments(arguments, valued: Set(["--admin", "--config", "--data-dir"]).union(AdminClientCredentials.options))
            if let admin = options.value("--admin") {
                let response = try BlockingHTTPClient.admin(admin, path: "/admin/status", credentials: AdminClientCredentials(options))
                StandardStream.output.writeLine(response.body)
                return response.status == 200 ? 0 : 1
            }
            let directory = try dataDirectory(options)
            StandardStream.output.writeLine(try offlineReport(directory))
            return 0
        } catch let error as UsageError {
            StandardStream.error.writeLine("synap-webhooks status: \(error)")
            return 2
        } catch {
            StandardStream.error.writeLine("synap-webhooks status: \(error)")
            return 1
        }
    }

    /// The data directory from `--data-dir`, or from the configuration's `dataDir`.
    static func dataDirectory(_ options: CommandArguments) throws -> String {
        if let directory = options.value("--data-dir") { return directory }
        guard let config = options.value("--config") else { throw UsageError("give --admin URL, --config FILE or --data-dir DIR") }
        return try ReceiverConfiguration.load(path: config).dataDirectory
    }

    static func offlineReport(_ directory: String) throws -> String {
        let journalDirectory = directory + "/journal"
        let recovery = try Journal.scan(directory: journalDirectory)
        let summary = JournalSummary(recovery)
        let bytes = recovery.segments.compactMap { FileSystem.size(of: journalDirectory + "/" + $0.fileName) }.reduce(0, +)
        var lines = ["data directory: \(directory)\(DirectoryLock.isHeld(directory: directory) ? " (a receiver is running on it)" : "")"]
        lines.append("journal: \(recovery.segments.count) segments, \(bytes) bytes, \(summary.events) events, \(summary.unfinishedEvents) unfinished")
        for (handler, count) in summary.unfinishedByHandler.sorted(by: { $0.key < $1.key }) {
            lines.append("  handler \(handler): \(count) unfinished")
        }
        lines.append("dead letters: \(try EventArchive.entries(path: directory + "/dead-letters.jsonl").count)")
        lines.append("quarantined: \(try EventArchive.entries(path: directory + "/quarantine.jsonl").count)")
        recovery.warnings.forEach { lines.append("warning: \($0)") }
        return lines.joined(separator: "\n")
    }
}
