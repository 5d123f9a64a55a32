import Foundation
import Testing
@testable import Receiver

/// `status --admin` and `replay --admin` send the credentials they are given, and say what to
/// give when they have none.
@Suite(.serialized) struct AdminCommandLineTests {
    @Test func statusAndReplaySendCredentials() throws {
        let receiver = try AdminRouteMatrixTests.Receiver()
        defer { receiver.stop() }
        let url = "http://127.0.0.1:\(receiver.client.port)"
        let clean = ["SYNAP_ADMIN_USER": "", "SYNAP_ADMIN_PASSWORD": "", "SYNAP_ADMIN_TOKEN": ""]

        let anonymous = try ReceiverProcess(["status", "--admin", url], environment: clean)
        #expect(anonymous.waitForExit(timeout: 20) == 1)
        #expect(anonymous.standardError.contains("the admin listener needs credentials: --admin-user USER"))

        var environment = clean
        environment["SYNAP_ADMIN_PASSWORD"] = "viewer-secret"
        let viewer = try ReceiverProcess(["status", "--admin", url, "--admin-user", "viewer", "--json"], environment: environment)
        #expect(viewer.waitForExit(timeout: 20) == 0)
        #expect(viewer.standardOutput.contains("\"deadLetters\":"))

        environment["SYNAP_ADMIN_PASSWORD"] = "wrong-secret"
        let wrong = try ReceiverProcess(["status", "--admin", url, "--admin-user", "viewer"], environment: environment)
        #expect(wrong.waitForExit(timeout: 20) == 1)
        #expect(wrong.standardError.contains("refused these credentials"))

        // A viewer may not replay; the operator's token file may.
        let passwordFile = receiver.directory.write("viewer-secret\n", to: "viewer-password")
        let refused = try ReceiverProcess(["replay", "--admin", url, "--admin-user", "viewer", "--admin-password-file", passwordFile], environment: clean)
        #expect(refused.waitForExit(timeout: 20) == 1)
        #expect(refused.standardError.contains("needs the operator role"))
        let tokenFile = receiver.directory.write("deploy-token-0123456789\n", to: "token")
        let replayed = try ReceiverProcess(["replay", "--admin", url, "--from", "dead-letters", "--admin-token-file", tokenFile], environment: clean)
        #expect(replayed.waitForExit(timeout: 20) == 0)
        #expect(replayed.standardOutput.contains("replayed 0 deliveries"))
        var tokenEnvironment = clean
        tokenEnvironment["SYNAP_ADMIN_TOKEN"] = "metrics-token-0123456789"
        let byEnvironment = try ReceiverProcess(["status", "--admin", url], environment: tokenEnvironment)
        #expect(byEnvironment.waitForExit(timeout: 20) == 0)
        let audit = Array(receiver.runtime.adminResponder!.gate.audit!.entries())
        #expect(audit.map(\.action) == ["auth.failed", "replay"])
        #expect(audit.last?.who == "token:deploy")
        #expect(audit.last?.selection["source"] == "dead-letters")
    }

    @Test func credentialOptionsAreCheckedBeforeSending() throws {
        let usage = try ReceiverProcess(["status", "--admin", "http://127.0.0.1:1", "--admin-password-file", "/nonexistent"], environment: ["SYNAP_ADMIN_USER": ""])
        #expect(usage.waitForExit(timeout: 20) == 2)
        #expect(usage.standardError.contains("--admin-password-file needs --admin-user"))
        let missing = try ReceiverProcess(["status", "--admin", "http://127.0.0.1:1", "--admin-token-file", "/nonexistent/token"])
        #expect(missing.waitForExit(timeout: 20) == 2)
        #expect(missing.standardError.contains("--admin-token-file: cannot read /nonexistent/token"))
    }
}
