import Testing
@testable import HTTP1

/// Connection persistence over a real socket (RFC 9112 §9.3): keep-alive, HTTP/1.0 closing,
/// `Connection: close`, pipelining and HEAD framing.
@Suite struct KeepAliveTests {
    @Test func severalRequestsShareOneConnection() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        for index in 1...5 {
            try client.send(Request.post(body: "body \(index)"))
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "body \(index)")
            #expect(response.header("x-sequence") == String(index))
            #expect(!response.closesConnection)
            #expect(response.header("date") != nil)
        }
        let peers = Set(server.responder.requests.map(\.peer))
        #expect(peers.count == 1, "all five requests came over one TCP connection")
        #expect(server.server.openConnections == 1)
    }

    @Test func http10ClosesAfterTheAnswer() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /old HTTP/1.0\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.header("x-path") == "/old")
        #expect(response.closesConnection)
        #expect(client.isClosedByServer())
    }

    @Test func http10KeepAliveIsHonouredWhenAsked() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        for _ in 1...2 {
            try client.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("connection")?.lowercased() == "keep-alive")
        }
        #expect(server.responder.requests.count == 2)
    }

    @Test func connectionCloseIsHonoured() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Request.get("/last", headers: ["Connection: close"]))
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.closesConnection)
        #expect(client.isClosedByServer())
    }

    /// Three requests in one write, the first answered slowest: the answers still come in
    /// request order, and the responder sees each only after the previous one was answered.
    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        let chunked = "POST /third HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nX-T: 1\r\n\r\n"
        try client.send(
            Request.post("/first", body: "one", headers: ["X-Delay-Ms: 150"]) + Request.get("/second") + chunked)
        let answers = try (1...3).map { _ in try client.readResponse() }
        #expect(answers.map(\.status) == [200, 200, 200])
        #expect(answers.map { $0.header("x-path") } == ["/first", "/second", "/third"])
        #expect(answers.map(\.text) == ["one", "", "abc"])
        #expect(answers.map { $0.header("x-sequence") } == ["1", "2", "3"])
        let seen = server.responder.requests
        #expect(seen.map(\.path) == ["/first", "/second", "/third"])
        if seen.count == 3 {
            // The second request was handed over only after the first's 150 ms answer.
            #expect(seen[1].receivedAt - seen[0].receivedAt >= 140_000_000)
        }
        // Still usable afterwards.
        try client.send(Request.get("/fourth"))
        #expect(try client.readResponse().header("x-path") == "/fourth")
    }

    /// Pipelined requests after a `Connection: close` one are not answered: the server closes.
    @Test func pipelinedRequestsStopAtConnectionClose() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Request.get("/a") + Request.get("/b", headers: ["Connection: close"]) + Request.get("/c"))
        let (bytes, ending) = client.readToEnd()
        let (responses, rest) = RawResponse.parseAll(bytes)
        #expect(responses.map { $0.header("x-path") } == ["/a", "/b"])
        #expect(responses.last?.closesConnection == true)
        #expect(rest.isEmpty)
        #expect(ending != .timedOut)
        #expect(server.responder.requests.map(\.path) == ["/a", "/b"])
    }

    /// HEAD gets the GET's Content-Length but no body bytes, so the next response on the same
    /// connection starts exactly where it should.
    @Test func headAnswersCarryNoBody() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Request.get("/h", headers: ["X-Response-Bytes: 10"]).replacingPrefix("GET", with: "HEAD"))
        let head = try client.readResponse(bodyless: true)
        #expect(head.status == 200)
        #expect(head.header("content-length") == "10")
        try client.send(Request.get("/g", headers: ["X-Response-Bytes: 3"]))
        let get = try client.readResponse()
        #expect(get.header("x-path") == "/g")
        #expect(get.text == "xxx")
    }
}
