import Testing
@testable import HTTP1

/// The command line's HTTP client: answers read to the end are split into status, headers and
/// body, sized, chunked or to the end; anything else is refused rather than half-read.
@Suite struct HTTPClientExchangeTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func aSizedAnswerKeepsItsLengthOfBody() throws {
        let reply = try #require(HTTPClientExchange.parse(Self.bytes("HTTP/1.1 201 Created\r\nContent-Length: 5\r\nX-A:  b \r\n\r\nhello, and more")))
        #expect(reply.status == 201)
        #expect(reply.header("x-a") == "b")
        #expect(String(decoding: reply.body, as: UTF8.self) == "hello")
    }

    @Test func aChunkedAnswerIsJoined() throws {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n"
        let reply = try #require(HTTPClientExchange.parse(Self.bytes(text)))
        #expect(String(decoding: reply.body, as: UTF8.self) == "hello, world")
    }

    @Test func anUnsizedAnswerRunsToTheEnd() throws {
        let reply = try #require(HTTPClientExchange.parse(Self.bytes("HTTP/1.0 404 Not Found\r\nServer: x\r\n\r\nnot here")))
        #expect(reply.status == 404)
        #expect(String(decoding: reply.body, as: UTF8.self) == "not here")
    }

    @Test func shortOrForeignAnswersAreRefused() {
        for text in [
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",  // cut before its length
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",  // cut inside a chunk
            "HTTP/1.1 200 OK\r\nContent-Length: 2",  // no end of head
            "SSH-2.0-OpenSSH_9.2\r\n\r\n",  // not HTTP
            "HTTP/1.1 abc OK\r\n\r\n",  // no status code
            "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",  // a broken header line
        ] {
            #expect(HTTPClientExchange.parse(Self.bytes(text)) == nil, "\(text.debugDescription)")
        }
    }
}
