import Testing
@testable import HTTP1

/// Rules decided from the request head alone: the Host value's syntax (RFC 9112 §3.2), the
/// default header-count limit, and the HTTP/0.9 form refused as soon as its line ends.
@Suite struct RequestHeadRulesTests {
    static let validHosts = [
        "hooks.example.edu", "hooks.example.edu:443", "127.0.0.1", "127.0.0.1:8080", "[::1]", "[2001:db8::1]:8080",
        "[::ffff:192.0.2.1]", "[v1.fe80::a+en1]", "localhost:", "xn--bcher-kva.example", "my_host.local", "%41bc",
        "a-b.c~d!$&'()*+,;=", "",
    ]

    static let invalidHosts = [
        "exa mple.com", "example.com/path", "user@example.com", "example.com:80x", "example.com:-1", "a:1:2",
        "[::1", "[zz::1]", "[::1]x", "[]", "[v1]", "%4", "%zz.example", "exa\"mple", "<script>", "ex{am}ple",
        "bücher.example", "example.com?", "example.com#frag", "exam\\ple",
    ]

    @Test(arguments: validHosts)
    func aValidHostIsAccepted(_ host: String) {
        let outcome = ParserHarness.run("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n")
        #expect(outcome.error == nil, "Host: \(host)")
        #expect(outcome.requests.count == 1)
    }

    @Test(arguments: invalidHosts)
    func anInvalidHostIsRefusedWith400(_ host: String) {
        for version in ["HTTP/1.1", "HTTP/1.0"] {
            let outcome = ParserHarness.run("GET / \(version)\r\nHost: \(host)\r\n\r\n")
            #expect(outcome.error?.status.code == 400, "\(version) Host: \(host)")
            #expect(outcome.requests.isEmpty)
        }
    }

    @Test func hostIsRequiredOnHTTP11AndOnlyOnceOnAnyVersion() {
        #expect(ParserHarness.run("GET / HTTP/1.1\r\n\r\n").error?.status.code == 400)
        #expect(ParserHarness.run("GET / HTTP/1.0\r\n\r\n").error == nil)
        #expect(ParserHarness.run("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n").error?.status.code == 400)
    }

    /// About a hundred custom headers plus what a client and two proxies add pass the defaults.
    @Test func aRequestWithAHundredHeadersPassesTheDefaults() throws {
        let usual = [
            "Host: hooks.example.edu", "User-Agent: Synap-Webhooks/1.0", "Accept: */*", "Accept-Encoding: gzip, deflate",
            "Content-Type: application/json", "Authorization: Basic c3luYXA6c2VjcmV0", "X-Forwarded-For: 203.0.113.7",
            "X-Forwarded-Proto: https", "X-Forwarded-Host: hooks.example.edu", "X-Real-IP: 203.0.113.7",
            "Via: 1.1 cdn", "Traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "Content-Length: 2",
        ]
        let custom = (1...100).map { "X-Custom-\($0): value \($0)" }
        let request = "POST /webhooks/a HTTP/1.1\r\n" + (usual + custom).map { $0 + "\r\n" }.joined() + "\r\n{}"
        let outcome = ParserHarness.run(request)
        #expect(outcome.error == nil)
        #expect(try #require(outcome.requests.first).head.headers.count == 113)
    }

    /// A flood of tiny fields, well under the byte limit, is still stopped by the count.
    @Test func aFloodOfHeadersIsStoppedWith431() {
        let flood = "GET / HTTP/1.1\r\nHost: h\r\n" + String(repeating: "a:\r\n", count: 1000) + "\r\n"
        #expect(flood.utf8.count < HTTPLimits().maxHeaderBytes)
        let outcome = ParserHarness.run(flood)
        #expect(outcome.error?.status.code == 431)
        #expect(HTTPLimits().maxHeaderCount < 1000)
    }

    /// `GET /` with no version (HTTP/0.9) is refused when its line ends, not when a blank line
    /// that an HTTP/0.9 client never sends would have ended a head.
    @Test(arguments: ParserHarness.allSplits(of: "GET /\r\n"))
    func theHTTP09FormIsRefusedAtTheEndOfItsLine(pieces: [Int]) {
        let outcome = ParserHarness.run("GET /\r\n", pieces: pieces)
        #expect(outcome.error?.status.code == 400)
        #expect(outcome.error?.message.contains("HTTP/0.9") == true)
    }

    /// Any malformed request line is refused at its end, before the header block arrives.
    @Test func aMalformedRequestLineIsRefusedBeforeTheHeaders() {
        #expect(ParserHarness.run("GET / HTTP/1.1x\r\nHost: h\r\n").error?.status.code == 400)
        #expect(ParserHarness.run("GET / HTTP/2.0\r\n").error?.status.code == 505)
        #expect(ParserHarness.run("GET  / HTTP/1.1\r\n").error?.status.code == 400)
    }
}
