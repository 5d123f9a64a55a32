import Delivery
import Foundation
import JSONSyntax
import SynapEvents
import Testing
@testable import Handlers

@Suite struct ForwardHandlerTests {
    static func handler(_ server: CaptureServer, _ configure: (inout ForwardHandler.Settings) -> Void = { _ in }) -> ForwardHandler {
        var settings = ForwardHandler.Settings(url: server.url())
        configure(&settings)
        return ForwardHandler(name: "lms", settings: settings)
    }

    /// The failure `body` throws, or nil when it succeeds.
    static func failure(_ body: () async throws -> Void) async -> HandlerFailure? {
        do {
            try await body()
            return nil
        } catch {
            return error as? HandlerFailure
        }
    }

    @Test func a2xxIsSuccessAndTheBodyGoesOutAsReceived() async throws {
        let server = CaptureServer(replies: [.init(status: 204)])
        defer { server.stop() }
        let delivery = DeliveryFixture.make()
        try await Self.handler(server) { $0.headers = [("X-Source", "synap"), ("User-Agent", "custom/1")] }.handle(delivery)
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/hook")
        #expect(request.body == delivery.body)
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("X-Source") == "synap")
        #expect(request.header("User-Agent") == "custom/1")
        #expect(request.header("webhook-signature") == nil)
    }

    @Test(arguments: [400, 401, 404, 410, 422])
    func otherClientErrorsAreNotRetried(status: Int) async throws {
        let server = CaptureServer(replies: [.init(status: status, body: "{\"error\":\n\"unknown course\"}")])
        defer { server.stop() }
        let failure = try #require(await Self.failure { try await Self.handler(server).handle(DeliveryFixture.make()) })
        #expect(!failure.retryable)
        #expect(failure.message.contains("HTTP \(status)"))
        #expect(failure.message.contains("{\"error\": \"unknown course\"}"))
    }

    /// A 401 asking for credentials is reported as such and not retried (URLSession on Linux
    /// never completed that answer on its own: the delivery timed out and was retried).
    @Test func aChallengeForCredentialsFailsWithoutRetry() async throws {
        let server = CaptureServer(replies: [.init(status: 401, headers: [("WWW-Authenticate", "Basic realm=\"lms\"")])])
        defer { server.stop() }
        let handler = Self.handler(server) { $0.timeoutSeconds = 120 }
        let failure = try #require(await Self.failure { try await handler.handle(DeliveryFixture.make()) })
        #expect(!failure.retryable)
        #expect(failure.message.contains("HTTP 401"))
    }

    @Test(arguments: [(500, "7", 7.0), (503, "120", 120.0), (429, "0", 0.0), (408, nil, nil), (502, "soon", nil)] as [(Int, String?, Double?)])
    func serverErrorsTooManyRequestsAndRequestTimeoutAreRetried(status: Int, retryAfter: String?, expected: Double?) async throws {
        let server = CaptureServer(replies: [.init(status: status, headers: retryAfter.map { [("Retry-After", $0)] } ?? [])])
        defer { server.stop() }
        let failure = try #require(await Self.failure { try await Self.handler(server).handle(DeliveryFixture.make()) })
        #expect(failure.retryable)
        #expect(failure.retryAfter == expected)
        #expect(failure.message.contains("HTTP \(status)"))
    }

    @Test func retryAfterAsAnHTTPDateBecomesSecondsFromNow() async throws {
        let later = Date().addingTimeInterval(90)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let server = CaptureServer(replies: [.init(status: 429, headers: [("Retry-After", formatter.string(from: later))])])
        defer { server.stop() }
        let sent = Date()
        let failure = try #require(await Self.failure { try await Self.handler(server).handle(DeliveryFixture.make()) })
        let answered = Date()
        #expect(failure.retryable)
        // Seconds from the moment of the answer, which fell between `sent` and `answered` however
        // long a loaded machine took (HTTP dates have 1 s resolution, hence the second of slack).
        let seconds = try #require(failure.retryAfter)
        #expect(seconds >= later.timeIntervalSince(answered) - 1 && seconds <= later.timeIntervalSince(sent) + 1)
    }

    @Test func aSlowAnswerTimesOutAndIsRetried() async throws {
        let server = CaptureServer(replies: [.init(status: 200, delay: 60)])
        defer { server.stop() }
        let started = Date()
        let failure = try #require(await Self.failure { try await Self.handler(server) { $0.timeoutSeconds = 0.5 }.handle(DeliveryFixture.make()) })
        #expect(failure.retryable)
        #expect(failure.message.contains("no complete answer within 0.5 s"))
        // Before the server's answer would have come at 60 s (however loaded the machine is).
        #expect(Date().timeIntervalSince(started) < 55)
    }

    @Test func aRefusedConnectionIsRetried() async throws {
        let server = CaptureServer(replies: [.init(status: 200)])
        let url = server.url()
        server.stop()
        let failure = try #require(await Self.failure {
            try await ForwardHandler(name: "lms", settings: .init(url: url, timeoutSeconds: 5)).handle(DeliveryFixture.make())
        })
        #expect(failure.retryable)
        #expect(failure.message.hasPrefix("POST http://127.0.0.1:"))
    }

    @Test func redirectsAreNotFollowed() async throws {
        let server = CaptureServer(replies: [.init(status: 302, headers: [("Location", "/elsewhere")]), .init(status: 200)])
        defer { server.stop() }
        let failure = try #require(await Self.failure { try await Self.handler(server).handle(DeliveryFixture.make()) })
        #expect(!failure.retryable)
        #expect(failure.message.contains("HTTP 302 redirect to /elsewhere not followed"))
        #expect(server.requests.count == 1)
    }

    @Test func theEnvelopeWrapsTheBodyWithReceiptMetadata() async throws {
        let server = CaptureServer(replies: [.init(status: 200)])
        defer { server.stop() }
        let delivery = DeliveryFixture.make(.examCompleted)
        try await Self.handler(server) { $0.envelope = true }.handle(delivery)
        let body = try #require(server.requests.first?.body)
        let envelope = try JSONValue(parsing: body)
        guard case .object(let members) = envelope else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["id", "receivedAt", "route", "kind", "kindRule", "event"])
        #expect(envelope["id"] == .string("0193a5f2c1d80001"))
        #expect(envelope["kind"] == .string("exam.completed"))
        #expect(envelope["route"] == .string("/webhooks/exam.completed"))
        #expect(envelope["receivedAt"] == .string("2026-11-23T11:38:39.135Z"))
        #expect(envelope["kindRule"] == .string("route"))
        #expect(envelope["event"] == (try JSONValue(parsing: delivery.body)))
    }

    @Test(arguments: ["a plain shared secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])
    func signaturesVerifyWithAnIndependentImplementation(secret: String) async throws {
        let server = CaptureServer(replies: [.init(status: 200)])
        defer { server.stop() }
        let before = Int64(Date().timeIntervalSince1970)
        try await Self.handler(server) { $0.signer = try! WebhookSigner(secret: secret); $0.envelope = true }.handle(DeliveryFixture.make())
        let request = try #require(server.requests.first)
        #expect(request.header("webhook-id") == "0193a5f2c1d80001")
        let timestamp = try #require(request.header("webhook-timestamp").flatMap { Int64($0) })
        #expect(timestamp >= before && timestamp <= before + 5)
        let signature = try #require(request.header("webhook-signature"))
        #expect(signature.hasPrefix("v1,"))
        // Python's hmac, hashlib and base64 over exactly the bytes the server received.
        let script = """
            import base64, hashlib, hmac, sys
            secret, msg_id, timestamp = sys.argv[1], sys.argv[2], sys.argv[3]
            key = base64.b64decode(secret[6:]) if secret.startswith("whsec_") else secret.encode()
            body = sys.stdin.buffer.read()
            digest = hmac.new(key, msg_id.encode() + b"." + timestamp.encode() + b"." + body, hashlib.sha256).digest()
            print("v1," + base64.b64encode(digest).decode())
            """
        let outcome = try await withCheckedThrowingContinuation { continuation in
            ChildProcess.run(
                executable: "/usr/bin/env", arguments: ["python3", "-c", script, secret, "0193a5f2c1d80001", String(timestamp)],
                environment: ProcessInfo.processInfo.environment, input: request.body, timeout: 20, outputLimit: 4096
            ) { continuation.resume(with: $0) }
        }
        #expect(outcome.ending == .exited(0), "python3: \(outcome.stderr.text)")
        #expect(outcome.stdout.text == signature)
    }

    @Test func aWhsecSecretThatIsNotBase64IsRefused() {
        #expect(throws: HandlerConfigurationError.self) { try WebhookSigner(secret: "whsec_***not base64***") }
        #expect(throws: HandlerConfigurationError.self) { try WebhookSigner(secret: "") }
        #expect(try! WebhookSigner(secret: "s3cret").description.contains("redacted"))
    }

    @Test func theDisplayedURLHidesQueryAndUserInfo() {
        let settings = ForwardHandler.Settings(url: URL(string: "https://user:pw@lms.example.edu/hook?token=abc#x")!)
        #expect(settings.displayURL == "https://lms.example.edu/hook")
    }
}
