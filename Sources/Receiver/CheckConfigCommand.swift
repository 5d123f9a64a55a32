import SystemIO

/// `synap-webhooks check-config [FILE | --config FILE]`: validates everything a start would
/// (every key, environment variables and secret files, URLs, the data directory), prints the
/// routes and handlers it would run and the warnings `serve` would log, without listening,
/// touching the journal or creating anything.
enum CheckConfigCommand {
    static func run(_ options: CommandArguments) -> Int32 {
        let path: String
        do throws(UsageError) {
            path = try options.required("--config")
        } catch {
            StandardStream.error.writeLine("synap-webhooks check-config: give the configuration file: check-config FILE (or set SYNAP_WEBHOOKS_CONFIG)")
            return 2
        }
        let configuration: ReceiverConfiguration
        let secrets: SecretFileContext
        do throws(ConfigurationError) {
            (configuration, secrets) = try ReceiverConfiguration.load(path: path, overrides: .init(options), missingPasswordFile: .report)
        } catch {
            StandardStream.error.writeLine("\(path): \(error)")
            return 2
        }
        let (dataState, problem) = dataDirectoryState(configuration.dataDirectory)
        let out = StandardStream.output
        out.writeLine("\(path): valid")
        out.writeLine("listen: \(configuration.server.host):\(configuration.server.port)" + (configuration.admin.map { ", admin \($0.host):\($0.port)" } ?? ""))
        out.writeLine("data directory: \(configuration.dataDirectory) (\(dataState))")
        let missing = secrets.missingPasswordFiles
        if !missing.isEmpty {
            out.writeLine("password files:")
            for file in missing {
                let others = file.keys.count > 1 ? " and \(file.keys.count - 1) more" : ""
                out.writeLine("  \(file.path): missing; the first serve creates it with a random password (\(file.keys[0])\(others))")
            }
        }
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
        (HandlerFactory.warnings(for: configuration) + secrets.warnings).forEach { out.writeLine($0.description) }
        if let problem { StandardStream.error.writeLine("problem: dataDir \(configuration.dataDirectory): \(problem)") }
        return problem == nil ? 0 : 1
    }

    /// How the data directory stands, and a problem that would stop `serve`, without creating it.
    static func dataDirectoryState(_ directory: String) -> (state: String, problem: String?) {
        if FileSystem.isDirectory(directory) {
            do throws(SystemError) {
                try FileSystem.checkWritable(directory)
                return ("exists, writable", nil)
            } catch {
                return ("exists, not writable", "\(error)")
            }
        }
        if FileSystem.exists(directory) { return ("not a directory", "exists but is not a directory") }
        var ancestor = FileSystem.parent(of: directory)
        while !FileSystem.exists(ancestor), FileSystem.parent(of: ancestor) != ancestor {
            ancestor = FileSystem.parent(of: ancestor)
        }
        do throws(SystemError) {
            try FileSystem.checkWritable(ancestor)
            return ("missing: the first serve creates it", nil)
        } catch {
            return ("missing", "cannot be created: \(error)")
        }
    }
}
