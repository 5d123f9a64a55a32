import Foundation
import Testing
@testable import Receiver

/// The admin gate through a real listener: credentials, roles, Host, Origin, Content-Type,
/// CSRF, and the headers on every answer.
@Suite struct AdminGateTests {
    @Test func noCredentialsGets401WithBothChallengesAndTheHandlerNeverRuns() throws {
        let harness = try AdminHarness()
        defer { harness.stop() }
        let response = try harness.client.send("GET", "/admin/sample")
        #expect(response.status == 401)
        #expect(response.all("www-authenticate") == ["Basic realm=\"synap-webhooks admin\", charset=\"UTF-8\"", "Bearer realm=\"synap-webhooks admin\""])
        // Unknown paths too: nothing about the listener is told before credentials.
        #expect(try harness.client.send("GET", "/no/such/thing").status == 401)
        #expect(harness.calls.withLock { $0 }.isEmpty)
        #expect(harness.responder.handlersRun == 0)
    }

    @Test func basicBearerAndRolesAreChecked() throws {
        let harness = try AdminHarness()
        defer { harness.stop() }
        let client = harness.client
        let viewer = try client.send("GET", "/admin/sample", headers: [AdminClient.basic("viewer", "viewer-secret")])
        #expect(viewer.status == 200)
        #expect(viewer.json?["who"] as? String == "viewer")
        let token = try client.send("GET", "/admin/sample", headers: [("Authorization", "Bearer metrics-token-0123456789")])
        #expect(token.json?["who"] as? String == "prometheus")
        let json = [("Content-Type", "application/json")]
        let viewerChange = try client.send("POST", "/admin/sample", headers: json + [AdminClient.basic("viewer", "viewer-secret")], body: "{}")
        #expect(viewerChange.status == 403)
        #expect(viewerChange.body.contains("needs the operator role"))
        let tokenChange = try client.send("POST", "/admin/sample", headers: json + [("Authorization", "Bearer metrics-token-0123456789")], body: "{}")
        #expect(tokenChange.status == 403)
        let operatorChange = try client.send("POST", "/admin/sample", headers: json + [AdminClient.basic("ops", "operator-secret")], body: "{}")
        #expect(operatorChange.status == 200)
        let deployChange = try client.send("POST", "/admin/sample", headers: json + [("Authorization", "bearer deploy-token-0123456789")], body: "{}")
        #expect(deployChange.status == 200)
        #expect(harness.calls.withLock { $0 } == ["sample-read", "sample-read", "sample-change", "sample-change"])
        for wrong in [AdminClient.basic("ops", "viewer-secret"), AdminClient.basic("nobody", "operator-secret"), ("Authorization", "Bearer deploy-token-0123456788"),
                      ("Authorization", "Digest username=\"ops\""), ("Authorization", "Basic !!!")] {
            let refused = try client.send("GET", "/admin/sample", headers: [wrong])
            #expect(refused.status == 401, "\(wrong.1)")
            #expect(refused.header("www-authenticate") != nil)
        }
        #expect(harness.calls.withLock { $0 }.count == 4)
    }

    @Test func aBrowserAskingForAPageIsSentToTheLoginForm() throws {
        let harness = try AdminHarness()
        defer { harness.stop() }
        let page = try harness.client.send("GET", "/sample-page?x=1", headers: [("Accept", "text/html,application/xhtml+xml")])
        #expect(page.status == 303)
        #expect(page.header("location") == "/login?next=/sample-page%3Fx%3D1")
        // An API route, or a script not asking for HTML, gets 401.
        #expect(try harness.client.send("GET", "/admin/sample", headers: [("Accept", "text/html")]).status == 401)
        #expect(try harness.client.send("GET", "/sample-page").status == 401)
    }

