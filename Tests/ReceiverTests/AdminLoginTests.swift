import Foundation
import Testing
@testable import Receiver

/// The login form, sessions and their cookie, logout, login CSRF, and the audit of logins.
@Suite struct AdminLoginTests {
    @Test func theLoginFormSetsATokenCookieAndAskForUsernameAndPassword() throws {
        let harness = try AdminHarness()
        defer { harness.stop() }
        let form = try harness.client.send("GET", "/login?next=/admin/sample")
        #expect(form.status == 200)
        #expect(form.header("content-type") == "text/html; charset=utf-8")
        #expect(form.body.contains("name=\"username\""))
        #expect(form.body.contains("type=\"password\" name=\"password\""))
        #expect(form.body.contains("name=\"next\" value=\"/admin/sample\""))
        let cookie = try #require(form.setCookie(AdminCookies.loginTokenName))
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/login") && !cookie.contains("Secure"))
        let stylesheet = try harness.client.send("GET", AdminPage.stylesheetPath)
        #expect(stylesheet.status == 200)
        #expect(stylesheet.header("content-type") == "text/css; charset=utf-8")
    }

    @Test func aLoginStartsASessionWhoseCookieIsHttpOnlyStrictAndExpires() throws {
        let harness = try AdminHarness()
        defer { harness.stop() }
        let form = try harness.client.send("GET", "/login")
        let loginCookie = try #require(form.setCookie(AdminCookies.loginTokenName)?.split(separator: ";").first.map(String.init))
        let token = loginCookie.split(separator: "=", maxSplits: 1)[1]
        let posted = try harness.client.send(
            "POST", "/login", headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Origin", harness.origin), ("Cookie", loginCookie)],
            body: "username=ops&password=operator-secret&csrf=\(token)&next=%2Fadmin%2Fsample")
        #expect(posted.status == 303)
        #expect(posted.header("location") == "/admin/sample")
        let session = try #require(posted.setCookie(AdminCookies.sessionName))
        let attributes = session.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(attributes.contains("HttpOnly"))
        #expect(attributes.contains("SameSite=Strict"))
        #expect(attributes.contains("Path=/"))
        #expect(attributes.contains("Max-Age=\(8 * 3600)") || attributes.contains("Max-Age=\(8 * 3600 - 1)"))
        #expect(!attributes.contains("Secure"))
        let id = String(attributes[0].dropFirst(AdminCookies.sessionName.count + 1))
        #expect(Data(base64Encoded: id.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "=")?.count == 32)
        let read = try harness.client.send("GET", "/admin/sample", headers: [("Cookie", attributes[0])])
        #expect(read.status == 200)
        #expect(read.json?["who"] as? String == "ops")
        let forged = id.dropLast() + (id.hasSuffix("A") ? "B" : "A")  // one character off
        #expect(try harness.client.send("GET", "/admin/sample", headers: [("Cookie", "\(AdminCookies.sessionName)=\(forged)")]).status == 401)
    }

    @Test func theSessionCookieIsSecureBehindATrustedHTTPSProxyOrWithTLS() throws {
        let proxied = try AdminHarness(trustedProxies: ["127.0.0.1/32"])
        defer { proxied.stop() }
        let login = [("Content-Type", "application/json")]
        let body = "{\"username\":\"viewer\",\"password\":\"viewer-secret\"}"
        let viaHTTPS = try proxied.client.send("POST", "/login", headers: login + [("X-Forwarded-Proto", "https")], body: body)
        let secure = try #require(viaHTTPS.setCookie(AdminCookies.secureSessionName))
        #expect(secure.hasSuffix("; Secure"))
        #expect(viaHTTPS.json?["csrf"] as? String != nil)
        let viaHTTP = try proxied.client.send("POST", "/login", headers: login + [("X-Forwarded-Proto", "http")], body: body)
        #expect(viaHTTP.setCookie(AdminCookies.sessionName)?.contains("Secure") == false)
        // From a peer that is not a trusted proxy the header means nothing.
        let untrusted = try AdminHarness()
        defer { untrusted.stop() }
        let spoofed = try untrusted.client.send("POST", "/login", headers: login + [("X-Forwarded-Proto", "https")], body: body)
        #expect(spoofed.setCookie(AdminCookies.sessionName)?.contains("Secure") == false)
        let tls = try AdminHarness(section: AdminHarness.defaultSection.replacingOccurrences(of: "\"port\": 0,", with: "\"port\": 0, \"tls\": true, \"sessionHours\": 1,"))
        defer { tls.stop() }
        let always = try tls.client.send("POST", "/login", headers: login, body: body)
        let cookie = try #require(always.setCookie(AdminCookies.secureSessionName))
        #expect(cookie.contains("; Secure") && (cookie.contains("Max-Age=3600") || cookie.contains("Max-Age=3599")))
    }

