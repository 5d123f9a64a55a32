import Delivery
import Foundation
import Testing
@testable import Receiver

/// The console's Learners page: an operator finds a learner by email, sees the counts of a dry
/// run, confirms, and the learner is erased; an export is a download. The identifier never
/// appears in a URL or the audit log.
@Suite(.serialized) struct ConsoleLearnersTests {
    typealias Console = ConsolePagesTests.Console

    /// Waits until the archive file holds `count` lines.
    static func waitForArchive(_ console: Console, lines count: Int) async -> String {
        var text = ""
        for _ in 0..<1000 {
            text = (try? String(contentsOfFile: console.directory.path + "/data/events.jsonl", encoding: .utf8)) ?? ""
            if text.split(separator: "\n").count == count { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return text
    }

    @Test func anOperatorFindsConfirmsAndErasesALearner() async throws {
        let console = try Console()
        defer { console.stop() }
        _ = try await console.post(email: "ada@example.edu", name: "Ada Lovelace", attempt: "attemptAda1")
        _ = try await console.post(email: "ada@example.edu", name: "Ada Lovelace", attempt: "attemptAda2")
        let grace = try await console.post(email: "grace@example.edu", name: "Grace Hopper", attempt: "attemptGrace")
        #expect(await console.waitForDeadLetters(3))
        #expect(await console.waitForEvents(3))
        #expect(await Self.waitForArchive(console, lines: 3).split(separator: "\n").count == 3)

        // A viewer sees the page but no form; posts need an operator's session and its token.
        let viewed = try console.get("/learners")
        #expect(viewed.status == 200)
        #expect(!viewed.body.contains("action=\"/learners/find\""))
        let session = try console.login("ops", "operator-secret")
        #expect(try console.get("/learners", session: session).body.contains("action=\"/learners/find\""))
        let forged = try console.postForm("/learners/erase", [("user", "ada@example.edu"), ("confirmed", "1")], session: session)
        #expect(forged.status == 403)

        // Finding is a dry run: the counts per store and a confirmation, nothing changed.
        let found = try console.postForm("/learners/find", [("csrf", session.csrf), ("user", "ada@example.edu")], session: session)
        #expect(found.status == 200, "\(found.header("location") ?? "")")
        #expect(found.body.contains("<tr><td>Events in the journal</td><td class=\"number\">2</td></tr>"))
        #expect(found.body.contains("<tr><td>of them dead letters</td><td class=\"number\">2</td></tr>"))
        #expect(found.body.contains("<tr><td>Lines in file sink files</td><td class=\"number\">2</td></tr>"))
        #expect(found.body.contains("Already delivered by archive (2 events)"))
        #expect(found.body.contains("name=\"expected\" value=\"4\""))
        #expect(found.body.contains("Erase 2 events and 2 file lines"))
        #expect(console.runtime.engine.events(EventQuery(limit: 10)).events.count == 3)

        // Erasing without the confirmation does nothing.
        let unconfirmed = try console.postForm("/learners/erase", [("csrf", session.csrf), ("user", "ada@example.edu")], session: session)
        #expect(unconfirmed.status == 303)
        #expect(console.runtime.engine.events(EventQuery(limit: 10)).events.count == 3)

        let erased = try console.postForm(
            "/learners/erase", [("csrf", session.csrf), ("user", "ada@example.edu"), ("confirmed", "1"), ("expected", "4")], session: session)
        #expect(erased.status == 303)
        let location = try #require(erased.header("location"))
        #expect(location.hasPrefix("/learners?notice="))
        #expect(!location.contains("ada"))
        let notice = try console.get(location, session: session)
        #expect(notice.body.contains("Erased: 2 events (2 dead letters, 0 quarantined) and 2 file sink lines"), "\(notice.body)")
        #expect(!notice.body.contains("ada@example.edu"))

        let left = console.runtime.engine.events(EventQuery(limit: 10)).events
        #expect(left.map(\.entry.id.description) == [grace])
        let archive = try String(contentsOfFile: console.directory.path + "/data/events.jsonl", encoding: .utf8)
        #expect(!archive.contains("ada@example.edu") && !archive.contains("Ada Lovelace"))
        #expect(archive.contains("grace@example.edu"))
        #expect(console.runtime.engine.summary().0.deadLetters == 1)

        // Audited with a keyed hash: the audit log's bytes never hold the identifier.
        let actions = console.audit().map(\.action)
        #expect(actions.contains("erase.dry-run") && actions.contains("erase"))
        #expect(console.audit().last { $0.action == "erase" }?.count == 4)
        let auditBytes = try String(contentsOfFile: console.directory.path + "/data/audit.jsonl", encoding: .utf8)
        #expect(!auditBytes.contains("ada@example.edu"))

        // Erasing again finds nothing and offers to run onErase anyway.
        let again = try console.postForm("/learners/find", [("csrf", session.csrf), ("user", "ada@example.edu")], session: session)
        #expect(again.body.contains("Nothing is held about this learner"))
    }

    @Test func anExportIsADownloadOfTheLearnersEvents() async throws {
        let console = try Console()
        defer { console.stop() }
        _ = try await console.post(email: "ada@example.edu", name: "Ada Lovelace", attempt: "attemptAda1")
        let grace = try await console.post(email: "grace@example.edu", name: "Grace Hopper", attempt: "attemptGrace")
        #expect(await console.waitForEvents(2))
        let session = try console.login("ops", "operator-secret")
        let exported = try console.postForm("/learners/export", [("csrf", session.csrf), ("user", "grace@example.edu")], session: session)
        #expect(exported.status == 200)
        #expect(exported.header("content-disposition")?.hasPrefix("attachment") == true)
        #expect(exported.header("content-type") == "application/x-ndjson")
        let lines = exported.body.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains(grace) == true)
        #expect(!exported.body.contains("ada@example.edu"))
        #expect(console.audit().last?.action == "export")

        let empty = try console.postForm("/learners/find", [("csrf", session.csrf), ("user", "  ")], session: session)
        #expect(empty.status == 303)
        #expect(try console.get(try #require(empty.header("location")), session: session).body.contains("user: give a user id or an email."))
    }
}
