import SystemIO
import Testing
@testable import HTTP1

/// Every phase of a connection has a deadline: head, body, idle keep-alive and writing (the
/// lingering close's is in `LingeringCloseTests`). The server runs on a manual clock: each test
/// waits until the connection is in the phase it means, moves the clock to half a second before
/// the deadline (nothing happens), then onto it (the timeout fires). No test waits for a timeout
/// in real time, and a busy machine cannot make a client's next step late.
@Suite struct TimeoutTests {
    /// Each timeout different, so a test shows which one cut the connection.
    static let timeouts = TestServer.configuration(headerTimeout: 10, bodyTimeout: 20, idleTimeout: 30, writeTimeout: 40)

    /// The head deadline runs from the head's first byte, not from the connection's start.
    @Test func slowHeadGets408AndIsClosed() throws {
        let server = try TestServer(Self.timeouts)
        defer { server.stop() }
        let client = try server.connect()
        #expect(server.waitForPhases([.idle]))
        server.advance(seconds: 5)
        try client.send("GET /slow HTTP/1.1\r\nHost: test\r\n")
        #expect(server.waitForPhases([.readingHead]))
        server.advance(seconds: 9.5)
        #expect(server.phases == [.readingHead], "cut off before the header timeout from its first byte")
        server.advance(seconds: 0.5)
        expectErrorAnswer(try client.readResponse(), status: 408)
        #expect(client.isClosedByServer())
        #expect(server.loggedEvents.contains(.timeout))
        #expect(server.responder.requests.isEmpty)
    }

    /// Slowloris: a head that keeps trickling in (a byte every half second here) is cut off
    /// when its deadline passes; bytes do not extend it. Likewise a trickling body (R.U.D.Y.).
    @Test(arguments: [false, true])
    func tricklingDoesNotExtendTheDeadline(inBody: Bool) throws {
        let server = try TestServer(Self.timeouts)
        defer { server.stop() }
        let client = try server.connect()
        let start =
            inBody ? "POST /slow HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\n\r\n" : "GET /slow HTTP/1.1\r\nHost: test\r\nX-Pad: "
        try client.send(start)
        let phase: HTTPConnection.Phase = inBody ? .readingBody : .readingHead
        var received = inBody ? 0 : start.utf8.count
        #expect(server.waitForConnection(phase, receivedBytes: received))
        let timeout = inBody ? 20.0 : 10.0
        var elapsed = 0.0
        while elapsed < timeout - 0.5 {
            server.advance(seconds: 0.5)
            elapsed += 0.5
            try client.send("a")
            received += 1
            // The server has read the byte before the clock moves on: a deadline that a byte
            // renewed would now lie beyond the original one.
            #expect(server.waitForConnection(phase, receivedBytes: received))
        }
        server.advance(seconds: 0.5)
        let (bytes, ending) = client.readToEnd()
        #expect(RawResponse.parseAll(bytes).responses.map(\.status) == [408])
        #expect(ending != .timedOut)
        #expect(server.responder.requests.isEmpty)
    }

    /// The body deadline runs from the end of the head.
    @Test func slowBodyGets408AndIsClosed() throws {
        let server = try TestServer(Self.timeouts)
        defer { server.stop() }
        let client = try server.connect()
        try client.send("POST /slow HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nabc")
        #expect(server.waitForConnection(.readingBody, receivedBytes: 3))
        server.advance(seconds: 19.5)
        #expect(server.phases == [.readingBody], "cut off before the body timeout")
        server.advance(seconds: 0.5)
        expectErrorAnswer(try client.readResponse(), status: 408)
        #expect(client.isClosedByServer())
        #expect(server.loggedEvents.contains(.timeout))
        #expect(server.responder.requests.isEmpty)
    }

    /// An idle keep-alive connection is closed quietly: no 408 to a client that asked nothing.
    @Test func idleKeepAliveConnectionIsClosedQuietly() throws {
        let server = try TestServer(Self.timeouts)
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Request.get("/once"))
        #expect(try client.readResponse().status == 200)
        #expect(server.waitForPhases([.idle]))
        server.advance(seconds: 29.5)
        #expect(server.phases == [.idle], "closed before the idle timeout")
        server.advance(seconds: 0.5)
        let (bytes, ending) = client.readToEnd()
        #expect(bytes.isEmpty)
        #expect(ending == .closed)
        #expect(waitUntil { server.server.openConnections == 0 })
    }

    /// A connection that never sends a byte is closed quietly too, after the header timeout.
    @Test func silentConnectionIsClosedQuietly() throws {
        let server = try TestServer(Self.timeouts)
        defer { server.stop() }
        let client = try server.connect()
        #expect(server.waitForPhases([.idle]))
        server.advance(seconds: 9.5)
        #expect(server.phases == [.idle], "closed before the header timeout")
        server.advance(seconds: 0.5)
        let (bytes, ending) = client.readToEnd()
        #expect(bytes.isEmpty)
        #expect(ending == .closed)
        #expect(waitUntil { server.server.openConnections == 0 })
    }

    /// A client that asks for a large answer and never reads it is cut off once the write
    /// timeout passes, instead of holding the connection (and the answer's memory) forever.
    @Test func clientThatNeverReadsIsCutOffByTheWriteTimeout() throws {
        let server = try TestServer(Self.timeouts)
        defer { server.stop() }
        let size = 32 << 20
        let client = try server.connect(receiveBuffer: 4096)
        try client.send(Request.get("/huge", headers: ["X-Response-Bytes: \(size)"]))
        #expect(server.waitForPhases([.writing]))
        server.advance(seconds: 39.5)
        #expect(server.phases == [.writing], "cut off before the write timeout")
        server.advance(seconds: 0.5)
        #expect(waitUntil { server.server.openConnections == 0 }, "still open after the write timeout")
        let (bytes, ending) = client.readToEnd()
        #expect(bytes.count < size, "the whole answer could not have been written")
        #expect(ending != .timedOut)
    }

    /// While the responder works on a request, no timeout runs: the answer comes when it comes
    /// (the receiver's waits for the journal's fsync).
    @Test func aRequestBeingAnsweredIsNeverTimedOut() throws {
        let server = try TestServer(Self.timeouts)
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Request.get("/held", headers: ["X-Hold: 1"]))
        #expect(server.waitForPhases([.awaitingResponse]))
        server.advance(seconds: 3600)
        #expect(server.phases == [.awaitingResponse])
        server.responder.releaseHeld()
        #expect(try client.readResponse().header("x-path") == "/held")
    }

    /// The one test on the system's clock: the sweep timer a production server runs and the
    /// clock it reads are what the tests above replace, so this shows they cut a connection in
    /// real time. Which phase times out makes no difference to them; a silent connection is the
    /// one whose outcome does not depend on how fast this machine delivers the client's bytes.
    @Test func theSystemClockAndSweepTimerCutASilentConnection() throws {
        let server = try TestServer(TestServer.configuration(headerTimeout: 0.2), systemClock: true)
        defer { server.stop() }
        let client = try server.connect(timeout: 5)
        let (bytes, ending) = client.readToEnd()
        #expect(bytes.isEmpty)
        #expect(ending == .closed, "not closed by the header timeout in real time")
        #expect(waitUntil { server.server.openConnections == 0 })
    }
}