    /// After login the browser goes to `next` only when it is a path here: never to another site.
    @Test(arguments: [
        ("/admin/sample?x=1", "/admin/sample?x=1"), ("//evil.example/x", "/"), ("/\\evil.example", "/"), ("https://evil.example", "/"),
        ("/ok\\..\\x", "/"), ("", "/"),
    ])
    func theNextPageIsAlwaysOnTheListener(next: String, location: String) throws {
        let harness = try AdminHarness()
        defer { harness.stop() }
        let form = try harness.client.send("GET", "/login?next=" + FormFields.encode(next))
        #expect(form.body.contains("name=\"next\" value=\"\(AdminPage.escape(location))\""))
        let posted = try harness.client.send(
            "POST", "/login", headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", "\(AdminCookies.loginTokenName)=t")],
            body: "username=viewer&password=viewer-secret&csrf=t&next=" + FormFields.encode(next))
        #expect(posted.status == 303)
        #expect(posted.header("location") == location)
    }

    @Test func loginCSRFIsRefused() throws {
        let harness = try AdminHarness()
        defer { harness.stop() }
        let form = [("Content-Type", "application/x-www-form-urlencoded")]
        let body = "username=ops&password=operator-secret"
        // No token, a token without its cookie, a foreign Origin, a text/plain body.
        #expect(try harness.client.send("POST", "/login", headers: form, body: body).status == 403)
        #expect(try harness.client.send("POST", "/login", headers: form, body: body + "&csrf=abc").status == 403)
        #expect(try harness.client.send("POST", "/login", headers: form + [("Cookie", "\(AdminCookies.loginTokenName)=abc")], body: body + "&csrf=abd").status == 403)
        let foreign = try harness.client.send(
            "POST", "/login", headers: form + [("Cookie", "\(AdminCookies.loginTokenName)=abc"), ("Origin", "https://evil.example")], body: body + "&csrf=abc")
        #expect(foreign.status == 403)
        #expect(try harness.client.send("POST", "/login", headers: [("Content-Type", "text/plain")], body: "{\"username\":\"ops\",\"password\":\"operator-secret\"}").status == 415)
        #expect(harness.gate.sessions.count == 0)
        #expect(harness.gate.passwordHashRuns == 0)
        // The same token in cookie and field, from the right origin, logs in.
        let good = try harness.client.send(
            "POST", "/login", headers: form + [("Cookie", "\(AdminCookies.loginTokenName)=abc"), ("Origin", harness.origin)], body: body + "&csrf=abc")
        #expect(good.status == 303)
        #expect(harness.gate.sessions.count == 1)
    }

