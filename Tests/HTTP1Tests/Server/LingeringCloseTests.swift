import Testing
@testable import HTTP1

/// When the server ends a connection while the client is still sending, it shuts its side first
/// and reads on until the client closes (RFC 9112 §9.6): closing at once with unread bytes makes
/// the kernel send a reset, which can destroy the answer before the client reads it.
@Suite struct LingeringCloseTests {
    @Test func aClientStillSendingItsBodyReadsThe413() throws {
        let server = try TestServer(TestServer.configuration(limits: HTTPLimits(maxBodyBytes: 1024)))
        defer { server.stop() }
        let client = try server.connect()
        try client.send("POST /big HTTP/1.1\r\nHost: test\r\nContent-Length: 1000000\r\n\r\n")
        // Keep sending the body the server will never read, as an uploading client does.
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 16 * 1024)
        for _ in 0..<16 {
            do throws(RawClient.Failure) { try client.send(chunk) } catch { break }
        }
        let (bytes, _) = client.readToEnd()
        #expect(RawResponse.parseAll(bytes).responses.map(\.status) == [413])
    }

    /// After its last answer the server shuts its side (the client reads the end) but keeps
    /// reading until the client closes too, then lets the connection go.
    @Test func theServerWaitsForTheClientToCloseItsSide() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Request.get("/last", headers: ["Connection: close"]))
        #expect(try client.readResponse().status == 200)
        #expect(client.isClosedByServer())
        #expect(server.waitForPhases([.lingering]), "still reading, for up to \(HTTPConnection.lingerSeconds) s")
        client.closeSending()
        #expect(waitUntil { server.server.openConnections == 0 })
    }

    /// A client that never closes its side is let go once the lingering close's time is up
    /// (on the test server's manual clock, moved by hand).
    @Test func aClientThatNeverClosesIsLetGoAfterTheLingerTime() throws {
        let server = try TestServer(TestServer.configuration(headerTimeout: 10, bodyTimeout: 20, idleTimeout: 30, writeTimeout: 40))
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Request.get("/last", headers: ["Connection: close"]))
        #expect(try client.readResponse().status == 200)
        #expect(client.isClosedByServer())
        #expect(server.waitForPhases([.lingering]))
        server.advance(seconds: HTTPConnection.lingerSeconds - 0.5)
        #expect(server.phases == [.lingering], "let go before the linger time")
        server.advance(seconds: 0.5)
        #expect(waitUntil { server.server.openConnections == 0 }, "still open after the linger time")
    }
}
