import SystemIO
import Testing
@testable import HTTP1

/// The connection limit and the slow-header (slowloris) defence.
@Suite struct ConnectionLimitTests {
    /// A flood of refused connections is logged at most once a second, with a count, not once each.
    @Test func refusalsAreLoggedAtMostOnceASecond() throws {
        let server = try TestServer(TestServer.configuration(maxConnections: 1, headerTimeout: 5, idleTimeout: 5))
        defer { server.stop() }
        let holder = try server.connect()
        #expect(waitUntil { server.server.openConnections == 1 })
        let started = WallClock.monotonicNanoseconds()
        for _ in 0..<30 { _ = try server.connect().readResponse() }
        let seconds = millisecondsSince(started) / 1000
        let logged = server.loggedEvents.filter { $0 == .connectionLimit }.count
        #expect(logged >= 1)
        #expect(Double(logged) <= seconds + 2)
        _ = holder
    }

    /// Beyond `maxConnections` a new connection gets 503 with Retry-After at once and is
    /// closed; once a slot frees, connections are admitted again.
    @Test func beyondTheLimitANewConnectionGets503AndIsClosed() throws {
        let server = try TestServer(TestServer.configuration(maxConnections: 2, headerTimeout: 5, idleTimeout: 5))
        defer { server.stop() }
        var first: RawClient? = try server.connect()
        let second = try server.connect()
        #expect(waitUntil { server.server.openConnections == 2 })

        let started = WallClock.monotonicNanoseconds()
        let refused = try server.connect()
        let answer = try refused.readResponse()
        expectErrorAnswer(answer, status: 503)
        #expect(answer.header("retry-after") == "1")
        #expect(refused.isClosedByServer())
        #expect(millisecondsSince(started) < 500, "refused at once, not left hanging")
        #expect(server.loggedEvents.contains(.connectionLimit))
        #expect(server.server.openConnections == 2)

        // A refused client that sends its request at once still reads the 503 (the server
        // may close with that request unread, which makes the kernel send RST).
        let eager = try server.connect()
        try? eager.send(Request.post(body: "too late"))
        let (bytes, _) = eager.readToEnd()
        #expect(RawResponse.parseAll(bytes).responses.map(\.status) == [503])
        #expect(server.responder.requests.isEmpty)

        // The admitted ones still work, and a freed slot admits a newcomer.
        try second.send(Request.get("/admitted"))
        #expect(try second.readResponse().status == 200)
        _ = first
        first = nil
        #expect(waitUntil { server.server.openConnections == 1 })
        let later = try server.connect()
        try later.send(Request.get("/later"))
        #expect(try later.readResponse().header("x-path") == "/later")
    }

    /// 500 connections each trickling a partial head do not starve a fresh client: its
    /// request is answered in well under a second. The tricklers themselves are cut off by
    /// the header timeout, which runs from a head's first byte and is not renewed by trickling
    /// (the test server's clock moves only when told, so trickling takes no real time).
    @Test func slowHeadersDoNotStarveAFreshRequest() throws {
        let headerTimeout = 10.0
        let server = try TestServer(TestServer.configuration(maxConnections: 1024, headerTimeout: headerTimeout, idleTimeout: 30))
        defer { server.stop() }
        let head = "POST /slow HTTP/1.1\r\nHost: test\r\nX-Pad: "
        var slow: [RawClient] = []
        for _ in 0..<500 {
            let client = try server.connect(timeout: 3)
            try client.send(head)
            slow.append(client)
        }
        #expect(waitUntil(timeout: 10) { server.phases.filter { $0 == .readingHead }.count == 500 })
        for _ in 0..<2 {
            server.advance(seconds: 1)
            for client in slow { try? client.send("a") }
        }

        let started = WallClock.monotonicNanoseconds()
        let fresh = try server.connect()
        try fresh.send(Request.post(body: "fresh"))
        let answer = try fresh.readResponse()
        let elapsed = millisecondsSince(started)
        #expect(answer.status == 200)
        #expect(answer.text == "fresh")
        #expect(elapsed < 1000, "a fresh request took \(elapsed) ms behind 500 slow clients")

        // Keep trickling to half of them, and let the server read it before the clock moves on;
        // all 500 are cut off with 408 at the header timeout from their first byte.
        server.advance(seconds: headerTimeout - 2.5)
        for client in slow[..<250] { try? client.send("a") }
        let trickled = head.utf8.count + 3
        #expect(
            waitUntil(timeout: 10) { server.server.connectionSnapshots.filter { $0.receivedBytes == trickled }.count == 250 })
        #expect(server.phases.filter { $0 == .readingHead }.count == 500, "cut off before the header timeout")
        server.advance(seconds: 0.5)
        for client in stride(from: 0, to: 500, by: 25).map({ slow[$0] }) + [slow[499]] {
            let (bytes, _) = client.readToEnd()
            let responses = RawResponse.parseAll(bytes).responses
            #expect(responses.map(\.status) == [408])
        }
        // After its 408 each lingers until its client closes (`LingeringCloseTests`).
        #expect(waitUntil(timeout: 10) { server.phases.filter { $0 == .lingering }.count == 500 })
        slow.removeAll()
        #expect(server.waitForPhases([.idle], timeout: 10), "only the fresh client's connection is left")
        #expect(server.responder.requests.map(\.path) == ["/echo"])
    }
}
