import Testing
@testable import HTTP1

@Suite struct HTTPRequestParserTests {
    static let post = "POST /webhooks/attempt-completed HTTP/1.1\r\nHost: example.org\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"ok\": true }"
    static let chunked = "POST /hook HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\n{\"a\":\r\n8\r\n \"bcdef\"\r\n1\r\n}\r\n0\r\nX-Trailer: yes\r\n\r\n"

    @Test func parsesAContentLengthPostFedWhole() throws {
        let outcome = ParserHarness.run(Self.post)
        #expect(outcome.error == nil)
        let request = try #require(outcome.requests.first)
        #expect(request.head.method == "POST")
        #expect(request.head.path == "/webhooks/attempt-completed")
        #expect(request.head.version == .http11)
        #expect(request.head.headers["content-type"] == "application/json")
        #expect(request.head.keepAlive)
        #expect(String(decoding: request.body, as: UTF8.self) == "{\"ok\": true }")
        #expect(outcome.heads.count == 1)
    }

    @Test(arguments: ParserHarness.allSplits(of: post))
    func contentLengthPostSurvivesEverySplit(pieces: [Int]) throws {
        let outcome = ParserHarness.run(Self.post, pieces: pieces)
        #expect(outcome.error == nil)
        #expect(outcome.requests.count == 1)
        #expect(outcome.requests.first?.body.count == 13)
    }

    @Test(arguments: ParserHarness.allSplits(of: chunked))
    func chunkedBodyWithExtensionsAndTrailersSurvivesEverySplit(pieces: [Int]) throws {
        let outcome = ParserHarness.run(Self.chunked, pieces: pieces)
        #expect(outcome.error == nil)
        let request = try #require(outcome.requests.first)
        #expect(String(decoding: request.body, as: UTF8.self) == "{\"a\": \"bcdef\"}")
        #expect(request.head.contentLength == nil)
    }

    @Test func pipelinedRequestsComeOutInOrder() {
        let three = Self.post + "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n" + Self.chunked
        for pieces in [nil, [1], [7]] as [[Int]?] {
            let outcome = ParserHarness.run(three, pieces: pieces)
            #expect(outcome.error == nil)
            #expect(outcome.requests.map(\.head.path) == ["/webhooks/attempt-completed", "/healthz", "/hook"])
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        let plain = ParserHarness.run("GET / HTTP/1.0\r\n\r\n")
        #expect(plain.requests.first?.head.keepAlive == false)
        let kept = ParserHarness.run("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
        #expect(kept.requests.first?.head.keepAlive == true)
        let closed = ParserHarness.run("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        #expect(closed.requests.first?.head.keepAlive == false)
    }

    @Test func absoluteFormTargetsRouteByTheirPath() {
        let outcome = ParserHarness.run("POST http://example.org:8080/webhooks/a?x=1 HTTP/1.1\r\nHost: example.org\r\nContent-Length: 0\r\n\r\n")
        #expect(outcome.requests.first?.head.path == "/webhooks/a")
        #expect(outcome.requests.first?.head.query == "x=1")
    }

    @Test func percentEncodedPathsAreDecodedAndNormalised() {
        let outcome = ParserHarness.run("GET /web%68ooks//a/ HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(outcome.requests.first?.head.path == "/webhooks/a")
    }

    @Test func expectContinueIsReportedAtTheHead() {
        var parser = HTTPRequestParser()
        parser.append(Array("POST /a HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        guard case .head(let head)? = try? parser.next() else {
            Issue.record("expected a head before the body")
            return
        }
        #expect(head.expectsContinue)
        #expect((try? parser.next()) == nil)
        parser.append(Array("{}".utf8))
        guard case .request(let request)? = try? parser.next() else {
            Issue.record("expected the request once the body arrived")
            return
        }
        #expect(request.body == Array("{}".utf8))
    }

    @Test func leadingEmptyLinesAreIgnored() {
        let outcome = ParserHarness.run("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.requests.count == 1)
    }

    @Test func equalRepeatedContentLengthsAreAccepted() {
        let outcome = ParserHarness.run("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}")
        #expect(outcome.error == nil)
        #expect(outcome.requests.first?.body.count == 2)
    }

    @Test func headerValueWhitespaceIsTrimmed() {
        let outcome = ParserHarness.run("GET / HTTP/1.1\r\nHost: h\r\nX-A: \t value with  spaces \t\r\n\r\n")
        #expect(outcome.requests.first?.head.headers["x-a"] == "value with  spaces")
    }
}
