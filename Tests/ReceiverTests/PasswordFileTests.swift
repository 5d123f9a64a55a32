import Foundation
import SynapEvents
import Testing
@testable import Receiver

/// Secret files: relative to the data directory, `${CREDENTIALS_DIRECTORY}` expanded, and a
/// missing password file created by `serve` (random, 0600 in 0700 directories, whatever the
/// umask), reported by `check-config`, an error for everything else.
@Suite struct PasswordFileTests {
    static func config(dataDir: String, passwordFile: String = "secrets/synap-basic-password", extraRoute: Bool = true) -> String {
        let auth = #""auth": { "realm": "synap", "credentials": [ { "username": "synap", "passwordFile": "\#(passwordFile)" } ] }"#
        let second = extraRoute ? #", { "path": "/webhooks/exam-started", "event": "exam.started", "handlers": ["archive"], \#(auth) }"# : ""
        return """
            { "server": { "host": "127.0.0.1", "port": 0 }, "dataDir": "\(dataDir)",
              "handlers": { "archive": { "type": "file", "path": "events.jsonl" } },
              "routes": [ { "path": "/webhooks/attempt-completed", "event": "attempt.completed", "handlers": ["archive"], \(auth) }\(second) ] }
            """
    }

    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int).flatMap { $0 }
    }

    static func password(_ configuration: ReceiverConfiguration, route: Int = 0) -> [UInt8]? {
        configuration.routes[route].auth?.credentials.first.map { Array($0.expected.dropFirst("synap:".utf8.count)) }
    }

    @Test func serveLoadsAMissingPasswordFileAsOneNewRandomPasswordAndWritesItOnlyWhenAsked() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.write(Self.config(dataDir: "/nonexistent/file-value"), to: "config.json")
        let data = directory.path + "/data"
        let (configuration, secrets) = try ReceiverConfiguration.load(path: config, overrides: .init(dataDirectory: data), missingPasswordFile: .create)
        let file = data + "/secrets/synap-basic-password"
        #expect(!FileManager.default.fileExists(atPath: data), "loading must not write")
        #expect(secrets.missingPasswordFiles.map(\.path) == [file])
        #expect(secrets.missingPasswordFiles.first?.keys == ["routes[0].auth.credentials[0].passwordFile", "routes[1].auth.credentials[0].passwordFile"])
        let password = try #require(Self.password(configuration))
        #expect(password.count == 43 && Self.password(configuration, route: 1) == password)
        #expect(String(decoding: password, as: UTF8.self) != SecretFileContext.placeholder)

        let created = try secrets.createMissingPasswordFiles()
        #expect(created.map(\.path) == [file])
        #expect(Array(FileManager.default.contents(atPath: file) ?? Data()) == password)
        #expect(Self.mode(file) == 0o600)
        #expect(Self.mode(data + "/secrets") == 0o700 && Self.mode(data) == 0o700)
        // A second load reads the file it wrote.
        let (again, nothingMissing) = try ReceiverConfiguration.load(path: config, overrides: .init(dataDirectory: data), missingPasswordFile: .create)
        #expect(Self.password(again) == password && nothingMissing.missingPasswordFiles.isEmpty)
    }

    @Test func twoStartsMakeDifferentPasswords() throws {
        #expect(SecretFileContext.randomPassword() != SecretFileContext.randomPassword())
        #expect(SecretFileContext.randomPassword().allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    @Test func checkConfigReportsAndOtherLoadsRefuse() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.write(Self.config(dataDir: directory.path + "/data"), to: "config.json")
        let (_, secrets) = try ReceiverConfiguration.load(path: config, overrides: .init(), missingPasswordFile: .report)
        #expect(secrets.missingPasswordFiles.map(\.path) == [directory.path + "/data/secrets/synap-basic-password"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["config.json"])
        let error = #expect(throws: ConfigurationError.self) {
            try ReceiverConfiguration.load(path: config, overrides: .init(), missingPasswordFile: .fail)
        }
        #expect(error?.description == "routes[0].auth.credentials[0].passwordFile: cannot read \(directory.path)/data/secrets/synap-basic-password: no such file")
    }

    @Test func credentialsDirectoryIsExpandedForPasswordsAndSigningSecrets() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        _ = directory.write("from-systemd\n", to: "synap-basic-password")
        _ = directory.write("whsec_c2lnbmluZy1rZXk=", to: "lms-secret")
        let json = Self.config(dataDir: "/nonexistent", passwordFile: "${CREDENTIALS_DIRECTORY}/synap-basic-password", extraRoute: false)
            .replacingOccurrences(
                of: #""archive": { "type": "file", "path": "events.jsonl" }"#,
                with: #""archive": { "type": "forward", "url": "https://lms.example.edu/x", "signing": { "secretFile": "$CREDENTIALS_DIRECTORY/lms-secret" } }"#)
        let config = directory.write(json, to: "config.json")
        let context = SecretFileContext(dataDirectory: "/nonexistent", missingPasswordFile: .fail, environment: ["CREDENTIALS_DIRECTORY": directory.path])
        let configuration = try context.bind { () throws(ConfigurationError) in try ReceiverConfiguration.load(path: config) }
        #expect(Self.password(configuration) == Array("from-systemd".utf8))
        guard let forward = configuration.handlers[0].type as? ForwardHandlerType else { Issue.record("not forward"); return }
        #expect(forward.settings.signer != nil && forward.leftOut.isEmpty)

        let unset = SecretFileContext(dataDirectory: "/nonexistent", missingPasswordFile: .fail, environment: [:])
        let error = #expect(throws: ConfigurationError.self) { try unset.bind { () throws(ConfigurationError) in try ReceiverConfiguration.load(path: config) } }
        #expect(error?.description == "handlers.archive.signing.secretFile: names $CREDENTIALS_DIRECTORY, which is not set (systemd sets it for a unit with LoadCredential=)")
        // check-config outside systemd: noted, not checked, not fatal.
        let report = SecretFileContext(dataDirectory: "/nonexistent", missingPasswordFile: .report, environment: [:])
        _ = try report.bind { () throws(ConfigurationError) in try ReceiverConfiguration.load(path: config) }
        #expect(report.warnings.contains { $0.message.hasPrefix("routes[0].auth.credentials[0].passwordFile: ${CREDENTIALS_DIRECTORY}/synap-basic-password is read from the directory systemd gives") })
    }

    @Test func aMissingSystemdCredentialIsAnErrorNotAFileToCreate() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.write(Self.config(dataDir: directory.path, passwordFile: "${CREDENTIALS_DIRECTORY}/absent", extraRoute: false), to: "config.json")
        let context = SecretFileContext(dataDirectory: directory.path, missingPasswordFile: .create, environment: ["CREDENTIALS_DIRECTORY": directory.path + "/credentials"])
        let error = #expect(throws: ConfigurationError.self) { try context.bind { () throws(ConfigurationError) in try ReceiverConfiguration.load(path: config) } }
        #expect(error?.description == "routes[0].auth.credentials[0].passwordFile: cannot read \(directory.path)/credentials/absent")
        #expect(context.missingPasswordFiles.isEmpty)
    }

    @Test func otherVariablesAreNotExpanded() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.write(Self.config(dataDir: directory.path, passwordFile: "${HOME}/pw", extraRoute: false), to: "config.json")
        let error = #expect(throws: ConfigurationError.self) {
            try ReceiverConfiguration.load(path: config, overrides: .init(), missingPasswordFile: .create)
        }
        #expect(error?.description == "routes[0].auth.credentials[0].passwordFile: only ${CREDENTIALS_DIRECTORY} is expanded in a secret file path, not \"${HOME}/pw\"")
    }

    @Test func serveCreatesThePasswordFilePrivatelyWhateverTheUmaskAndLogsWhere() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.write(Self.config(dataDir: directory.path + "/data"), to: "config.json")
        // umask 277 takes the owner's own bits away: only an explicit chmod gives 0600 and 0700.
        let receiver = try ReceiverProcess(["serve", "--config", config], launcher: ["/bin/sh", "-c", "umask 277 && exec \"$@\"", "sh"])
        defer { receiver.signal(SIGKILL) }
        let port = try #require(receiver.listeningPort(), "stderr: \(receiver.standardError)")
        let file = directory.path + "/data/secrets/synap-basic-password"
        let password = try #require(try? String(contentsOfFile: file, encoding: .utf8))
        #expect(Self.mode(file) == 0o600)
        #expect(Self.mode(directory.path + "/data/secrets") == 0o700)
        #expect(receiver.standardError.contains("msg=\"created a password file with a random password"))
        #expect(receiver.standardError.contains("path=\(file)"))
        #expect(!receiver.standardError.contains(password))
        let client = HTTPTestClient(port: port)
        let body = SampleEvents.body(for: .attemptCompleted)
        #expect(try await client.post("/webhooks/attempt-completed", body: body).status == 401)
        let token = Data("synap:\(password)".utf8).base64EncodedString()
        let accepted = try await client.post("/webhooks/attempt-completed", body: body, headers: ["Authorization": "Basic \(token)", "Content-Type": "application/json"])
        #expect(accepted.status == 200)
        receiver.signal(SIGTERM)
        #expect(receiver.waitForExit() == 0)
    }
}
