import Delivery
import Foundation
import SynapEvents
import Testing
@testable import Receiver

/// The console's pages rendered with real data by an in-process receiver: a file handler that
/// works, one whose file is a directory (so its deliveries die at the first try until the
/// test frees it), and the admin harness's users (`ops` operator, `viewer` viewer).
@Suite(.serialized) struct ConsolePagesTests {
    final class Console {
        let directory = TemporaryDirectory()
        let runtime: ReceiverRuntime
        let admin: AdminClient
        let webhooks: HTTPTestClient
        /// The blocked handler's file: a directory until `unblock()`.
        var blockedFile: String { directory.path + "/data/blocked.jsonl" }

        /// With `erp`, the route has a second blocked file handler (another path, so another reason).
        init(lmsRetry: String = #"{ "maxAttempts": 1 }"#, erp: Bool = false) throws {
            try FileManager.default.createDirectory(atPath: directory.path + "/data/blocked.jsonl", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: directory.path + "/data/erp.jsonl", withIntermediateDirectories: true)
            let json = """
                {
                  "server": { "host": "127.0.0.1", "port": 0 },
                  "admin": \(AdminHarness.defaultSection),
                  "dataDir": "\(directory.path)/data",
                  "log": { "level": "error" },
                  "handlers": {
                    "archive": { "type": "file", "path": "events.jsonl" },
                    "lms": { "type": "file", "path": "blocked.jsonl", "retry": \(lmsRetry) },
                    "erp": { "type": "file", "path": "erp.jsonl", "retry": { "maxAttempts": 1 } } },
                  "routes": [ { "path": "/webhooks/attempt-completed", "event": "attempt.completed", "handlers": ["archive", "lms"\(erp ? ", \"erp\"" : "")] } ]
                }
                """
            setenv("ADMIN_HARNESS_UNSET_OR_SET", "metrics-token-0123456789", 1)
            runtime = try ReceiverRuntime.start(try ReceiverConfiguration.load(path: directory.write(json, to: "config.json")))
            admin = AdminClient(port: runtime.adminServer!.port)
            webhooks = HTTPTestClient(port: runtime.port)
        }

        func stop() {
            runtime.stop(grace: 1)
            directory.remove()
        }

        func unblock() throws { try FileManager.default.removeItem(atPath: blockedFile) }

        var origin: String { "http://127.0.0.1:\(admin.port)" }

        /// Posts an attempt.completed for this learner; returns the event id.
        func post(email: String, name: String, attempt: String) async throws -> String {
            var body = SampleEvents.body(for: .attemptCompleted)
            body = body.replacingOccurrences(of: "ada@example.edu", with: email).replacingOccurrences(of: "Ada Lovelace", with: name)
                .replacingOccurrences(of: "kP4s9WcR2tX", with: attempt)
            let answer = try await webhooks.post("/webhooks/attempt-completed", body: body)
            #expect(answer.status == 200, "\(answer.body)")
            return try #require((try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])?["id"] as? String)
        }

