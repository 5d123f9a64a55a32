import Delivery
import Foundation
import SynapEvents
import Testing
@testable import Receiver

/// Every route of the admin route table the receiver really builds × {no credentials, a viewer
/// where an operator is needed, a foreign Origin, an unconfigured Host, a `text/plain` body}:
/// each is refused and nothing changes. The test walks the table itself, so a route added
/// later is covered without touching this file.
@Suite(.serialized) struct AdminRouteMatrixTests {
    /// A refusal case: whether it applies to a route, how to spoil a valid request, and the
    /// status it must get.
    struct Case: Sendable, CustomStringConvertible {
        let description: String
        let applies: @Sendable (AdminRoute) -> Bool
        let status: Int
        let spoil: @Sendable (inout Request) -> Void
    }

    struct Request {
        var host: String?
        var headers: [(String, String)]
        var body: String?
    }

    static let cases: [Case] = [
        Case(description: "no credentials", applies: { $0.access != .anyone }, status: 401) { request in
            request.headers.removeAll { $0.0 == "Authorization" }
        },
        Case(description: "viewer where operator is needed", applies: { $0.requiredRole == .operator }, status: 403) { request in
            request.headers.removeAll { $0.0 == "Authorization" }
            request.headers.append(AdminClient.basic("viewer", "viewer-secret"))
        },
        Case(description: "foreign Origin", applies: { _ in true }, status: 403) { request in
            request.headers.removeAll { $0.0 == "Origin" }
            request.headers.append(("Origin", "https://evil.example"))
        },
        Case(description: "unconfigured Host", applies: { _ in true }, status: 421) { request in
            request.host = "rebound.evil.example"
        },
        Case(description: "text/plain body", applies: { $0.changesState }, status: 415) { request in
            request.headers.removeAll { $0.0 == "Content-Type" }
            request.headers.append(("Content-Type", "text/plain"))
        },
    ]

    /// What an operator's browser script or the CLI would send: right Host and Origin, JSON.
    static func validRequest(_ route: AdminRoute, port: Int) -> Request {
        var headers = [AdminClient.basic("ops", "operator-secret")]
        if route.changesState {
            headers += [("Content-Type", "application/json"), ("Origin", "http://127.0.0.1:\(port)")]
        }
        return Request(host: nil, headers: headers, body: route.changesState ? "{\"source\":\"journal\",\"force\":true}" : nil)
    }

    static func send(_ client: AdminClient, _ route: AdminRoute, _ request: Request) throws -> AdminClient.Response {
        try client.send(route.method, route.examplePath, host: request.host, headers: request.headers, body: request.body)
    }

    /// A receiver with an admin listener, one accepted event, and the harness's two users.
    struct Receiver {
        let directory = TemporaryDirectory()
        let runtime: ReceiverRuntime
        let client: AdminClient

        init() throws {
            let json = """
                {
                  "server": { "host": "127.0.0.1", "port": 0 },
                  "admin": \(AdminHarness.defaultSection),
                  "dataDir": "\(directory.path)/data",
                  "log": { "level": "error" },
                  "handlers": { "hook": { "type": "exec", "command": ["/bin/true"] } },
                  "routes": [ { "path": "/webhooks/attempt-completed", "event": "attempt.completed", "handlers": ["hook"] } ]
                }
                """
            setenv("ADMIN_HARNESS_UNSET_OR_SET", "metrics-token-0123456789", 1)
            runtime = try ReceiverRuntime.start(try ReceiverConfiguration.load(path: directory.write(json, to: "config.json")))
            client = AdminClient(port: runtime.adminServer!.port)
        }

        func stop() {
            runtime.stop(grace: 1)
            directory.remove()
        }
    }

    /// Records in the journal: events and every change of their delivery state.
    static func eventRecords(_ directory: String) throws -> Int {
        let reader = JournalReader(directory: directory)
        var count = 0
        for segment in try reader.segments() { _ = try reader.scan(segment) { _, _ in count += 1 } }
        return count
    }

