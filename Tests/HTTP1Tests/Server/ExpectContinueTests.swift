import SystemIO
import Testing
@testable import HTTP1

/// `Expect: 100-continue` (RFC 9110 §10.1.1) and refusing a body before it is sent.
@Suite struct ExpectContinueTests {
    static let head = "POST /upload HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n"

    @Test func continueIsSentBeforeTheBodyIsRead() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Self.head + "\r\n")
        let interim = try client.readResponse()
        #expect(interim.status == 100)
        #expect(interim.body.isEmpty)
        #expect(server.responder.headsBeforeBody.map(\.path) == ["/upload"])
        #expect(server.responder.requests.isEmpty, "nothing is answered before the body arrives")
        try client.send("hello")
        let final = try client.readResponse()
        #expect(final.status == 200)
        #expect(final.text == "hello")
        #expect(!final.closesConnection)
        try client.send(Request.get("/after"))
        #expect(try client.readResponse().header("x-path") == "/after")
    }

    @Test func chunkedBodyAfterContinue() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("POST /c HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n")
        #expect(try client.readResponse().status == 100)
        try client.send("4\r\nwiki\r\n0\r\n\r\n")
        let final = try client.readResponse()
        #expect(final.status == 200)
        #expect(final.text == "wiki")
    }

    /// The responder refuses from the head: its answer replaces the 100, and since the body
    /// was never read the connection closes.
    @Test func refusalBeforeTheBodyReplacesTheContinueAndCloses() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Self.head + "X-Refuse: 401\r\n\r\n")
        let answer = try client.readResponse()
        expectErrorAnswer(answer, status: 401)
        #expect(client.isClosedByServer())
        #expect(server.responder.requests.isEmpty)
    }

    @Test func configuredRefusalAppliesToEveryExpectingRequest() throws {
        let server = try TestServer(responder: TestResponder(.init(refuseBeforeBody: .forbidden)))
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Self.head + "\r\n")
        expectErrorAnswer(try client.readResponse(), status: 403)
        #expect(client.isClosedByServer())
    }

    /// A client that sends the body along with the head is not sent a late 100.
    @Test func noContinueWhenTheBodyCameWithTheHead() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Self.head + "\r\nhello")
        let first = try client.readResponse()
        #expect(first.status == 200)
        #expect(first.text == "hello")
    }

    /// A client that sends an oversized body eagerly (no `Expect`) must still be able to
    /// read the 413. If the server closes with the unread body in its receive buffer, the
    /// kernel answers with RST, which can destroy the 413 before the client reads it
    /// (RFC 9112 §9.6: close the sending side first and keep reading a while).
    @Test func oversizedBodySentEagerlyStillGetsIts413() throws {
        let limits = HTTPLimits(maxBodyBytes: 1024)
        let server = try TestServer(TestServer.configuration(limits: limits, headerTimeout: 5, bodyTimeout: 5))
        defer { server.stop() }
        let client = try server.connect()
        let body = String(repeating: "x", count: 4 << 20)
        try? client.send("POST /big HTTP/1.1\r\nHost: test\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        let (bytes, ending) = client.readToEnd()
        let responses = RawResponse.parseAll(bytes).responses
        #expect(responses.map(\.status) == [413], "got \(bytes.count) bytes, ending \(ending)")
        #expect(ending != .timedOut)
    }

    /// 413 comes from Content-Length alone: the client gets it while still holding its body,
    /// with or without `Expect`, and the server closes.
    @Test(arguments: [false, true])
    func oversizedBodyIsRefusedBeforeItIsSent(expectContinue: Bool) throws {
        let limits = HTTPLimits(maxBodyBytes: 1024)
        let server = try TestServer(TestServer.configuration(limits: limits, headerTimeout: 5, bodyTimeout: 5))
        defer { server.stop() }
        let client = try server.connect()
        let started = WallClock.monotonicNanoseconds()
        try client.send(
            "POST /big HTTP/1.1\r\nHost: test\r\nContent-Length: 1048576\r\n" + (expectContinue ? "Expect: 100-continue\r\n" : "")
                + "\r\n")
        let answer = try client.readResponse()
        expectErrorAnswer(answer, status: 413)
        #expect(millisecondsSince(started) < 1000, "answered at once, not after a body timeout")
        #expect(client.isClosedByServer())
        #expect(server.responder.requests.isEmpty)
        #expect(server.responder.headsBeforeBody.isEmpty)
    }
}
