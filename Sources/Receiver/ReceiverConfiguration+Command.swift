import JSONSyntax
import SystemIO

extension ReceiverConfiguration {
    /// What the command line and the environment set over the file (already merged by
    /// `CommandArguments`: an option wins over its variable).
    struct Overrides: Sendable {
        var host: String?
        var port: Int?
        var dataDirectory: String?

        init(host: String? = nil, port: Int? = nil, dataDirectory: String? = nil) {
            self.host = host
            self.port = port
            self.dataDirectory = dataDirectory
        }

        /// `--host`, `--port` and `--data-dir`, or their variables.
        init(_ options: CommandArguments) {
            self.init(host: options.value("--host"), port: options.integer("--port"), dataDirectory: options.value("--data-dir"))
        }
    }

    /// Loads the file at `path` as a command runs it: the overrides applied, secret files found
    /// through a `SecretFileContext` on the data directory the receiver will use, and a missing
    /// password file handled as `missingPasswordFile` says. Nothing is written here: `serve`
    /// creates the missing password files with the returned context once it decides to start.
    static func load(
        path: String, overrides: Overrides, missingPasswordFile: SecretFileContext.MissingPasswordFile, secretsNeeded: Bool = true
    ) throws(ConfigurationError) -> (ReceiverConfiguration, SecretFileContext) {
        let dataDirectory = overrides.dataDirectory ?? configuredDataDirectory(path)
        let context = SecretFileContext(dataDirectory: dataDirectory, missingPasswordFile: missingPasswordFile, secretsNeeded: secretsNeeded)
        var configuration = try context.bind { () throws(ConfigurationError) in try load(path: path) }
        if let host = overrides.host { configuration.server.host = host }
        if let port = overrides.port { configuration.server.port = port }
        configuration.dataDirectory = dataDirectory
        return (configuration, context)
    }

    /// The file's `dataDir` (default `./data`), read before the rest so secret files can be found
    /// relative to it. A file that cannot be read gets the default: `load` reports the problem.
    private static func configuredDataDirectory(_ path: String) -> String {
        guard let bytes = try? FileSystem.readFile(path), let json = try? JSONValue(parsing: bytes),
            case .object(let members) = json, case .string(let directory)? = members.first(where: { $0.0 == "dataDir" })?.1
        else { return "./data" }
        return directory
    }
}
