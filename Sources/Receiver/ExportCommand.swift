import Checksums
import Delivery
import Foundation
import JSONSyntax
import SystemIO

/// `synap-webhooks export --user VALUE (--admin URL | --config FILE) [--output FILE]`: every
/// stored event about a learner as JSON lines (see `LearnerExport`), for a subject access
/// request. The output file is created 0600.
enum ExportCommand {
    static func run(_ options: CommandArguments) -> Int32 {  // options: CommandTable.export
        do {
            let user = try options.required("--user")
            var lines: [UInt8] = []
            var count = 0
            if let admin = options.value("--admin") {
                let body = JSONValue.object([("user", .string(user))]).serialized()
                let response = try BlockingHTTPClient.admin(admin, path: "/admin/export", method: "POST", body: body, credentials: AdminClientCredentials(options),
                    timeout: EraseCommand.adminTimeout)
                guard response.status == 200 else {
                    StandardStream.error.writeLine("synap-webhooks export: HTTP \(response.status): \(response.body)")
                    return 1
                }
                lines = Array(response.body.utf8)
                count = lines.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            } else {
                guard let configPath = options.value("--config") else { throw UsageError("give --admin URL (receiver running) or --config FILE (receiver stopped)") }
                let (configuration, _) = try ReceiverConfiguration.load(path: configPath, overrides: .init(), missingPasswordFile: .report, secretsNeeded: false)
                let identifiers = try KeyedIdentifierHash.loadOrCreate(dataDirectory: configuration.dataDirectory)
                count = try OfflineEngine.run(configuration) { engine in
                    try LearnerExport.lines(engine, matcher: LearnerMatcher(user, identifiers: identifiers)) { lines += $0 }
                }
                let audit = try AuditLog.open(dataDirectory: configuration.dataDirectory)
                defer { audit.close() }
                try audit.record(
                    who: "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? String(getuid())), action: "export",
                    selection: ["user": .identifier(user)], count: count, via: "command line")
            }
            if let output = options.value("--output") {
                try FileSystem.createPrivateFile(output, contents: lines)
                StandardStream.error.writeLine("wrote \(count) events to \(output)")
            } else {
                FileHandle.standardOutput.write(Data(lines))
            }
            return 0
        } catch let error as UsageError {
            StandardStream.error.writeLine("synap-webhooks export: \(error)")
            return 2
        } catch {
            StandardStream.error.writeLine("synap-webhooks export: \(error)")
            return 1
        }
    }
}
