import Checksums
import Foundation
import JSONSyntax
import SynapEvents
import Testing
@testable import Receiver

/// The suppression list (`dataDir/erasure/suppressed`): keyed hashes only, written privately and
/// atomically, matched on the learner's email or user id; and on a running receiver, events
/// about a listed learner are acknowledged but neither stored nor dispatched.
@Suite(.serialized) struct SuppressionTests {
    static let identifiers = KeyedIdentifierHash(key: Array(repeating: 3, count: 32))

    @Test func addListsOnlyAKeyedHashInAPrivateFileAndMatchesEmailsAndIdsWhateverTheirCase() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let list = try SuppressionList(dataDirectory: directory.path, identifiers: Self.identifiers)
        #expect(!list.contains(email: "ada@example.edu", userId: "7dNGUkKit2O"))
        #expect(try list.add(" Ada@Example.edu "))
        #expect(try !list.add("ada@example.edu"), "listed already")
        #expect(list.contains(email: "ADA@example.edu", userId: nil))
        #expect(list.contains(email: nil, userId: nil) == false)
        #expect(!list.contains(email: "grace@example.edu", userId: "7dNGUkKit2O"))
        try list.add("7dNGUkKit2O")
        #expect(list.contains(email: "grace@example.edu", userId: "7dNGUkKit2O"))
        // A route that hashes user.email at intake hands over the very hash the list holds.
        #expect(list.contains(email: Self.identifiers.hash("ada@example.edu"), userId: nil))

