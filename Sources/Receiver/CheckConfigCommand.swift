import SystemIO

/// `synap-webhooks check-config FILE`: validates everything a start would (every key,
/// environment variables and secret files, URLs, paths writable) and prints the routes and
/// handlers it would run, without listening or touching the journal.
enum CheckConfigCommand {
    static func run(_ arguments: [String]) -> Int32 {
        guard arguments.count == 1, let path = arguments.first, !path.hasPrefix("-") else {
            StandardStream.error.writeLine("synap-webhooks check-config: give the configuration file: check-config FILE")
            return 2
        }
        let configuration: ReceiverConfiguration
        do throws(ConfigurationError) {
            configuration = try ReceiverConfiguration.load(path: path)
        } catch {
            StandardStream.error.writeLine("\(path): \(error)")
            return 2
        }
        var problems: [String] = []
        do throws(SystemError) {
            try FileSystem.createDirectories(configuration.dataDirectory, mode: 0o700)
            try FileSystem.checkWritable(configuration.dataDirectory)
        } catch {
            problems.append("dataDir \(configuration.dataDirectory): \(error)")
        }
        let out = StandardStream.output
        out.writeLine("\(path): valid")
        out.writeLine("listen: \(configuration.server.host):\(configuration.server.port)" + (configuration.admin.map { ", admin \($0.host):\($0.port)" } ?? ""))
        out.writeLine("data directory: \(configuration.dataDirectory)")
        out.writeLine("handlers:")
        for handler in configuration.handlers {
            out.writeLine("  \(handler.name): \(handler.summary) (concurrency \(handler.concurrency))")
        }
        out.writeLine("routes:")
        for route in configuration.routes {
            var extras: [String] = []
            if let auth = route.auth { extras.append("basic auth, \(auth.credentials.count) credential(s)") }
            if !route.allowFrom.isEmpty { extras.append("from \(route.allowFrom.map(\.description).joined(separator: ", "))") }
            if route.onInvalidPayload == .reject { extras.append("rejects payloads that do not fit") }
            let suffix = extras.isEmpty ? "" : " [" + extras.joined(separator: "; ") + "]"
            out.writeLine("  POST \(route.path) -> \(route.kindCode) -> \(route.handlers.joined(separator: ", "))\(suffix)")
        }
        problems.forEach { StandardStream.error.writeLine("problem: \($0)") }
        return problems.isEmpty ? 0 : 1
    }
}
