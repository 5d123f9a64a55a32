import Testing
@testable import HTTP1

/// The responder decides from the head (route, method, credentials) before any body byte is
/// read: a refused upload is answered at once, its body is never buffered, and the server
/// reads at most `lingerDiscardBytes` of it before closing.
@Suite struct RefusalBeforeBodyTests {
    static let uploadHead = "POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 4194304\r\n\r\n"
    static let limits = HTTPLimits(maxBodyBytes: 8 << 20)

    /// No `Expect: 100-continue`: the 401 still arrives before the client has sent any body.
    @Test func theRefusalArrivesBeforeTheBodyIsSent() throws {
        let server = try TestServer(
            TestServer.configuration(limits: Self.limits, bodyTimeout: 30), responder: TestResponder(.init(refuseBeforeBody: .unauthorized)))
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Self.uploadHead)
        expectErrorAnswer(try client.readResponse(), status: 401)
        #expect(client.isClosedByServer())
        #expect(server.responder.requests.isEmpty)
    }

    /// The client keeps uploading after the 401: the server reads and discards at most
    /// 64 KiB, then closes, so the rest of the upload meets a reset instead of being read.
    @Test func aRefusedUploadIsReadOnlyUpToTheLingerBudget() throws {
        let server = try TestServer(
            TestServer.configuration(limits: Self.limits, bodyTimeout: 30), responder: TestResponder(.init(refuseBeforeBody: .unauthorized)))
        defer { server.stop() }
        let client = try server.connect(timeout: 5, sendBuffer: 32 * 1024)
        try client.send(Self.uploadHead)
        expectErrorAnswer(try client.readResponse(), status: 401)
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 16 * 1024)
        var sent = 0
        var failure: RawClient.Failure?
        while sent < 4 << 20 {
            do throws(RawClient.Failure) {
                try client.send(chunk)
                sent += chunk.count
            } catch {
                failure = error
                break
            }
        }
        #expect(failure == .reset, "the server read on: \(sent) bytes of the refused body were accepted (\(String(describing: failure)))")
        #expect(sent < 4 << 20)
    }

    /// A refused request whose whole body came with its head is skipped, and the connection
    /// serves the next request.
    @Test func aRefusedRequestWhoseBodyHasArrivedKeepsItsConnection() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Request.post("/refused", body: "{\"secret\": 1}", headers: ["X-Refuse: 401"]) + Request.post(body: "next"))
        expectErrorAnswer(try client.readResponse(), status: 401, closes: false)
        let next = try client.readResponse()
        #expect(next.status == 200)
        #expect(next.text == "next")
        #expect(server.responder.requests.map(\.path) == ["/echo"])
        #expect(server.server.openConnections == 1)
    }

    /// A bodyless request refused from its head keeps the connection too.
    @Test func aRefusedGetKeepsItsConnection() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Request.get("/nowhere", headers: ["X-Refuse: 404"]))
        expectErrorAnswer(try client.readResponse(), status: 404, closes: false)
        try client.send(Request.get("/after"))
        #expect(try client.readResponse().header("x-path") == "/after")
    }

    /// An HTTP/0.9 request line is answered 400 and closed at once, not held until the header
    /// timeout (30 s here; the client gives up after 2 s).
    @Test func theHTTP09FormIsAnsweredAndClosedAtOnce() throws {
        let server = try TestServer(TestServer.configuration(headerTimeout: 30))
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /\r\n")
        expectErrorAnswer(try client.readResponse(), status: 400)
        #expect(client.isClosedByServer())
    }

    /// An invalid Host value gets 400 over a real connection too.
    @Test func anInvalidHostIsAnswered400() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET / HTTP/1.1\r\nHost: exa mple/com\r\n\r\n")
        expectErrorAnswer(try client.readResponse(), status: 400)
        #expect(server.responder.requests.isEmpty)
    }
}

/// Many pipelined requests refused from their heads are answered in order on one connection,
/// each answer written at once, without one nested call per request.
@Suite struct PipelinedRefusalTests {
    @Test func thousandsOfPipelinedRefusalsAreAnsweredInOrder() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect(timeout: 5)
        let count = 5000
        let requests = (0..<count).map { Request.get("/r\($0)", headers: ["X-Refuse: 404"]) }.joined() + Request.get("/last")
        try client.send(requests)
        for _ in 0..<count {
            expectErrorAnswer(try client.readResponse(), status: 404, closes: false)
        }
        #expect(try client.readResponse().header("x-path") == "/last")
    }
}
