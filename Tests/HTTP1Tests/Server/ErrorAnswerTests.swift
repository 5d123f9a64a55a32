import Testing
@testable import HTTP1

/// Parse errors over a real socket: each gets its one status, the JSON error shape and
/// `Connection: close`, and the server really closes. No client input yields a 500.
@Suite struct ErrorAnswerTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let status: Int
        let bytes: String
        var testDescription: String { "\(status): \(bytes.prefix(60).debugDescription)" }
    }

    static let limits = HTTPLimits(maxRequestLineBytes: 256, maxHeaderBytes: 512, maxHeaderCount: 8, maxBodyBytes: 64)

    static let cases: [Case] = [
        Case(status: 400, bytes: "GET / HTTP/1.1\r\nHost : test\r\n\r\n"),
        Case(status: 400, bytes: "GET / HTTP/1.1\r\n\r\n"),
        Case(status: 400, bytes: "POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc"),
        Case(status: 400, bytes: "POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        Case(status: 411, bytes: "POST /a HTTP/1.1\r\nHost: test\r\n\r\n"),
        Case(status: 413, bytes: "POST /a HTTP/1.1\r\nHost: test\r\nContent-Length: 65\r\n\r\n"),
        Case(status: 413, bytes: "POST /a HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n41\r\n"),
        Case(status: 414, bytes: "GET /" + String(repeating: "a", count: 300) + " HTTP/1.1\r\nHost: test\r\n\r\n"),
        Case(status: 431, bytes: "GET / HTTP/1.1\r\nHost: test\r\n" + (1...9).map { "X-\($0): v\r\n" }.joined() + "\r\n"),
        Case(status: 431, bytes: "GET / HTTP/1.1\r\nHost: test\r\nX-Big: " + String(repeating: "v", count: 600) + "\r\n\r\n"),
        Case(status: 417, bytes: "POST /a HTTP/1.1\r\nHost: test\r\nExpect: magic\r\nContent-Length: 1\r\n\r\n"),
        Case(status: 501, bytes: "POST /a HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
        Case(status: 505, bytes: "GET / HTTP/2.0\r\nHost: test\r\n\r\n"),
        Case(status: 505, bytes: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
    ]

    @Test(arguments: cases)
    func answeredWithItsStatusAndClosed(_ testCase: Case) throws {
        let server = try TestServer(TestServer.configuration(limits: Self.limits))
        defer { server.stop() }
        let client = try server.connect()
        try client.send(testCase.bytes)
        let answer = try client.readResponse()
        expectErrorAnswer(answer, status: testCase.status)
        #expect(client.isClosedByServer(), "the server closes after losing framing")
        #expect(server.responder.requests.isEmpty)
        #expect(server.loggedEvents == [.rejected], "the operator sees why a sender was refused")
    }

    /// A bad request after a good one on the same connection: the good one is answered and
    /// kept, the bad one gets its error and the close.
    @Test func errorAfterAGoodRequestOnTheSameConnection() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send(Request.get("/ok") + "GET /bad HTTP/1.1\r\nHost: test\r\nX(A): b\r\n\r\n")
        let first = try client.readResponse()
        #expect(first.status == 200)
        #expect(!first.closesConnection)
        expectErrorAnswer(try client.readResponse(), status: 400)
        #expect(client.isClosedByServer())
    }

    /// Hostile input, generated deterministically: mutations of valid requests (bytes
    /// flipped, control bytes inserted, pieces cut or repeated). Whatever the server makes of
    /// each, it never answers 500, and every error answer has the JSON shape and closes.
    @Test func noClientInputYieldsA500() throws {
        let server = try TestServer(TestServer.configuration(limits: Self.limits))
        defer { server.stop() }
        var generator = SplitMix64(seed: 0x5EED)
        let bases = Self.cases.map { Array($0.bytes.utf8) } + [
            Array(Request.post(body: "{\"a\":1}").utf8),
            Array("POST /c HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n3;e=1\r\nabc\r\n0\r\nT: 1\r\n\r\n".utf8),
            Array("GET http://test:80/x?q=%41 HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\n\r\n".utf8),
        ]
        var statuses: [Int: Int] = [:]
        for round in 0..<150 {
            var bytes = bases[Int(generator.next() % UInt64(bases.count))]
            for _ in 0...(generator.next() % 4) { bytes = Self.mutate(bytes, with: &generator) }
            // Finish any head and end the stream, so each case ends at once instead of by a timeout.
            let client = try server.connect()
            try? client.send(bytes + Array("\r\n\r\n".utf8))
            client.finishSending()
            let (received, ending) = client.readToEnd()
            #expect(ending != .timedOut, "round \(round): \(bytes)")
            let (responses, rest) = RawResponse.parseAll(received)
            #expect(rest.isEmpty, "round \(round): trailing bytes \(rest)")
            for response in responses {
                statuses[response.status, default: 0] += 1
                #expect(response.status != 500, "round \(round): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
                if response.status >= 400 {
                    expectErrorAnswer(response, status: response.status)
                }
            }
        }
        // The generator must have reached both answers and refusals to mean anything.
        #expect(statuses[200, default: 0] > 0)
        #expect(statuses.keys.contains { $0 >= 400 })
    }

    static func mutate(_ input: [UInt8], with generator: inout SplitMix64) -> [UInt8] {
        var bytes = input
        guard !bytes.isEmpty else { return [0x0D] }
        let at = Int(generator.next() % UInt64(bytes.count))
        let specials: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x20, 0x3A, 0x3B, 0x2F, 0x25, 0x2E, 0x7F, 0x80, 0xFF, 0x30, 0x66]
        switch generator.next() % 5 {
        case 0: bytes[at] = specials[Int(generator.next() % UInt64(specials.count))]
        case 1: bytes.insert(specials[Int(generator.next() % UInt64(specials.count))], at: at)
        case 2: bytes.removeSubrange(at..<min(bytes.count, at + Int(generator.next() % 8) + 1))
        case 3: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + Int(generator.next() % 16) + 1)], at: at)
        default: bytes[at] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
        }
        return bytes
    }
}