        /// Waits until `count` deliveries are dead letters.
        func waitForDeadLetters(_ count: Int) async -> Bool {
            for _ in 0..<1000 {
                if runtime.engine.summary().0.deadLetters == count { return true }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return false
        }

        /// Waits until the index lists `count` events (it is written just after the 200).
        func waitForEvents(_ count: Int) async -> Bool {
            for _ in 0..<1000 {
                if runtime.engine.events(EventQuery(limit: 500)).events.count == count { return true }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return false
        }

        func get(_ path: String, as user: (String, String) = ("viewer", "viewer-secret")) throws -> AdminClient.Response {
            try admin.send("GET", path, headers: [AdminClient.basic(user.0, user.1)])
        }

        func get(_ path: String, session: (cookie: String, csrf: String)) throws -> AdminClient.Response {
            try admin.send("GET", path, headers: [("Cookie", session.cookie)])
        }

        /// A browser's form post: session cookie, same Origin, the fields url-encoded.
        func postForm(_ path: String, _ fields: [(String, String)], session: (cookie: String, csrf: String)) throws -> AdminClient.Response {
            let body = fields.map { "\($0.0)=\(FormFields.encode($0.1))" }.joined(separator: "&")
            return try admin.send(
                "POST", path, headers: [("Cookie", session.cookie), ("Origin", origin), ("Content-Type", "application/x-www-form-urlencoded")], body: body)
        }

        /// Logs in through the form; the session cookie and its CSRF token (read off a page).
        func login(_ username: String, _ password: String) throws -> (cookie: String, csrf: String) {
            let form = try admin.send("GET", "/login")
            let loginCookie = try #require(form.setCookie(AdminCookies.loginTokenName)?.split(separator: ";").first.map(String.init))
            let token = String(loginCookie.dropFirst(AdminCookies.loginTokenName.count + 1))
            let posted = try admin.send(
                "POST", "/login", headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Origin", origin), ("Cookie", loginCookie)],
                body: "username=\(username)&password=\(password)&csrf=\(token)&next=%2F")
            let cookie = try #require(posted.setCookie(AdminCookies.sessionName)?.split(separator: ";").first.map(String.init), "login: \(posted.status)")
            let page = try admin.send("GET", "/", headers: [("Cookie", cookie)])
            return (cookie, try #require(Self.csrf(in: page.body)))
        }

        static func csrf(in html: String) -> String? {
            html.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression).map {
                String(html[$0].dropFirst(#"name="csrf" value=""#.count).dropLast())
            }
        }

        func audit() -> [AuditEntry] { Array(runtime.adminResponder!.gate.audit!.entries()) }
    }

    /// The table part of a page (the search box repeats the term in clear).
    static func rows(_ html: String) -> String {
        guard let start = html.range(of: "<tbody>"), let end = html.range(of: "</tbody>", range: start.upperBound..<html.endIndex) else { return "" }
        return String(html[start.upperBound..<end.lowerBound])
    }

    @Test func theEventsPageListsPostedEventsAndFindsOneByEmail() async throws {
        let console = try Console()
        defer { console.stop() }
        let ada = try await console.post(email: "ada@example.edu", name: "Ada Lovelace", attempt: "attemptAda1")
        let grace = try await console.post(email: "grace@example.edu", name: "Grace Hopper", attempt: "attemptGrace")
        #expect(await console.waitForDeadLetters(2))
        #expect(await console.waitForEvents(2))

        let all = try console.get("/events")
        #expect(all.status == 200)
        #expect(all.header("content-type")?.hasPrefix("text/html") == true)
        let listed = Self.rows(all.body)
        #expect(listed.contains(ada) && listed.contains(grace))
        #expect(listed.range(of: grace)!.lowerBound < listed.range(of: ada)!.lowerBound, "newest first")
        #expect(listed.contains("g***@example.edu") && !listed.contains("grace@example.edu"), "learners are masked in the list")
        #expect(listed.contains("archive: delivered") && listed.contains("lms: dead"))

        let found = try console.get("/events?q=Grace%40Example.edu")
        #expect(Self.rows(found.body).contains(grace))
        #expect(!Self.rows(found.body).contains(ada))
        #expect(try Self.rows(console.get("/events?q=attemptAda1").body).contains(ada), "by attempt id")
        #expect(try Self.rows(console.get("/events?q=\(ada)").body).contains(ada), "by event id")
        #expect(try !Self.rows(console.get("/events?state=retrying").body).contains(ada))
        #expect(try Self.rows(console.get("/events?state=dead&handler=lms").body).contains(ada))
        // A search names a learner: audited as a keyed hash, never the term.
        let searches = console.audit().filter { $0.action == "events.search" }
        #expect(searches.count == 3)
        let auditText = try String(contentsOfFile: console.runtime.adminResponder!.gate.audit!.path, encoding: .utf8)
        #expect(!auditText.lowercased().contains("grace@example.edu"))
        // A filter the API refuses is refused here, naming the field, not a 500.
        let bad = try console.get("/events?state=lost")
        #expect(bad.status == 400)
        #expect(bad.body.contains("state: must be one of"))
    }

    @Test func pagesStayTheSameWhileEventsArrive() async throws {
        let console = try Console()
        defer { console.stop() }
        var ids: [String] = []
        for index in 0..<3 { ids.append(try await console.post(email: "l\(index)@example.edu", name: "Learner \(index)", attempt: "attempt\(index)")) }
        #expect(await console.waitForEvents(3))
        let first = try console.get("/events?limit=2")
        #expect(Self.rows(first.body).contains(ids[2]) && Self.rows(first.body).contains(ids[1]) && !Self.rows(first.body).contains(ids[0]))
        let older = try #require(first.body.range(of: #"rel="next" href="([^"]+)""#, options: .regularExpression).map {
            String(first.body[$0].dropFirst(#"rel="next" href=""#.count).dropLast()).replacingOccurrences(of: "&amp;", with: "&")
        })
        #expect(older.contains("before=\(ids[1])"))
        let newcomer = try await console.post(email: "late@example.edu", name: "Late Comer", attempt: "attemptLate")
        #expect(await console.waitForEvents(4))
        let second = Self.rows(try console.get(older).body)
        #expect(second.contains(ids[0]) && !second.contains(newcomer) && !second.contains(ids[1]))
    }

    @Test func theEventPageMasksTheLearnerUntilRevealedAndAuditsTheReveal() async throws {
        let console = try Console()
        defer { console.stop() }
        let id = try await console.post(email: "grace@example.edu", name: "Grace <b>Hopper</b>", attempt: "attemptGrace")
        #expect(await console.waitForDeadLetters(1))
        #expect(await console.waitForEvents(1))
        let masked = try console.get("/events/\(id)")
        #expect(masked.status == 200)
        #expect(masked.body.contains("g***@example.edu"))
        #expect(!masked.body.contains("grace@example.edu"))
        #expect(masked.body.contains("reveal=1"))
        #expect(masked.body.contains("Is a directory"), "the dead delivery's error")
        #expect(masked.body.contains("<span class=\"badge dead\">dead</span>"))
        #expect(console.audit().isEmpty)
        let revealed = try console.get("/events/\(id)?reveal=1")
        #expect(revealed.body.contains("grace@example.edu"))
        #expect(revealed.body.contains("Grace &lt;b&gt;Hopper&lt;/b&gt;") && !revealed.body.contains("<b>Hopper"), "escaped")
        let reveals = console.audit().filter { $0.action == "event.reveal" }
        #expect(reveals.count == 1)
        #expect(reveals.first?.who == "viewer")
        #expect(reveals.first?.selection["id"] == .text(id))
        #expect(try console.get("/events/0123456789abcdef").status == 404)
        #expect(try console.get("/events/not-an-id").status == 404)
    }

    @Test func aViewerSeesNoButtonsAndAViewersPostIsRefused() async throws {
        let console = try Console()
        defer { console.stop() }
        let id = try await console.post(email: "ada@example.edu", name: "Ada Lovelace", attempt: "attemptAda1")
        #expect(await console.waitForDeadLetters(1))
        #expect(await console.waitForEvents(1))
        let viewer = try console.login("viewer", "viewer-secret")
        for path in ["/events/\(id)", "/dead-letters"] {
            let page = try console.get(path, session: viewer)
            #expect(page.status == 200)
            #expect(!page.body.contains("/replay\""), "\(path) shows a replay form to a viewer")
            #expect(!page.body.contains("/resolve\""))
        }
        try console.unblock()
        let refused = try console.postForm("/events/\(id)/replay", [("csrf", viewer.csrf), ("handler", "lms")], session: viewer)
        #expect(refused.status == 403)
        #expect(try console.get("/dead-letters/confirm?action=replay", session: viewer).status == 403)
        #expect(try console.postForm("/dead-letters/replay", [("csrf", viewer.csrf), ("id", id), ("handler", "lms")], session: viewer).status == 403)
        try await Task.sleep(for: .milliseconds(100))
        #expect(console.runtime.engine.summary().0.deadLetters == 1, "nothing was replayed")
        let operatorSession = try console.login("ops", "operator-secret")
        let page = try console.get("/events/\(id)", session: operatorSession)
        #expect(page.body.contains("action=\"/events/\(id)/replay\""))
        #expect(page.body.contains("name=\"csrf\" value=\"\(operatorSession.csrf)\""))
    }

    @Test func anOperatorReplaysFromTheEventPageAndReturnsToItWithANotice() async throws {
        let console = try Console()
        defer { console.stop() }
        let id = try await console.post(email: "ada@example.edu", name: "Ada Lovelace", attempt: "attemptAda1")
        #expect(await console.waitForDeadLetters(1))
        let session = try console.login("ops", "operator-secret")
        try console.unblock()
        // Without the token the form is refused and nothing happens.
        let forged = try console.postForm("/events/\(id)/replay", [("handler", "lms")], session: session)
        #expect(forged.status == 403)
        #expect(console.runtime.engine.summary().0.deadLetters == 1)
        let posted = try console.postForm("/events/\(id)/replay", [("csrf", session.csrf), ("handler", "lms")], session: session)
        #expect(posted.status == 303)
        let location = try #require(posted.header("location"))
        #expect(location.hasPrefix("/events/\(id)?notice="))
        #expect(console.runtime.engine.summary().0.deadLetters == 0)
        let back = try console.get(location, session: session)
        #expect(back.body.contains("Replay: replayed 1 deliveries"))
        // The notice is its owner's alone.
        #expect(try !console.get(location).body.contains("Replay: replayed"))
        var delivered = false
        for _ in 0..<500 where !delivered {
            delivered = ((try? String(contentsOfFile: console.blockedFile, encoding: .utf8)) ?? "").contains(id)
            if !delivered { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(delivered)
        let replays = console.audit().filter { $0.action == "event.replay" }
        #expect(replays.map(\.who) == ["ops"])
        #expect(replays.first?.count == 1)
        #expect(replays.first?.via == "session")
    }

    @Test func replayingEveryMatchGoesThroughAConfirmationThatStatesTheCount() async throws {
        let console = try Console()
        defer { console.stop() }
        for index in 0..<3 { _ = try await console.post(email: "l\(index)@example.edu", name: "Learner \(index)", attempt: "attempt\(index)") }
        #expect(await console.waitForDeadLetters(3))
        let session = try console.login("ops", "operator-secret")
        let list = try console.get("/dead-letters", session: session)
        #expect(list.body.contains("3 dead letters in all"))
        #expect(list.body.contains("Is a directory"))
        #expect(list.body.contains("<td class=\"number\">3</td>"), "the count of the one reason")
        let confirmation = try console.get("/dead-letters/confirm?action=replay&handler=lms", session: session)
        #expect(confirmation.status == 200)
        #expect(confirmation.body.contains("This will replay <strong>3 dead letters (3 events)</strong>"))
        #expect(confirmation.body.contains("name=\"expected\" value=\"3\""))
        // A bulk post that skipped the confirmation is sent to it, and nothing happens.
        let unconfirmed = try console.postForm("/dead-letters/replay", [("csrf", session.csrf), ("handler", "lms")], session: session)
        #expect(unconfirmed.status == 303)
        #expect(unconfirmed.header("location") == "/dead-letters/confirm?action=replay&handler=lms")
        #expect(console.runtime.engine.summary().0.deadLetters == 3)
        try console.unblock()
        let confirmed = try console.postForm(
            "/dead-letters/replay", [("csrf", session.csrf), ("handler", "lms"), ("confirmed", "1"), ("expected", "3")], session: session)
        #expect(confirmed.status == 303)
        #expect(console.runtime.engine.summary().0.deadLetters == 0)
        let notice = try console.get(try #require(confirmed.header("location")), session: session)
        #expect(notice.body.contains("Replayed 3 dead letters: replayed 3 deliveries"))
        let audited = console.audit().filter { $0.action == "dead-letters.replay" }
        #expect(audited.count == 1)
        #expect(audited.first?.count == 3)
        #expect(audited.first?.selection["handler"] == .text("lms"))
    }

    /// A reason picked without a handler replays only the deliveries that died of it: the same
    /// event's dead letter at another handler, for another reason, stays.
    @Test func aReasonSelectsDeliveriesNotWholeEvents() async throws {
        let console = try Console(erp: true)
        defer { console.stop() }
        let id = try await console.post(email: "ada@example.edu", name: "Ada Lovelace", attempt: "attemptAda1")
        #expect(await console.waitForDeadLetters(2))
        let session = try console.login("ops", "operator-secret")
        let reason = try #require(console.runtime.engine.entry(EventID(id)!)?.progress(for: "lms")?.lastError)
        let confirmation = try console.get("/dead-letters/confirm?action=replay&reason=\(FormFields.encode(reason))", session: session)
        #expect(confirmation.body.contains("This will replay <strong>1 dead letter (1 event)</strong>"))
        try console.unblock()
        try FileManager.default.removeItem(atPath: console.directory.path + "/data/erp.jsonl")
        let done = try console.postForm("/dead-letters/replay", [("csrf", session.csrf), ("reason", reason), ("confirmed", "1")], session: session)
        #expect(done.status == 303)
        let state = console.runtime.engine.entry(EventID(id)!)
        #expect(state?.progress(for: "erp")?.status == .dead)
        #expect(state?.progress(for: "lms")?.status != .dead)
        // A reason that matches nothing now does nothing (never "every event").
        let none = try console.postForm("/dead-letters/replay", [("csrf", session.csrf), ("reason", "no such reason"), ("confirmed", "1")], session: session)
        #expect(try console.get(try #require(none.header("location")), session: session).body.contains("Nothing matches now"))
        #expect(console.runtime.engine.entry(EventID(id)!)?.progress(for: "erp")?.status == .dead)
    }

    /// A script may post JSON to a page's route, as to the API (JSON needs no CSRF token).
    @Test func pageRoutesTakeJSONToo() async throws {
        let console = try Console()
        defer { console.stop() }
        let id = try await console.post(email: "ada@example.edu", name: "Ada Lovelace", attempt: "attemptAda1")
        #expect(await console.waitForDeadLetters(1))
        try console.unblock()
        let answer = try console.admin.send(
            "POST", "/dead-letters/replay", headers: [AdminClient.basic("ops", "operator-secret"), ("Content-Type", "application/json")],
            body: #"{"id": "\#(id)", "handler": "lms"}"#)
        #expect(answer.status == 303)
        #expect(answer.header("location")?.hasPrefix("/dead-letters") == true)
        #expect(console.runtime.engine.summary().0.deadLetters == 0)
    }

    @Test func aDeadLetterIsResolvedWithANoteAndNotWithoutOne() async throws {
        let console = try Console()
        defer { console.stop() }
        let id = try await console.post(email: "ada@example.edu", name: "Ada Lovelace", attempt: "attemptAda1")
        #expect(await console.waitForDeadLetters(1))
        let session = try console.login("ops", "operator-secret")
        let noNote = try console.postForm("/dead-letters/resolve", [("csrf", session.csrf), ("id", id), ("handler", "lms")], session: session)
        #expect(noNote.status == 303)
        #expect(try console.get(try #require(noNote.header("location")), session: session).body.contains("note: say why"))
        #expect(console.runtime.engine.summary().0.deadLetters == 1)
        let resolved = try console.postForm(
            "/dead-letters/resolve", [("csrf", session.csrf), ("id", id), ("handler", "lms"), ("note", "entered by hand in the LMS")], session: session)
        #expect(resolved.status == 303)
        #expect(console.runtime.engine.summary().0.deadLetters == 0)
        #expect(await console.waitForEvents(1))
        let page = try console.get("/events/\(id)", session: session)
        #expect(page.body.contains("entered by hand in the LMS"))
        #expect(page.body.contains("<span class=\"badge resolved\">resolved</span>"))
    }

    @Test func theQuarantinePageCountsReasonsAndReleasesWithANote() async throws {
        let console = try Console()
        defer { console.stop() }
        let drifted = #"{"user": {"id": 7}, "attempt": {"id": "a"}}"#
        for extra in ["", " "] {
            let answer = try await console.webhooks.post("/webhooks/attempt-completed", body: drifted + extra)
            #expect(answer.body.contains("quarantined"))
        }
        let session = try console.login("ops", "operator-secret")
        let page = try console.get("/quarantine", session: session)
        #expect(page.body.contains("2 quarantined events in all"))
        #expect(page.body.contains("user"), "the reason names the field")
        #expect(page.body.contains("<td class=\"number\">2</td>"))
        let confirmation = try console.get("/quarantine/confirm?action=resolve", session: session)
        #expect(confirmation.body.contains("This will resolve <strong>2 quarantined events</strong>"))
        let done = try console.postForm("/quarantine/resolve", [("csrf", session.csrf), ("confirmed", "1"), ("note", "test payloads")], session: session)
        #expect(done.status == 303)
        #expect(console.runtime.engine.summary().0.quarantined == 0)
    }

    @Test func theHomePageShowsTheChartHandlersFailuresAndStores() async throws {
        let console = try Console(lmsRetry: #"{ "maxAttempts": 50, "initialDelaySeconds": 3600 }"#)
        defer { console.stop() }
        _ = try await console.post(email: "ada@example.edu", name: "Ada Lovelace", attempt: "attemptAda1")
        _ = try await console.post(email: "grace@example.edu", name: "Grace Hopper", attempt: "attemptGrace")
        var failing = false
        for _ in 0..<500 where !failing {
            failing = console.runtime.engine.summary().1.contains { $0.name == "lms" && $0.failingSince != nil }
            if !failing { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(failing)
        let home = try console.get("/")
        #expect(home.status == 200)
        #expect(home.body.contains("<svg class=\"chart\""))
        #expect(home.body.contains("UTC: 2 events</title>"), "this minute's bar")
        #expect(home.body.contains("Failing handlers"))
        #expect(home.body.contains("Is a directory"), "the failing handler's last error")
        #expect(home.body.contains(">archive</a>") && home.body.contains(">lms</a>"))
        #expect(home.body.contains(ReceiverVersion.current))
        #expect(home.body.contains("Dead letters") && home.body.contains("Quarantine") && home.body.contains("Journal"))
    }

    /// Every page keeps to the Content-Security-Policy: no inline script, no inline style, the
    /// script a file of its own that only a signed-in user gets.
    @Test func pagesCarryNoInlineScriptOrStyle() async throws {
        let console = try Console()
        defer { console.stop() }
        let id = try await console.post(email: "ada@example.edu", name: "Ada Lovelace", attempt: "attemptAda1")
        #expect(await console.waitForDeadLetters(1))
        #expect(await console.waitForEvents(1))
        let session = try console.login("ops", "operator-secret")
        let paths = ["/", "/events", "/events/\(id)", "/events/\(id)?reveal=1", "/dead-letters", "/dead-letters/confirm?action=replay", "/quarantine", "/audit"]
        for path in paths {
            let page = try console.get(path, session: session)
            #expect(page.status == 200, "\(path)")
            #expect(page.header("content-security-policy") == AdminSecurityHeaders.pagePolicy, "\(path)")
            #expect(!page.body.contains("<script>") && !page.body.contains("<style"), "\(path)")
            #expect(page.body.range(of: #"\sstyle=|\son[a-z]+="#, options: .regularExpression) == nil, "\(path)")
            #expect(page.body.contains("<script src=\"/assets/console.js\" defer></script>"), "\(path)")
        }
        let script = try console.get(ConsoleAssets.scriptPath)
        #expect(script.status == 200)
        #expect(script.header("content-type")?.hasPrefix("text/javascript") == true)
        #expect(try console.admin.send("GET", ConsoleAssets.scriptPath).status == 401)
    }

    @Test func noticesAreKeptForTheirOwnerForTenMinutesAndBounded() {
        let notices = ConsoleNotices(capacity: 2)
        let token = notices.post("replayed 3", owner: "ada", now: 0)
        #expect(notices.notice(token, owner: "ada", now: 1000)?.text == "replayed 3")
        #expect(notices.notice(token, owner: "grace", now: 1000) == nil)
        #expect(notices.notice(token, owner: "ada", now: ConsoleNotices.lifetimeMilliseconds + 1) == nil)
        #expect(notices.notice("made-up", owner: "ada", now: 0) == nil)
        _ = notices.post("second", owner: "ada", now: 10)
        _ = notices.post("third", owner: "ada", now: 20)
        #expect(notices.notice(token, owner: "ada", now: 30) == nil, "the oldest went first")
    }

    @Test func aChartBarPerMinuteScaledToThePeak() {
        var counts = [Int](repeating: 0, count: 60)
        counts[59] = 4
        counts[0] = 2
        let svg = AcceptedChart(counts: counts, lastMinute: 600 + 59).svg
        #expect(svg.components(separatedBy: "<rect class=\"bar\"").count - 1 == 2)
        #expect(svg.contains("10:59 UTC: 4 events"))
        #expect(svg.contains("10:00 UTC: 2 events"))
        #expect(svg.contains("height=\"116\"") && svg.contains("height=\"58\""))
    }
}
