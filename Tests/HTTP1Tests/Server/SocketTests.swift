import SystemIO
import Testing
@testable import HTTP1

/// Binding the wildcard addresses, and surviving peers that vanish mid-answer.
@Suite struct SocketTests {
    @Test func bindingAllIPv4AddressesAcceptsLoopback() throws {
        let server = try TestServer(TestServer.configuration(host: "0.0.0.0"))
        defer { server.stop() }
        let client = try RawClient(port: server.port, host: "127.0.0.1")
        try client.send(Request.get("/v4"))
        #expect(try client.readResponse().status == 200)
        #expect(server.responder.requests.first?.peer.host == "127.0.0.1")
    }

    /// `::` is dual stack: IPv6 and IPv4 clients both reach it, and an IPv4 peer is reported
    /// as IPv4, not as `::ffff:127.0.0.1`.
    @Test func bindingAllIPv6AddressesAcceptsBothFamilies() throws {
        let server = try TestServer(TestServer.configuration(host: "::"))
        defer { server.stop() }
        for host in ["::1", "127.0.0.1"] {
            let client = try RawClient(port: server.port, host: host)
            try client.send(Request.get("/dual"))
            #expect(try client.readResponse().status == 200, "via \(host)")
        }
        #expect(server.responder.requests.map(\.peer.host) == ["::1", "127.0.0.1"])
        #expect(server.responder.requests.map(\.peer.isIPv4) == [false, true])
    }

    /// Clients that send a request and leave before the (large, late) answer: writing to
    /// them fails with EPIPE or ECONNRESET, which must not raise SIGPIPE. The server uses
    /// MSG_NOSIGNAL; this test makes sure SIGPIPE is not merely ignored by someone else
    /// by counting any SIGPIPE the process receives while it runs.
    @Test func peersThatLeaveBeforeTheAnswerDoNotRaiseSIGPIPE() throws {
        let server = try TestServer()
        defer { server.stop() }
        let watch = BrokenPipeWatch()
        defer { watch.restore() }
        // The watch itself works: a plain write to a closed socket is counted.
        #expect(watch.raiseOnce() == 1, "the SIGPIPE watch does not see a SIGPIPE")
        watch.reset()
        for reset in [false, true] {
            for _ in 0..<3 {
                let client = try server.connect()
                try client.send(Request.get("/gone", headers: ["X-Delay-Ms: 50", "X-Response-Bytes: \(4 << 20)"]))
                if reset { client.resetOnClose() }
                // `client` goes out of scope here: closed before the answer is written.
            }
        }
        #expect(waitUntil { server.responder.answered == 6 })
        #expect(waitUntil { server.server.openConnections == 0 }, "connections to vanished peers were not closed")
        #expect(watch.count == 0, "SIGPIPE was raised \(watch.count) times")
        // The server is still serving.
        let client = try server.connect()
        try client.send(Request.get("/still-here"))
        #expect(try client.readResponse().status == 200)
    }

    /// Clients that reset mid-head (a hang-up on a watched socket, the event that crashed
    /// libdispatch's epoll backend) are closed at once, however many: the clock is manual, so
    /// no timeout can be what closes them. The server keeps serving and no watch is left.
    @Test func connectionsResetMidHeadAreClosedAtOnce() throws {
        let server = try TestServer(TestServer.configuration(maxConnections: 200))
        defer { server.stop() }
        let watchesBefore = EventReactor.shared.watchCount
        for round in 0..<5 {
            var clients: [RawClient] = []
            for _ in 0..<100 {
                let client = try server.connect()
                try client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-")
                client.resetOnClose()
                clients.append(client)
            }
            #expect(waitUntil { server.server.openConnections == 100 }, "round \(round): \(server.server.openConnections) open")
            clients.removeAll()  // closed with a reset each
            #expect(waitUntil { server.server.openConnections == 0 }, "round \(round): \(server.server.openConnections) left open")
        }
        let client = try server.connect()
        try client.send(Request.get("/still-here"))
        #expect(try client.readResponse().status == 200)
        #expect(waitUntil { EventReactor.shared.watchCount <= watchesBefore + 2 }, "watches left: \(EventReactor.shared.watchCount - watchesBefore)")
    }
}