    @Test func anUnconfiguredHostIsRefusedBeforeCredentials() throws {
        let harness = try AdminHarness()
        defer { harness.stop() }
        let port = harness.client.port
        let credentials = [AdminClient.basic("viewer", "viewer-secret")]
        for host in ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)", "LOCALHOST:\(port)"] {
            #expect(try harness.client.send("GET", "/admin/sample", host: host, headers: credentials).status == 200, "\(host)")
        }
        for host in ["evil.example:\(port)", "evil.example", "127.0.0.1:\(port + 1)", "127.0.0.1", "localhost:\(port)@evil.example"] {
            let refused = try harness.client.send("GET", "/admin/sample", host: host, headers: credentials)
            #expect(refused.status == 421 || refused.status == 400, "\(host): \(refused.status)")
        }
        // An absolute-form target names the host instead of the Host header (RFC 9112 §3.2.2).
        let absolute = try harness.client.send("GET", "http://evil.example:\(port)/admin/sample", headers: credentials)
        #expect(absolute.status == 421)
        #expect(harness.calls.withLock { $0 }.count == 4)
        #expect(harness.gate.passwordHashRuns == 1)  // the refused ones were never verified
    }

    @Test func publicHostsAndOriginsComeFromTheConfiguration() throws {
        let section = AdminHarness.defaultSection.replacingOccurrences(
            of: "\"port\": 0,", with: "\"port\": 0, \"publicHosts\": [\"admin.example.edu\"], \"allowedOrigins\": [\"https://admin.example.edu\"],")
        let harness = try AdminHarness(section: section)
        defer { harness.stop() }
        let operatorJSON = [AdminClient.basic("ops", "operator-secret"), ("Content-Type", "application/json")]
        #expect(try harness.client.send("GET", "/admin/sample", host: "admin.example.edu", headers: operatorJSON).status == 200)
        #expect(try harness.client.send("GET", "/admin/sample", host: "admin.example.edu:443", headers: operatorJSON).status == 200)
        // Loopback stays reachable for the command line; other names do not.
        #expect(try harness.client.send("GET", "/admin/sample", headers: operatorJSON).status == 200)
        #expect(try harness.client.send("GET", "/admin/sample", host: "other.example.edu", headers: operatorJSON).status == 421)
        let allowed = try harness.client.send("POST", "/admin/sample", host: "admin.example.edu", headers: operatorJSON + [("Origin", "https://admin.example.edu")], body: "{}")
        #expect(allowed.status == 200)
        let plainHTTP = try harness.client.send("POST", "/admin/sample", host: "admin.example.edu", headers: operatorJSON + [("Origin", "http://admin.example.edu")], body: "{}")
        #expect(plainHTTP.status == 403)
    }

    @Test func stateChangesNeedJSONOrAFormWithTheSessionToken() throws {
        let harness = try AdminHarness()
        defer { harness.stop() }
        let client = harness.client
        let basic = AdminClient.basic("ops", "operator-secret")
        for type in ["text/plain", "text/plain; charset=utf-8", "multipart/form-data; boundary=x", "application/jsonx"] {
            let refused = try client.send("POST", "/admin/sample", headers: [basic, ("Content-Type", type)], body: "{}")
            #expect(refused.status == 415, "\(type)")
        }
        #expect(try client.send("POST", "/admin/sample", headers: [basic], body: "{}").status == 415)  // no Content-Type at all
        #expect(try client.send("POST", "/admin/sample", headers: [basic, ("Content-Type", "Application/JSON; charset=utf-8")], body: "{}").status == 200)
        // Basic credentials get no exemption: a form without a session's token is refused.
        let form = [basic, ("Content-Type", "application/x-www-form-urlencoded")]
        #expect(try client.send("POST", "/admin/sample", headers: form, body: "a=1").status == 403)
        #expect(try client.send("POST", "/admin/sample", headers: form, body: "a=1&csrf=guess").status == 403)
        let (cookie, csrf) = try harness.login("ops", "operator-secret")
        let session = [("Cookie", cookie), ("Content-Type", "application/x-www-form-urlencoded"), ("Origin", harness.origin)]
        #expect(try client.send("POST", "/admin/sample", headers: session, body: "a=1").status == 403)
        #expect(try client.send("POST", "/admin/sample", headers: session, body: "a=1&csrf=\(csrf)x").status == 403)
        #expect(try client.send("POST", "/admin/sample", headers: session, body: "a=1&csrf=\(csrf)").status == 200)
        #expect(try client.send("POST", "/admin/sample", headers: [("Cookie", cookie), ("Content-Type", "text/plain")], body: "{}").status == 415)
        #expect(harness.calls.withLock { $0 } == ["sample-change", "sample-change"])
    }

    @Test func foreignOriginsAndCrossSiteFetchesAreRefused() throws {
        let harness = try AdminHarness()
        defer { harness.stop() }
        let json = [AdminClient.basic("ops", "operator-secret"), ("Content-Type", "application/json")]
        for origin in ["http://evil.example", "null", "http://127.0.0.1:\(harness.client.port + 1)", "https://127.0.0.1.evil.example:\(harness.client.port)"] {
            let refused = try harness.client.send("POST", "/admin/sample", headers: json + [("Origin", origin)], body: "{}")
            #expect(refused.status == 403, "\(origin)")
            #expect(try harness.client.send("GET", "/admin/sample", headers: json + [("Origin", origin)]).status == 403, "\(origin)")
        }
        #expect(try harness.client.send("POST", "/admin/sample", headers: json + [("Sec-Fetch-Site", "cross-site")], body: "{}").status == 403)
        #expect(try harness.client.send("POST", "/admin/sample", headers: json + [("Sec-Fetch-Site", "same-origin"), ("Origin", harness.origin)], body: "{}").status == 200)
        #expect(harness.calls.withLock { $0 } == ["sample-change"])
    }

    @Test func everyAnswerCarriesTheSecurityHeaders() throws {
        let harness = try AdminHarness()
        defer { harness.stop() }
        let answers = [
            try harness.client.send("GET", "/admin/sample"),
            try harness.client.send("GET", "/admin/sample", headers: [AdminClient.basic("viewer", "viewer-secret")]),
            try harness.client.send("GET", "/login"),
            try harness.client.send("GET", "/admin/sample", host: "evil.example"),
        ]
        for answer in answers {
            #expect(answer.header("cache-control") == "no-store")
            #expect(answer.header("x-content-type-options") == "nosniff")
            #expect(answer.header("x-frame-options") == "DENY")
            #expect(answer.header("referrer-policy") == "same-origin")
            #expect(answer.header("content-security-policy")?.contains("frame-ancestors 'none'") == true)
        }
        let page = answers[2]
        #expect(page.header("content-security-policy") == AdminSecurityHeaders.pagePolicy)
        #expect(!page.body.contains("<script"))
        #expect(!page.body.contains("style="))
    }

    @Test func aVerifiedCredentialIsHashedOnceNotPerRequest() throws {
        let harness = try AdminHarness()
        defer { harness.stop() }
        for _ in 0..<5 {
            #expect(try harness.client.send("GET", "/admin/sample", headers: [AdminClient.basic("viewer", "viewer-secret")]).status == 200)
        }
        #expect(harness.gate.passwordHashRuns == 1)
        for _ in 0..<3 {
            #expect(try harness.client.send("GET", "/admin/sample", headers: [("Authorization", "Bearer deploy-token-0123456789")]).status == 200)
        }
        #expect(harness.gate.passwordHashRuns == 2)  // the deploy token's hash (the prometheus token is by reference)
        // An unknown user costs a hash too, so timing does not tell which names exist.
        #expect(try harness.client.send("GET", "/admin/sample", headers: [AdminClient.basic("mallory", "x")]).status == 401)
        #expect(harness.gate.passwordHashRuns == 3)
        // A reload forgets verified credentials.
        harness.gate.update(settings: harness.gate.settings, trustedProxies: [])
        #expect(try harness.client.send("GET", "/admin/sample", headers: [AdminClient.basic("viewer", "viewer-secret")]).status == 200)
        #expect(harness.gate.passwordHashRuns == 4)
    }
}