    @Test func theTableHasTheRoutesTheCasesNeed() throws {
        let receiver = try Receiver()
        defer { receiver.stop() }
        let routes = receiver.runtime.adminResponder!.routes.routes
        // Anyone may reach only the login form and its stylesheet; a new public route must be added here on purpose.
        #expect(Set(routes.filter { $0.access == .anyone }.map(\.name)) == ["login-form", "login", "stylesheet"])
        #expect(routes.contains { $0.requiredRole == .operator })
        #expect(routes.contains { $0.changesState && $0.access != .anyone })
        for name in ["metrics", "status", "replay", "healthz", "readyz"] {
            #expect(routes.contains { $0.name == name }, "\(name)")
        }
    }

    /// Each case against each route of the real table, with handlers that only record: every
    /// spoiled request is refused with its status and reaches no handler; the same request
    /// unspoiled reaches its route (so each refusal is for the reason the case names).
    @Test func everyRouteRefusesEachCaseAndAcceptsTheRequestUnspoiled() throws {
        let receiver = try Receiver()
        let routes = receiver.runtime.adminResponder!.routes.routes
        receiver.stop()
        let harness = try AdminHarness(routes: routes, callThrough: false)
        defer { harness.stop() }
        var checked = 0
        for route in routes {
            for refusal in Self.cases where refusal.applies(route) {
                var request = Self.validRequest(route, port: harness.client.port)
                refusal.spoil(&request)
                let answer = try Self.send(harness.client, route, request)
                #expect(answer.status == refusal.status, "\(route.method) \(route.examplePath) with \(refusal): \(answer.status) \(answer.body)")
                if refusal.status == 401 { #expect(answer.header("www-authenticate") != nil) }
                checked += 1
            }
        }
        #expect(harness.calls.withLock { $0 }.isEmpty)
        #expect(harness.responder.handlersRun == 0)
        #expect(checked >= routes.count * 2)
        for route in routes {
            let answer = try Self.send(harness.client, route, Self.validRequest(route, port: harness.client.port))
            #expect(answer.status == 200, "\(route.method) \(route.examplePath): \(answer.status) \(answer.body)")
        }
        #expect(harness.calls.withLock { $0 } == routes.map(\.name))
    }

    /// The same cases against the running receiver's own handlers: nothing is replayed,
    /// journaled, audited or handled.
    @Test func nothingChangesInTheRunningReceiver() async throws {
        let receiver = try Receiver()
        defer { receiver.stop() }
        let accepted = try await HTTPTestClient(port: receiver.runtime.port).post(
            "/webhooks/attempt-completed", body: SampleEvents.body(for: .attemptCompleted))
        #expect(accepted.status == 200)
        // Settled and written: nothing more changes by itself from here.
        #expect(receiver.runtime.engine.waitUntilIdle(timeout: 20))
        try await Task.sleep(for: .milliseconds(100))
        receiver.runtime.engine.journal.waitUntilFlushed()
        let journal = receiver.directory.path + "/data/journal"
        let before = try Self.eventRecords(journal)
        let routes = receiver.runtime.adminResponder!.routes.routes
        for route in routes {
            for refusal in Self.cases where refusal.applies(route) {
                var request = Self.validRequest(route, port: receiver.client.port)
                refusal.spoil(&request)
                #expect(try Self.send(receiver.client, route, request).status == refusal.status, "\(route.name) with \(refusal)")
            }
        }
        receiver.runtime.engine.journal.waitUntilFlushed()
        #expect(try Self.eventRecords(journal) == before)
        #expect(receiver.runtime.adminResponder!.handlersRun == 0)
        #expect(Array(receiver.runtime.adminResponder!.gate.audit!.entries()).isEmpty)
        #expect(receiver.runtime.adminResponder!.gate.sessions.count == 0)
        // The control: the operator's replay, unspoiled, does journal the event again.
        let replay = try receiver.client.send(
            "POST", "/admin/replay", headers: Self.validRequest(routes.first { $0.name == "replay" }!, port: receiver.client.port).headers,
            body: "{\"source\":\"journal\",\"force\":true}")
        #expect(replay.status == 200)
        receiver.runtime.engine.journal.waitUntilFlushed()
        #expect(try Self.eventRecords(journal) > before)
        let audit = Array(receiver.runtime.adminResponder!.gate.audit!.entries())
        #expect(audit.map(\.action) == ["replay"])
        #expect(audit.first?.count == 1)
        #expect(audit.first?.who == "ops")
    }
}
