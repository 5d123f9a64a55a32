import Dispatch
import SystemIO
@testable import HTTP1
@testable import Receiver

/// A `RouteGate` in isolation, with a log whose lines are captured and whose clock the test
/// sets, and request heads parsed from text by the real parser.
final class GateFixture: Sendable {
    let lines = Locked<[String]>([])
    let milliseconds = Locked<Int64>(1_700_000_000_000)
    let gate: RouteGate

    init(
        routes: [RouteDefinition], trustedProxies: [String] = [], header: ForwardedHeader = .xForwardedFor,
        format: OperationalLogSettings.Format = .logfmt
    ) {
        let lines = self.lines
        let milliseconds = self.milliseconds
        let log = OperationalLog(
            settings: OperationalLogSettings(format: format, level: .info), writeLine: { line in lines.withLock { $0.append(line) } },
            nowMilliseconds: { milliseconds.withLock { $0 } })
        let clients = ClientAddressResolver(trustedProxies: trustedProxies.map { NetworkRange($0)! }, header: header)
        gate = RouteGate(routes: routes, clients: clients, log: log, metrics: Metrics())
    }

    /// The log lines so far.
    var logged: [String] { lines.withLock { $0 } }

    /// Moves the log's clock on.
    func advance(milliseconds delta: Int64) {
        milliseconds.withLock { $0 += delta }
    }

    /// Checks a request from `peer` made of `requestLine` and `headers` (Host is added).
    func check(_ requestLine: String, headers: [String] = [], peer: String = "127.0.0.1") throws -> RouteGate.Outcome {
        var parser = HTTPRequestParser()
        parser.append(Array((requestLine + "\r\nHost: hooks.example.edu\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n").utf8))
        guard case .head(let head) = try parser.next() else { throw FixtureError.noHead }
        let context = HTTPRequestContext(peer: SocketAddress(parsing: peer)!, requestID: "test-1", queue: DispatchQueue(label: "test.connection"))
        return gate.check(head, context: context)
    }

    enum FixtureError: Error { case noHead }

    /// A route with `allowFrom` networks and, when `password` is given, Basic credentials for user `synap`.
    static func route(_ path: String, allowFrom: [String] = [], password: String? = nil) -> RouteDefinition {
        var route = RouteDefinition(path: path, event: .attemptCompleted, handlers: ["archive"], onInvalidPayload: .quarantine)
        route.allowFrom = allowFrom.map { NetworkRange($0)! }
        if let password {
            route.auth = BasicAuthenticator(realm: "synap", credentials: [.init(username: "synap", password: password)])
        }
        return route
    }
}

extension RouteGate.Outcome {
    /// The refusal's status code, nil when the request passes.
    var refusedStatus: Int? {
        if case .refuse(let response, _) = self { return response.status.code }
        return nil
    }
}
