import Foundation
import HTTP1
import JSONSyntax
import Synchronization
import Testing
@testable import Receiver

/// A raw HTTP/1.1 client for admin tests: any Host, headers in order, every response header
/// kept (several `Set-Cookie` and `WWW-Authenticate`), a receive timeout (see HTTPTestClient).
struct AdminClient {
    struct Response {
        let status: Int
        let headers: [(name: String, value: String)]
        let body: String

        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
        func all(_ name: String) -> [String] { headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value) }
        /// `name=value` of a Set-Cookie for `cookie`, and its attributes.
        func setCookie(_ cookie: String) -> String? { all("set-cookie").first { $0.hasPrefix(cookie + "=") } }
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] }
    }

    let port: Int

    var defaultHost: String { "127.0.0.1:\(port)" }

    func send(_ method: String, _ path: String, host: String? = nil, headers: [(String, String)] = [], body: String? = nil) throws -> Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host ?? defaultHost)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let bytes = body.map { Data($0.utf8) }
        if let bytes { head += "Content-Length: \(bytes.count)\r\n" }
        let raw = try HTTPTestClient.exchange(port: port, request: Data((head + "\r\n").utf8) + (bytes ?? Data()))
        let text = String(decoding: raw, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw HTTPTestClient.Failure(description: "no complete response: \(text.prefix(200))") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        guard let status = Int(lines.first?.dropFirst(9).prefix(3) ?? "") else { throw HTTPTestClient.Failure(description: "bad status line") }
        let fields = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Response(status: status, headers: fields.map { (name: $0.0, value: $0.1) }, body: String(text[split.upperBound...]))
    }

    static func basic(_ user: String, _ password: String) -> (String, String) {
        ("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
    }
}

/// A clock tests move by hand.
final class ManualClock: Sendable {
    private let seconds = Mutex(1000.0)
    var now: Double { seconds.withLock { $0 } }
    func advance(_ by: Double) { seconds.withLock { $0 += by } }
}

/// An admin listener on 127.0.0.1:0 with `AdminResponder` in front of the routes given,
/// settings from an `admin` JSON section, a hand-moved clock for the rate limiter, and an
/// audit log in a temporary directory.
final class AdminHarness: @unchecked Sendable {
    let directory = TemporaryDirectory()
    let gate: AdminGate
    let responder: AdminResponder
    let server: HTTPServer
    let client: AdminClient
    let clock = ManualClock()
    let audit: AuditLog
    /// Route names of handler calls, in order.
    let calls = Locked<[String]>([])

    /// Users: `ops` (operator, `operator-secret`), `viewer` (viewer, `viewer-secret`), both as
    /// PBKDF2 hashes of 1,000 iterations; token `deploy-token-0123456789` (operator), `metrics-token-0123456789` (viewer).
    static let defaultSection = """
        { "host": "127.0.0.1", "port": 0,
          "users": [
            { "username": "ops", "role": "operator", "passwordHash": "\(PasswordHash.make(password: "operator-secret", iterations: 1000))" },
            { "username": "viewer", "role": "viewer", "passwordHash": "\(PasswordHash.make(password: "viewer-secret", iterations: 1000))" } ],
          "tokens": [
            { "name": "deploy", "role": "operator", "tokenHash": "\(PasswordHash.make(password: "deploy-token-0123456789", iterations: 1000))" },
            { "name": "prometheus", "role": "viewer", "tokenEnv": "ADMIN_HARNESS_UNSET_OR_SET" } ] }
        """

    init(
        section: String? = nil, routes: [AdminRoute]? = nil, policy: LoginRateLimiter.Policy = LoginRateLimiter.Policy(),
        trustedProxies: [String] = [], callThrough: Bool = true
    ) throws {
        setenv("ADMIN_HARNESS_UNSET_OR_SET", "metrics-token-0123456789", 1)
        var object = try ConfigObject(JSONValue(parsing: Array((section ?? Self.defaultSection).utf8)), path: "admin")
        let settings = try AdminSettings(&object)
        audit = try AuditLog.open(dataDirectory: directory.path + "/data")
        let box = LateReference<HTTPServer>()
        let clock = self.clock
        gate = AdminGate(
            settings: settings, trustedProxies: trustedProxies.compactMap(NetworkRange.init), audit: audit,
            log: OperationalLog(settings: .init(level: .error)), metrics: Metrics(),
            limiter: LoginRateLimiter(policy: policy, now: { clock.now }), listenerPort: { box.object?.port ?? 0 })
        let calls = self.calls
        let recorded = (routes ?? Self.sampleRoutes).map { route in
            route.replacingHandler { request, done in
                calls.withLock { $0.append(route.name) }
                if callThrough { route.handler(request, done) } else { done(.json(.ok, "{\"recorded\":true}")) }
            }
        }
        responder = AdminResponder(gate: gate, routes: AdminRouteTable(recorded))
        server = HTTPServer(configuration: settings.listener, responder: responder)
        box.set(server)
        client = AdminClient(port: try server.start())
    }

    /// A read for viewers and a change for operators, answering what they saw.
    static let sampleRoutes: [AdminRoute] = [
        AdminRoute("GET", .exact("/admin/sample"), name: "sample-read", access: .role(.viewer)) { request in
            .json(.ok, "{\"who\":\(HTTPResponse.jsonQuoted(request.principal?.name ?? ""))}")
        },
        AdminRoute("POST", .exact("/admin/sample"), name: "sample-change", access: .role(.operator)) { request in
            request.audit.note(selection: ["q": .identifier("Ada@Example.edu")], count: 2)
            return .json(.ok, "{\"changed\":true}")
        },
        AdminRoute("GET", .exact("/sample-page"), name: "sample-page", access: .role(.viewer), presentation: .page) { _ in
            AdminPage.response(title: "Sample", body: "<p>sample</p>")
        },
    ]

    var origin: String { "http://127.0.0.1:\(client.port)" }

    /// Logs in through the form, as a browser would; returns the session cookie (`name=value`)
    /// and the session's CSRF token.
    func login(_ username: String, _ password: String) throws -> (cookie: String, csrf: String) {
        let form = try client.send("GET", "/login")
        let loginCookie = try #require(form.setCookie(AdminCookies.loginTokenName)?.split(separator: ";").first.map(String.init))
        let token = String(loginCookie.dropFirst(AdminCookies.loginTokenName.count + 1))
        let posted = try client.send(
            "POST", "/login",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Origin", origin), ("Cookie", loginCookie)],
            body: "username=\(FormFields.encode(username))&password=\(FormFields.encode(password))&csrf=\(token)&next=%2Fadmin%2Fsample")
        guard posted.status == 303, let session = posted.setCookie(AdminCookies.sessionName)?.split(separator: ";").first.map(String.init) else {
            throw HTTPTestClient.Failure(description: "login failed: \(posted.status) \(posted.body)")
        }
        let page = try client.send("GET", "/logout", headers: [("Cookie", session)])
        let csrf = try #require(page.body.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression).map {
            String(page.body[$0].dropFirst(#"name="csrf" value=""#.count).dropLast())
        })
        return (session, csrf)
    }

    func stop() {
        let done = DispatchSemaphore(value: 0)
        server.shutdown(deadline: 0) { done.signal() }
        done.wait()
        audit.close()
        directory.remove()
    }
}
