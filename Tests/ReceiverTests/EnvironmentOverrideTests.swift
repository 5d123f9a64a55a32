import Foundation
import SynapEvents
import Testing
@testable import Receiver

/// SYNAP_WEBHOOKS_CONFIG, _HOST, _PORT and _DATA_DIR override the file, and the command line
/// overrides them, as containers expect; a bad value is an error naming the variable.
@Suite struct EnvironmentOverrideTests {
    static let environment = [
        "SYNAP_WEBHOOKS_CONFIG": "/etc/synap-webhooks/config.json", "SYNAP_WEBHOOKS_HOST": "0.0.0.0",
        "SYNAP_WEBHOOKS_PORT": "9000", "SYNAP_WEBHOOKS_DATA_DIR": "/var/lib/synap-webhooks",
    ]

    @Test(arguments: [CommandTable.serve, CommandTable.checkConfig])
    func variablesStandInForAbsentOptions(command: CommandSpec) throws {
        let options = try CommandArguments([], for: command, environment: Self.environment)
        #expect(options.value("--config") == "/etc/synap-webhooks/config.json")
        #expect(options.source("--config") == "SYNAP_WEBHOOKS_CONFIG")
        let overrides = ReceiverConfiguration.Overrides(options)
        #expect(overrides.host == "0.0.0.0")
        #expect(overrides.port == 9000)
        #expect(overrides.dataDirectory == "/var/lib/synap-webhooks")
    }

    @Test func theCommandLineWinsAndAnEmptyVariableCountsAsUnset() throws {
        var environment = Self.environment
        environment["SYNAP_WEBHOOKS_HOST"] = ""
        let options = try CommandArguments(["--port", "8081", "/tmp/other.json"], for: CommandTable.checkConfig, environment: environment)
        #expect(options.integer("--port") == 8081)
        #expect(options.value("--config") == "/tmp/other.json")
        #expect(options.value("--host") == nil)
        #expect(options.value("--data-dir") == "/var/lib/synap-webhooks")
    }

    @Test(arguments: [
        ("SYNAP_WEBHOOKS_PORT", "http", "SYNAP_WEBHOOKS_PORT must be a whole number from 0 to 65535, not \"http\""),
        ("SYNAP_WEBHOOKS_PORT", "65536", "SYNAP_WEBHOOKS_PORT must be a whole number from 0 to 65535, not \"65536\""),
        ("SYNAP_WEBHOOKS_HOST", "0.0.0.0 8080", "SYNAP_WEBHOOKS_HOST must be an IP address or host name, not \"0.0.0.0 8080\""),
    ])
    func aBadValueIsAnErrorNamingTheVariable(variable: String, value: String, message: String) {
        let error = #expect(throws: UsageError.self) { try CommandArguments([], for: CommandTable.serve, environment: [variable: value]) }
        #expect(error?.message == message)
        // Given on the command line instead, the same value is not looked at.
        let option = variable == "SYNAP_WEBHOOKS_PORT" ? ["--port", "1"] : ["--host", "::"]
        #expect(throws: Never.self) { try CommandArguments(option, for: CommandTable.serve, environment: [variable: value]) }
    }

    @Test func aMissingConfigurationNamesTheVariableToo() {
        let options = try! CommandArguments([], for: CommandTable.serve, environment: [:])
        let error = #expect(throws: UsageError.self) { try options.required("--config") }
        #expect(error?.message == "--config is required (or set SYNAP_WEBHOOKS_CONFIG)")
    }

    @Test func serveRunsFromTheEnvironmentAlone() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.write(EndToEndTests.config(dataDir: "/nonexistent/never-used"), to: "config.json")
        let receiver = try ReceiverProcess(["serve"], environment: [
            "SYNAP_WEBHOOKS_CONFIG": config, "SYNAP_WEBHOOKS_HOST": "127.0.0.1", "SYNAP_WEBHOOKS_PORT": "0",
            "SYNAP_WEBHOOKS_DATA_DIR": directory.path + "/from-environment",
        ])
        defer { receiver.signal(SIGTERM) }
        let port = try #require(receiver.listeningPort(), "stderr: \(receiver.standardError)")
        let response = try await HTTPTestClient(port: port).post("/webhooks/exam-started", body: SampleEvents.body(for: .examStarted))
        #expect(response.status == 200)
        #expect(receiver.waitFor { _ in directory.read("from-environment/events/exam.started.jsonl") != nil })
        receiver.signal(SIGTERM)
        #expect(receiver.waitForExit() == 0)
    }

    @Test func serveRefusesABadVariableNamingIt() throws {
        let receiver = try ReceiverProcess(["serve", "--config", "/nonexistent.json"], environment: ["SYNAP_WEBHOOKS_PORT": "eighty"])
        #expect(receiver.waitForExit() == 2)
        #expect(receiver.standardError.contains("SYNAP_WEBHOOKS_PORT must be a whole number from 0 to 65535, not \"eighty\""))
    }
}