        let file = SuppressionList.path(dataDirectory: directory.path)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text == [Self.identifiers.hash("ada@example.edu"), Self.identifiers.hash("7dNGUkKit2O")].sorted().map { $0 + "\n" }.joined())
        #expect(!text.lowercased().contains("ada") && !text.contains("7dNG"))
        #expect(PasswordFileTests.mode(file) == 0o600)
        #expect(PasswordFileTests.mode(directory.path + "/erasure") == 0o700)
        #expect(!FileManager.default.fileExists(atPath: file + ".tmp"))
        let reopened = try SuppressionList(dataDirectory: directory.path, identifiers: Self.identifiers)
        #expect(reopened.count == 2 && reopened.contains(email: "ada@example.edu", userId: nil))
    }

    /// Beyond the summary's learner: an email anywhere, a user id (userId, or id / objectId of
    /// the body, a user, a planter, previous values), in bodies that decode and bodies that do
    /// not; names, other strings and other things' ids never.
    @Test func identifiersAnywhereInTheBodyAreMatchedNamesAreNot() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let list = try SuppressionList(dataDirectory: directory.path, identifiers: Self.identifiers)
        try list.add("ada@example.edu")
        try list.add("7dNGUkKit2O")
        func body(_ text: String) throws -> JSONValue { try JSONValue(parsing: Array(text.utf8)) }
        #expect(!list.contains(nil, body: try body(#"{"user": {"name": "Ada Lovelace", "email": "grace@example.edu"}}"#)))
        #expect(list.contains(nil, body: try body(#"{"planter": {"email": " ADA@example.edu "}}"#)))
        #expect(list.contains(nil, body: try body(#"{"previousValues": [{"objectId": "7dNGUkKit2O"}]}"#)))
        #expect(list.contains(nil, body: try body(#"{"attempt": {"userId": "7dnGUKKit2o"}}"#)), "ids are compared as every keyed hash is")
        #expect(!list.contains(nil, body: try body(#"{"title": "7dNGUkKit2O", "name": "ada"}"#)), "an id only where an id belongs")
        #expect(!list.contains(nil, body: try body(#"{"attempt": {"state": {"responseQuestionMap": [{"id": "7dNGUkKit2O"}]}}}"#)),
                "the ids of questions, tests and attempts are not a learner's, and are not hashed")
        let decoys = (0..<SuppressionList.identifierLimit).map { #"{"objectId": "x\#($0)"}"# }.joined(separator: ",")
        #expect(SuppressionList.identifiers(in: try body(#"{"previousValues": [\#(decoys)], "email": "ada@example.edu"}"#)).count == SuppressionList.identifierLimit)
        let questions = (0..<1000).map { #"{"id": "q\#($0)"}"# }.joined(separator: ",")
        #expect(SuppressionList.identifiers(in: try body(#"{"user": {"id": "u1"}, "questions": [\#(questions)]}"#)) == ["u1"])
        #expect(SuppressionList.identifiers(in: try body(#"{"a": "ada@example.edu", "b": ["ada@example.edu"], "id": "7"}"#)) == ["ada@example.edu", "7"])
    }

    @Test func reloadReadsTheFileAsItIsNowAndNamesBadLinesWithoutQuotingThem() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let running = try SuppressionList(dataDirectory: directory.path, identifiers: Self.identifiers)
        let eraser = try SuppressionList(dataDirectory: directory.path, identifiers: Self.identifiers)
        try eraser.add("ada@example.edu")
        #expect(!running.contains(email: "ada@example.edu", userId: nil))
        #expect(running.reload().isEmpty)
        #expect(running.contains(email: "ada@example.edu", userId: nil))
        let file = SuppressionList.path(dataDirectory: directory.path)
        try (String(contentsOfFile: file, encoding: .utf8) + "# a comment\n\ngrace@example.edu\n").write(toFile: file, atomically: true, encoding: .utf8)
        let warnings = running.reload()
        #expect(warnings == ["\(file) line 4 is not a keyed hash (64 hex digits) and is ignored"])
        #expect(running.count == 1)
        #expect(!running.contains(email: "grace@example.edu", userId: nil), "an identifier in clear is not a hash")
    }

    static func config(dataDir: String) -> String {
        """
        { "server": { "host": "127.0.0.1", "port": 0 }, "dataDir": "\(dataDir)",
          "handlers": { "archive": { "type": "file", "path": "events.jsonl" }, "console": { "type": "log" } },
          "routes": [ { "path": "/webhooks/attempt-completed", "event": "attempt.completed", "handlers": ["archive", "console"] } ] }
        """
    }

    static let ada = SampleEvents.body(for: .attemptCompleted)
    static func grace(_ attempt: String = "grace-1") -> String {
        ada.replacingOccurrences(of: "ada@example.edu", with: "grace@example.edu").replacingOccurrences(of: "7dNGUkKit2O", with: "gRaCe0001")
            .replacingOccurrences(of: "kP4s9WcR2tX", with: attempt)
    }

    @Test func eventsAboutASuppressedLearnerAreAcknowledgedNotStoredAndCounted() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.path + "/data"
        let runtime = try ReceiverRuntime.start(try ReceiverConfiguration.load(path: directory.write(Self.config(dataDir: data), to: "config.json")))
        let client = HTTPTestClient(port: runtime.port)
        try runtime.suppression.add("7dNGUkKit2O")  // by user id: the email is matched the same way
        let suppressed = try await client.post("/webhooks/attempt-completed", body: Self.ada)
        #expect(suppressed.status == 200)
        #expect(suppressed.body == #"{"status":"suppressed"}"#)
        let kept = try await client.post("/webhooks/attempt-completed", body: Self.grace())
        #expect(kept.body.contains("\"accepted\""))
        let file = data + "/events.jsonl"
        #expect(await OperationsTests.eventually { ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").contains("grace@example.edu") })
        #expect(runtime.renderMetrics().contains(#"synap_events_suppressed_total{route="/webhooks/attempt-completed"} 1"#))
        #expect(runtime.renderMetrics().contains(#"synap_events_accepted_total{route="/webhooks/attempt-completed",kind="attempt.completed"} 1"#))
        runtime.stop(grace: 1)
        runtime.engine.index?.flush()
        let scan = DataDirectoryScan(data)
        #expect(scan.files(containing: "ada@example.edu").isEmpty, "\(scan.files(containing: "ada@example.edu"))")
        #expect(scan.files(containing: "7dNGUkKit2O").isEmpty)
        #expect(!scan.files(containing: "grace@example.edu").isEmpty)
    }

    /// A body that does not decode would go to the quarantine, which erasure and retention
    /// reach but suppression did not: it is suppressed like any other, and nothing is kept.
    @Test func anEventThatWouldBeQuarantinedIsSuppressedToo() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.path + "/data"
        let runtime = try ReceiverRuntime.start(try ReceiverConfiguration.load(path: directory.write(Self.config(dataDir: data), to: "config.json")))
        let client = HTTPTestClient(port: runtime.port)
        try runtime.suppression.add("ada@example.edu")
        let misfit = #"{"user": {"email": "ada@example.edu", "name": "Ada Lovelace"}, "attempt": 5}"#
        #expect(try await client.post("/webhooks/attempt-completed", body: misfit).body == #"{"status":"suppressed"}"#)
        let other = misfit.replacingOccurrences(of: "ada@", with: "grace@")
        #expect(try await client.post("/webhooks/attempt-completed", body: other).body.contains("quarantined"), "the misfit is quarantined when not suppressed")
        runtime.stop(grace: 1)
        runtime.engine.index?.flush()
        let scan = DataDirectoryScan(data)
        #expect(scan.files(containing: "ada@example.edu").isEmpty, "\(scan.files(containing: "ada@example.edu"))")
        #expect(!scan.files(containing: "grace@example.edu").isEmpty)
    }

    @Test func aReloadPicksUpALearnerListedOnDisk() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.path + "/data"
        let config = directory.write(Self.config(dataDir: data), to: "config.json")
        let runtime = try ReceiverRuntime.start(try ReceiverConfiguration.load(path: config))
        defer { runtime.stop(grace: 1) }
        let client = HTTPTestClient(port: runtime.port)
        // Listed by another process (an erase with --config run earlier would do this).
        try SuppressionList(dataDirectory: data, identifiers: KeyedIdentifierHash.loadOrCreate(dataDirectory: data)).add("grace@example.edu")
        #expect(try await client.post("/webhooks/attempt-completed", body: Self.grace("g1")).body.contains("\"accepted\""))
        runtime.reload(try ReceiverConfiguration.load(path: config))
        #expect(try await client.post("/webhooks/attempt-completed", body: Self.grace("g2")).body == #"{"status":"suppressed"}"#)
    }

    @Test func theLogSaysWhichRouteAndRequestButNotWhichLearner() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.path + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try SuppressionList(dataDirectory: data, identifiers: KeyedIdentifierHash.loadOrCreate(dataDirectory: data)).add("ADA@example.edu")
        let receiver = try ReceiverProcess(["serve", "--config", directory.write(Self.config(dataDir: data), to: "config.json")])
        defer { receiver.signal(SIGKILL) }
        let port = try #require(receiver.listeningPort(), "stderr: \(receiver.standardError)")
        let response = try await HTTPTestClient(port: port).post("/webhooks/attempt-completed", body: Self.ada)
        #expect(response.body == #"{"status":"suppressed"}"#)
        let requestID = try #require(response.headers["x-request-id"])
        #expect(receiver.waitFor { $0.standardError.contains("suppressed learner") })
        let line = try #require(receiver.standardError.split(separator: "\n").first { $0.contains("suppressed learner") })
        #expect(line.contains("route=/webhooks/attempt-completed") && line.contains("requestId=\(requestID)"))
        receiver.signal(SIGTERM)
        #expect(receiver.waitForExit() == 0)
        for identifier in ["ada@example.edu", "7dNGUkKit2O", "Ada Lovelace"] {
            #expect(!receiver.standardError.contains(identifier) && !receiver.standardOutput.contains(identifier), "\(identifier) logged")
        }
    }
}