    @Test func failedLoginsAreAuditedWithoutWhatWasTypedAsAName() throws {
        let harness = try AdminHarness()
        defer { harness.stop() }
        let json = [("Content-Type", "application/json")]
        let wrong = try harness.client.send("POST", "/login", headers: json, body: "{\"username\":\"ops\",\"password\":\"nope\"}")
        #expect(wrong.status == 403)
        #expect(wrong.setCookie(AdminCookies.sessionName) == nil)
        let typo = try harness.client.send("POST", "/login", headers: json, body: "{\"username\":\"hunter2-is-my-password\",\"password\":\"x\"}")
        #expect(typo.status == 403)
        let right = try harness.client.send("POST", "/login", headers: json, body: "{\"username\":\"ops\",\"password\":\"operator-secret\"}")
        #expect(right.status == 200)
        let entries = Array(harness.audit.entries())
        #expect(entries.map(\.action) == ["login.failed", "login.failed", "login"])
        #expect(entries[0].who == "ops")
        #expect(entries[1].who.hasPrefix("unknown:"))
        #expect(entries[2].who == "ops")
        let text = try String(contentsOfFile: harness.audit.path, encoding: .utf8)
        #expect(!text.contains("hunter2"))
        #expect(!text.contains("operator-secret"))
    }

    @Test func logoutEndsTheSessionAndALoginReplacesAnOldSession() throws {
        let harness = try AdminHarness()
        defer { harness.stop() }
        let (cookie, csrf) = try harness.login("viewer", "viewer-secret")
        #expect(try harness.client.send("GET", "/admin/sample", headers: [("Cookie", cookie)]).status == 200)
        let withoutToken = try harness.client.send("POST", "/logout", headers: [("Cookie", cookie), ("Content-Type", "application/x-www-form-urlencoded")], body: "")
        #expect(withoutToken.status == 403)
        let out = try harness.client.send(
            "POST", "/logout", headers: [("Cookie", cookie), ("Content-Type", "application/x-www-form-urlencoded"), ("Origin", harness.origin)], body: "csrf=\(csrf)")
        #expect(out.status == 303)
        #expect(out.header("location") == "/login")
        #expect(out.all("set-cookie").contains { $0.hasPrefix(AdminCookies.sessionName + "=;") && $0.contains("Max-Age=0") })
        #expect(try harness.client.send("GET", "/admin/sample", headers: [("Cookie", cookie)]).status == 401)
        #expect(Array(harness.audit.entries()).map(\.action).suffix(1) == ["logout"])
        // Logging in again from a browser that has a session ends that session (no fixation).
        let (first, _) = try harness.login("viewer", "viewer-secret")
        let loginCookie = "\(AdminCookies.loginTokenName)=t0k"
        let again = try harness.client.send(
            "POST", "/login", headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", "\(first); \(loginCookie)")],
            body: "username=viewer&password=viewer-secret&csrf=t0k")
        #expect(again.status == 303)
        #expect(try harness.client.send("GET", "/admin/sample", headers: [("Cookie", first)]).status == 401)
    }

    @Test func sessionsOfRemovedUsersEndAtReloadAndRolesFollowTheConfiguration() throws {
        let harness = try AdminHarness()
        defer { harness.stop() }
        let (cookie, _) = try harness.login("viewer", "viewer-secret")
        var settings = harness.gate.settings
        let viewer = try #require(settings.credentials.user(named: "viewer"))
        settings.credentials = AdminCredentials(
            users: settings.credentials.users.filter { $0.username != "viewer" } + [AdminUser(username: "viewer", role: .operator, secret: viewer.secret)],
            tokens: settings.credentials.tokens)
        harness.gate.update(settings: settings, trustedProxies: [])
        let promoted = try harness.client.send("POST", "/admin/sample", headers: [("Cookie", cookie), ("Content-Type", "application/json")], body: "{}")
        #expect(promoted.status == 200)
        settings.credentials = AdminCredentials(users: settings.credentials.users.filter { $0.username != "viewer" }, tokens: [])
        settings.listener.host = "moved.example"  // a reload does not move the listener, so its old address still sets the hosts
        harness.gate.update(settings: settings, trustedProxies: [])
        #expect(try harness.client.send("GET", "/admin/sample", headers: [("Cookie", cookie)]).status == 401)
        let moved = try harness.client.send("GET", "/admin/sample", host: "moved.example:\(harness.client.port)", headers: [AdminClient.basic("ops", "operator-secret")])
        #expect(moved.status == 421)
    }
}
