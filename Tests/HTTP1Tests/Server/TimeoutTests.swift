import SystemIO
import Testing
@testable import HTTP1

/// Every phase of a connection has a deadline: head, body, idle keep-alive and writing.
@Suite struct TimeoutTests {
    /// One second: short for a test, long enough that a busy machine (the suite runs in parallel
    /// on two cores) does not delay a client's next step past it; 0.3 s was, now and then.
    static let quick = TestServer.configuration(headerTimeout: 1, bodyTimeout: 1, idleTimeout: 1, writeTimeout: 1)

    @Test func slowHeadGets408AndIsClosed() throws {
        let server = try TestServer(Self.quick)
        defer { server.stop() }
        let client = try server.connect()
        let started = WallClock.monotonicNanoseconds()
        try client.send("GET /slow HTTP/1.1\r\nHost: test\r\n")
        let answer = try client.readResponse()
        let elapsed = millisecondsSince(started)
        expectErrorAnswer(answer, status: 408)
        #expect(elapsed >= 900 && elapsed < 4000, "408 after \(elapsed) ms")
        #expect(client.isClosedByServer())
        #expect(server.loggedEvents.contains(.timeout))
        #expect(server.responder.requests.isEmpty)
    }

    /// The head deadline runs from its first byte: a byte every 50 ms does not extend it.
    @Test func tricklingAHeadDoesNotExtendItsDeadline() throws {
        let server = try TestServer(Self.quick)
        defer { server.stop() }
        let client = try server.connect()
        let started = WallClock.monotonicNanoseconds()
        try client.send("GET /slow HTTP/1.1\r\nHost: test\r\nX-Pad: ")
        // Trickle for twice the header timeout, or until the server hangs up.
        while millisecondsSince(started) < 2000 {
            WallClock.sleep(milliseconds: 50)
            do throws(RawClient.Failure) { try client.send("a") } catch { break }
        }
        let (bytes, ending) = client.readToEnd()
        #expect(RawResponse.parseAll(bytes).responses.map(\.status) == [408])
        #expect(ending != .timedOut)
        #expect(millisecondsSince(started) < 4000)
    }

    @Test func slowBodyGets408AndIsClosed() throws {
        let server = try TestServer(Self.quick)
        defer { server.stop() }
        let client = try server.connect()
        let started = WallClock.monotonicNanoseconds()
        try client.send("POST /slow HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nabc")
        let answer = try client.readResponse()
        let elapsed = millisecondsSince(started)
        expectErrorAnswer(answer, status: 408)
        #expect(elapsed >= 900 && elapsed < 4000, "408 after \(elapsed) ms")
        #expect(client.isClosedByServer())
        #expect(server.responder.requests.isEmpty)
    }

    /// An idle keep-alive connection is closed quietly: no 408 to a client that asked nothing.
    @Test func idleKeepAliveConnectionIsClosedQuietly() throws {
        let server = try TestServer(Self.quick)
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Request.get("/once"))
        #expect(try client.readResponse().status == 200)
        let started = WallClock.monotonicNanoseconds()
        let (bytes, ending) = client.readToEnd()
        let elapsed = millisecondsSince(started)
        #expect(bytes.isEmpty)
        #expect(ending == .closed)
        #expect(elapsed >= 900 && elapsed < 4000, "closed after \(elapsed) ms idle")
        #expect(waitUntil { server.server.openConnections == 0 })
    }

    /// A connection that never sends a byte is closed quietly too.
    @Test func silentConnectionIsClosedQuietly() throws {
        let server = try TestServer(Self.quick)
        defer { server.stop() }
        let client = try server.connect()
        let (bytes, ending) = client.readToEnd()
        #expect(bytes.isEmpty)
        #expect(ending == .closed)
        #expect(waitUntil { server.server.openConnections == 0 })
    }

    /// A client that asks for a large answer and never reads it is cut off once the write
    /// timeout passes, instead of holding the connection (and the answer's memory) forever.
    @Test func clientThatNeverReadsIsCutOffByTheWriteTimeout() throws {
        let server = try TestServer(Self.quick)
        defer { server.stop() }
        let size = 32 << 20
        let client = try server.connect(timeout: 2, receiveBuffer: 4096)
        try client.send(Request.get("/huge", headers: ["X-Response-Bytes: \(size)"]))
        #expect(waitUntil { server.responder.answered == 1 })
        let started = WallClock.monotonicNanoseconds()
        #expect(waitUntil(timeout: 6) { server.server.openConnections == 0 }, "still open after the write timeout")
        let elapsed = millisecondsSince(started)
        #expect(elapsed < 5000, "cut off after \(elapsed) ms")
        let (bytes, ending) = client.readToEnd()
        #expect(bytes.count < size, "the whole answer could not have been written")
        #expect(ending != .timedOut)
    }
}
