import Foundation
import Testing
@testable import Receiver

/// `config.example.json` as the README's first run uses it: Basic auth on every route from one
/// password file under the data directory, an admin listener on loopback, the LMS forward
/// defined but on no route (so a fresh start is quiet).
@Suite struct ExampleConfigurationTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config.example.json").path

    @Test func everyRouteNeedsTheGeneratedPassword() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (configuration, secrets) = try ReceiverConfiguration.load(
            path: Self.path, overrides: .init(dataDirectory: directory.path), missingPasswordFile: .report)
        #expect(configuration.routes.allSatisfy { $0.auth?.credentials.map(\.username) == ["synap"] })
        let missing = secrets.missingPasswordFiles.sorted { $0.path < $1.path }
        #expect(missing.map(\.path) == [directory.path + "/secrets/admin-password", directory.path + "/secrets/synap-basic-password"])
        #expect(missing.last?.keys.count == configuration.routes.count)
        #expect(configuration.admin?.credentials.users.map(\.username) == ["admin"])
        #expect(configuration.admin?.host == "127.0.0.1" && configuration.admin?.port == 9090)
        #expect(configuration.handlers.contains { $0.name == "lms" })
        #expect(!configuration.routes.contains { $0.handlers.contains("lms") })
        #expect(HandlerFactory.warnings(for: configuration).allSatisfy { $0.severity == .notice })
    }

    /// Careful defaults: a copied example logs no learner's email or name in clear.
    @Test func everyLogHandlerMasksPersonalData() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (configuration, _) = try ReceiverConfiguration.load(
            path: Self.path, overrides: .init(dataDirectory: directory.path), missingPasswordFile: .report)
        let logHandlers = configuration.handlers.compactMap { ($0.type as? LogHandlerType)?.maskPersonalData }
        #expect(!logHandlers.isEmpty)
        #expect(logHandlers.allSatisfy { $0 }, "maskPersonalData: true on every log handler of config.example.json")
    }
}
