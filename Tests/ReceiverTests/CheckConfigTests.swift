import Foundation
import JSONSyntax
import Testing
@testable import Receiver

/// `check-config` prints the warnings `serve` logs, from one source, and creates nothing.
@Suite struct CheckConfigTests {
    /// A configuration with one of each warning: an exec program that does not exist, an optional
    /// forward header whose variable is unset, a signing secret not in whsec_ form (from
    /// ${CREDENTIALS_DIRECTORY}), a password from the environment, a handler no route uses.
    static func config(dataDir: String) -> String {
        """
        { "server": { "host": "127.0.0.1", "port": 0 }, "dataDir": "\(dataDir)", "log": { "format": "json" },
          "handlers": {
            "script": { "type": "exec", "command": ["./no-such-program.sh"] },
            "lms": { "type": "forward", "url": "http://127.0.0.1:9/x",
                     "headers": { "Authorization": { "env": "CHECK_CONFIG_TEST_UNSET_TOKEN", "optional": true } },
                     "signing": { "secretFile": "${CREDENTIALS_DIRECTORY}/lms-secret" } },
            "spare": { "type": "log" }
          },
          "routes": [
            { "path": "/webhooks/exam-completed", "event": "exam.completed", "handlers": ["script", "lms"],
              "auth": { "credentials": [ { "username": "synap", "passwordEnv": "CHECK_CONFIG_TEST_PASSWORD" },
                                         { "username": "synap", "passwordFile": "secrets/new-password" } ] } }
          ] }
        """
    }

    static let environment = ["CREDENTIALS_DIRECTORY": "", "CHECK_CONFIG_TEST_PASSWORD": "from-the-environment"]

    @Test func checkConfigPrintsWhatServeLogsAndCreatesNothing() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        _ = directory.write("not-standard-webhooks", to: "lms-secret")
        let config = directory.write(Self.config(dataDir: directory.path + "/data"), to: "config.json")
        var environment = Self.environment
        environment["CREDENTIALS_DIRECTORY"] = directory.path

        let check = try ReceiverProcess(["check-config", config], environment: environment)
        #expect(check.waitForExit() == 0, "stderr: \(check.standardError)")
        let output = check.standardOutput
        #expect(output.contains("data directory: \(directory.path)/data (missing: the first serve creates it)"))
        #expect(output.contains("  \(directory.path)/data/secrets/new-password: missing; the first serve creates it with a random password (routes[0].auth.credentials[1].passwordFile)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["config.json", "lms-secret"])
        let printed = output.split(separator: "\n").compactMap { line -> (String, String)? in
            for prefix in ["warning: ", "note: "] where line.hasPrefix(prefix) { return (prefix, String(line.dropFirst(prefix.count))) }
            return nil
        }
        let warnings = Set(printed.filter { $0.0 == "warning: " }.map(\.1))
        let notes = Set(printed.filter { $0.0 == "note: " }.map(\.1))
        #expect(warnings.contains { $0.hasPrefix("handlers.script: cannot run ") && $0.contains("no-such-program.sh") })
        #expect(warnings.contains { $0.hasPrefix("handlers.lms.headers.Authorization: environment variable CHECK_CONFIG_TEST_UNSET_TOKEN is not set") })
        #expect(warnings.contains { $0.hasPrefix("handlers.lms.signing: the secret is not in the Standard Webhooks form whsec_<base64>") })
        #expect(notes.contains { $0.hasPrefix("handlers.spare: no route uses this handler") })
        #expect(notes.contains { $0.hasPrefix("routes[0].auth.credentials[0].passwordEnv (CHECK_CONFIG_TEST_PASSWORD") && $0.contains("use passwordFile to rotate it without downtime") })
        #expect(warnings.count == 3 && notes.count == 2, "\(printed)")

        // serve logs exactly these, at warning and info.
        let serve = try ReceiverProcess(["serve", "--config", config], environment: environment)
        defer { serve.signal(SIGKILL) }
        #expect(serve.waitFor { $0.standardError.contains(#""msg":"listening""#) }, "stderr: \(serve.standardError)")
        let logged = serve.standardError.split(separator: "\n").compactMap { line -> (level: String, message: String)? in
            guard case .object(let members)? = try? JSONValue(parsing: Array(line.utf8)),
                case .string(let level)? = members.first(where: { $0.0 == "level" })?.1,
                case .string(let message)? = members.first(where: { $0.0 == "msg" })?.1
            else { return nil }
            return (level, message)
        }
        #expect(Set(logged.filter { $0.level == "warning" }.map(\.message)) == warnings)
        #expect(notes.isSubset(of: Set(logged.filter { $0.level == "info" }.map(\.message))))
        serve.signal(SIGTERM)
        #expect(serve.waitForExit() == 0)
    }

    @Test func anUnwritableDataDirectoryIsAProblem() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.write("", to: "not-a-directory")
        let (state, problem) = CheckConfigCommand.dataDirectoryState(file)
        #expect(state == "not a directory" && problem != nil)
        #expect(CheckConfigCommand.dataDirectoryState(file + "/below").problem != nil)
        #expect(CheckConfigCommand.dataDirectoryState(directory.path).state == "exists, writable")
        #expect(CheckConfigCommand.dataDirectoryState(directory.path + "/a/b").state == "missing: the first serve creates it")
    }

    @Test func theExampleConfigurationChecksQuietly() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let check = try ReceiverProcess(["check-config", root.appendingPathComponent("config.example.json").path, "--data-dir", directory.path + "/data"])
        #expect(check.waitForExit() == 0, "stderr: \(check.standardError)")
        #expect(!check.standardOutput.contains("warning:"), "\(check.standardOutput)")
        #expect(check.standardOutput.contains("note: handlers.lms: no route uses this handler"))
        #expect(check.standardOutput.contains("\(directory.path)/data/secrets/synap-basic-password: missing; the first serve creates it"))
        #expect(check.standardOutput.contains("admin 127.0.0.1:9090"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/data"))
    }
}
