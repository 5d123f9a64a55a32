import Testing
@testable import HTTP1

/// A request refused from its head costs nothing for the body it announced: the parser
/// reserves no storage for it, and a body already received is skipped, not copied.
@Suite struct BodySkippingTests {
    @Test func aHeadReservesNothingForItsBody() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 1048576\r\n\r\n".utf8))
        guard case .head = try parser.next() else {
            Issue.record("expected the head")
            return
        }
        #expect(parser.body.capacity < 1024, "reserved \(parser.body.capacity) bytes before any body byte arrived")
        parser.append([UInt8](repeating: 0x20, count: 10))
        let more = try parser.next()
        #expect(more == nil)
        #expect(parser.body.capacity >= 1_048_576, "reserved once the body starts arriving")
    }

    @Test func aBufferedBodyIsSkippedAndTheNextRequestFollows() throws {
        var parser = HTTPRequestParser()
        parser.append(Array((Request.post("/refused", body: "secret") + Request.get("/next")).utf8))
        guard case .head(let head) = try parser.next() else {
            Issue.record("expected the head")
            return
        }
        #expect(head.path == "/refused")
        let skipped = parser.skipBufferedBody()
        #expect(skipped)
        #expect(parser.body.isEmpty)
        guard case .head(let next) = try parser.next() else {
            Issue.record("expected the next head")
            return
        }
        #expect(next.path == "/next")
    }

    @Test func aBodyStillArrivingIsNotSkipped() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc".utf8))
        _ = try parser.next()
        let skipped = parser.skipBufferedBody()
        #expect(!skipped)
        parser.append(Array("defghij".utf8))
        guard case .request(let request) = try parser.next() else {
            Issue.record("the request must be intact after a refused skip")
            return
        }
        #expect(request.body == Array("abcdefghij".utf8))
    }

    @Test func aChunkedBodyIsNeverSkipped() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8))
        _ = try parser.next()
        let skipped = parser.skipBufferedBody()
        #expect(!skipped)
    }
}
