import Synchronization
import SystemIO
import Testing
@testable import HTTP1

/// `HTTPServer.shutdown(deadline:completion:)`: stop accepting, finish what is in hand,
/// close idle connections, call the completion.
@Suite struct ShutdownTests {
    /// Records when the completion ran.
    final class Completion: Sendable {
        private let calledAt = Mutex<UInt64?>(nil)
        func call() { calledAt.withLock { $0 = WallClock.monotonicNanoseconds() } }
        var time: UInt64? { calledAt.withLock { $0 } }
    }

    /// A second shutdown call (two signals, say) does not drop the first one's completion.
    @Test func everyShutdownCallsCompletionRuns() throws {
        let server = try TestServer(TestServer.configuration(headerTimeout: 5, idleTimeout: 5))
        let busy = try server.connect()
        try busy.send(Request.post("/busy", body: "in flight", headers: ["X-Delay-Ms: 200"]))
        #expect(waitUntil { server.responder.requests.count == 1 })
        let first = Completion(), second = Completion()
        server.server.shutdown(deadline: 3) { first.call() }
        server.server.shutdown(deadline: 3) { second.call() }
        #expect(try busy.readResponse().status == 200)
        #expect(waitUntil { first.time != nil && second.time != nil }, "a completion was dropped")
    }

    @Test func requestInFlightIsAnsweredIdleOnesAreClosedAndCompletionRuns() throws {
        let server = try TestServer(TestServer.configuration(headerTimeout: 5, idleTimeout: 5))
        let idle = try server.connect()
        try idle.send(Request.get("/idle"))
        #expect(try idle.readResponse().status == 200)
        let busy = try server.connect()
        try busy.send(Request.post("/busy", body: "in flight", headers: ["X-Delay-Ms: 300"]))
        #expect(waitUntil { server.responder.requests.count == 2 })

        let completion = Completion()
        let started = WallClock.monotonicNanoseconds()
        server.server.shutdown(deadline: 3) { completion.call() }

        // The idle connection is closed at once, without an answer.
        #expect(idle.isClosedByServer())
        #expect(millisecondsSince(started) < 500)
        // New connections are refused once the listener is gone.
        #expect(waitUntil(timeout: 1) { (try? RawClient(port: server.port)) == nil }, "still accepting after shutdown")
        #expect(completion.time == nil, "completion ran before the request in flight was answered")

        // The request in flight gets its whole answer, marked as the last on its connection.
        let answer = try busy.readResponse()
        #expect(answer.status == 200)
        #expect(answer.text == "in flight")
        #expect(answer.closesConnection)
        #expect(busy.isClosedByServer())
        #expect(waitUntil { completion.time != nil }, "completion never ran")
        if let done = completion.time {
            let elapsed = Double(done - started) / 1_000_000
            #expect(elapsed >= 250 && elapsed < 2000, "completion after \(elapsed) ms")
        }
        #expect(server.server.openConnections == 0)
    }

    /// A response still being written when shutdown starts is finished, and then the
    /// connection closes: it does not go back to idle keep-alive and hold shutdown until the
    /// deadline.
    @Test func responseBeingWrittenWhenShutdownStartsIsFinishedThenClosed() throws {
        let server = try TestServer(TestServer.configuration(headerTimeout: 5, idleTimeout: 5, writeTimeout: 5))
        let size = 8 << 20
        let client = try server.connect(timeout: 3, receiveBuffer: 4096)
        try client.send(Request.get("/large", headers: ["X-Response-Bytes: \(size)"]))
        #expect(waitUntil { server.responder.answered == 1 })
        WallClock.sleep(milliseconds: 50)  // the socket is full: the server is mid-write
        let completion = Completion()
        let started = WallClock.monotonicNanoseconds()
        server.server.shutdown(deadline: 3) { completion.call() }
        let answer = try client.readResponse()
        #expect(answer.status == 200)
        #expect(answer.body.count == size)
        #expect(client.isClosedByServer(), "the connection stayed open after its last answer")
        #expect(waitUntil { completion.time != nil })
        if let done = completion.time {
            let elapsed = Double(done - started) / 1_000_000
            #expect(elapsed < 2000, "completion after \(elapsed) ms: shutdown waited for the deadline")
        }
    }

    /// A request that never gets an answer does not hold shutdown beyond its deadline.
    @Test func deadlineCutsWhatIsStillOpen() throws {
        let server = try TestServer(TestServer.configuration(headerTimeout: 5, idleTimeout: 5))
        let stuck = try server.connect()
        try stuck.send(Request.get("/stuck", headers: ["X-Hold: 1"]))
        #expect(waitUntil { server.responder.requests.count == 1 })
        let completion = Completion()
        let started = WallClock.monotonicNanoseconds()
        server.server.shutdown(deadline: 0.3) { completion.call() }
        #expect(waitUntil { completion.time != nil }, "completion never ran")
        if let done = completion.time {
            let elapsed = Double(done - started) / 1_000_000
            #expect(elapsed >= 250 && elapsed < 1500, "completion after \(elapsed) ms")
        }
        #expect(stuck.isClosedByServer())
        #expect(waitUntil { server.server.openConnections == 0 })
        // An answer that comes after the cut is dropped without harm.
        server.responder.releaseHeld()
    }

    @Test func shutdownWithNoConnectionsCompletesAtOnce() throws {
        let server = try TestServer()
        let started = WallClock.monotonicNanoseconds()
        #expect(server.stop(deadline: 5))
        #expect(millisecondsSince(started) < 500)
        #expect(waitUntil(timeout: 1) { (try? RawClient(port: server.port)) == nil })
    }

    /// A connection halfway through a head when shutdown starts is not waited for until the
    /// shutdown deadline: it ends by its own header timeout, with 408, and shutdown completes.
    @Test func halfReceivedHeadDoesNotHoldShutdownToTheDeadline() throws {
        let server = try TestServer(TestServer.configuration(headerTimeout: 10, idleTimeout: 30))
        let partial = try server.connect()
        try partial.send("GET /partial HTTP/1.1\r\nHost: te")
        #expect(server.waitForPhases([.readingHead]))
        let completion = Completion()
        let started = WallClock.monotonicNanoseconds()
        server.server.shutdown(deadline: 3) { completion.call() }
        server.advance(seconds: 10)
        let (bytes, ending) = partial.readToEnd()
        #expect(ending != .timedOut)
        #expect(RawResponse.parseAll(bytes).responses.map(\.status) == [408])
        #expect(waitUntil { completion.time != nil })
        if let done = completion.time {
            let elapsed = Double(done - started) / 1_000_000
            #expect(elapsed < 1500, "completion after \(elapsed) ms: shutdown waited for the deadline")
        }
    }
}
