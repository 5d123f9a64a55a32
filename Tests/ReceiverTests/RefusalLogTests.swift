import Foundation
import Testing
@testable import Receiver

/// Refused requests leave a trace in the operational log, at most one line a second per kind,
/// with the client's address, and nothing a client sends can bloat or forge a line.
@Suite struct RefusalLogTests {
    static let routes = [GateFixture.route("/webhooks/attempt-completed", password: "right")]

    @Test func anUnknownPathIsLoggedWithTheClientAndThePath() throws {
        let fixture = GateFixture(routes: Self.routes)
        #expect(try fixture.check("POST /webhooks/attempt-complete HTTP/1.1", headers: ["Content-Length: 0"], peer: "198.51.100.4").refusedStatus == 404)
        let line = try #require(fixture.logged.first)
        #expect(line.contains("level=warning"))
        #expect(line.contains("msg=\"refused a request for a path with no route\""))
        #expect(line.contains("client=198.51.100.4"))
        #expect(line.contains("path=/webhooks/attempt-complete "))
        #expect(line.contains("method=POST"))
        #expect(line.contains("count=1"))
    }

    @Test func aWrongMethodIsLoggedWithTheClientAndTheRoute() throws {
        let fixture = GateFixture(routes: Self.routes)
        #expect(try fixture.check("GET /webhooks/attempt-completed HTTP/1.1", peer: "198.51.100.4").refusedStatus == 405)
        let line = try #require(fixture.logged.first)
        #expect(line.contains("client=198.51.100.4"))
        #expect(line.contains("method=GET"))
        #expect(line.contains("route=/webhooks/attempt-completed"))
    }

    /// A long path with a line separator in it is cut to 128 characters and escaped.
    @Test func aLoggedPathIsTruncatedAndEscaped() throws {
        let fixture = GateFixture(routes: Self.routes)
        let path = "/x%E2%80%A8forged=1" + String(repeating: "a", count: 2000)
        _ = try fixture.check("GET \(path) HTTP/1.1")
        let line = try #require(fixture.logged.first)
        #expect(!line.contains("\u{2028}"))
        #expect(line.contains(#"path="/x\u2028forged=1aaa"#))
        #expect(line.contains("a…\""))
        #expect(line.utf8.count < 400, "\(line.utf8.count) bytes")
    }

    /// A flood of refusals writes one line a second per kind, each saying how many it stands for.
    @Test func refusalsAreLoggedAtMostOnceASecondPerKind() throws {
        let fixture = GateFixture(routes: Self.routes)
        for _ in 0..<100 { _ = try fixture.check("GET /nowhere HTTP/1.1") }
        for _ in 0..<100 { _ = try fixture.check("POST /webhooks/attempt-completed HTTP/1.1", headers: ["Content-Length: 0"]) }
        #expect(fixture.logged.count == 2, "\(fixture.logged)")
        fixture.advance(milliseconds: 1000)
        _ = try fixture.check("GET /nowhere HTTP/1.1")
        #expect(fixture.logged.count == 3)
        #expect(fixture.logged.last?.contains("count=100") == true, "99 held back and this one: \(fixture.logged.last ?? "")")
    }

    /// One Authorization header of 32,000 characters used to become a 135 KB line: the
    /// username is cut to 64 characters and its control characters escaped.
    @Test func aHugeUsernameIsTruncatedAndEscaped() throws {
        let fixture = GateFixture(routes: Self.routes)
        let username = "\u{1B}[31m" + String(repeating: "\u{7F}\u{85}", count: 7_990)
        let credentials = Data("\(username):guess".utf8).base64EncodedString()
        #expect(credentials.count > 31_000)
        let outcome = try fixture.check(
            "POST /webhooks/attempt-completed HTTP/1.1", headers: ["Authorization: Basic \(credentials)", "Content-Length: 0"])
        #expect(outcome.refusedStatus == 401)
        let line = try #require(fixture.logged.first)
        #expect(line.utf8.count < 600, "\(line.utf8.count) bytes")
        #expect(line.contains(#"username="\u001b[31m\u007f\u0085"#))
        #expect(line.contains("reason=\"wrong credentials\""))
        #expect(!line.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x7F || $0.value == 0x85 })
    }

    @Test func authenticationFailuresAreThrottledLikeOtherRefusals() throws {
        let fixture = GateFixture(routes: Self.routes)
        for attempt in 0..<50 {
            let credentials = Data("user\(attempt):guess".utf8).base64EncodedString()
            _ = try fixture.check("POST /webhooks/attempt-completed HTTP/1.1", headers: ["Authorization: Basic \(credentials)", "Content-Length: 0"])
        }
        #expect(fixture.logged.count == 1)
        #expect(fixture.logged.first?.contains("username=user0") == true)
    }

    /// JSON lines carry counts as numbers, flags as booleans, text as strings.
    @Test func jsonLinesKeepEachValuesType() throws {
        let lines = Locked<[String]>([])
        let log = OperationalLog(settings: .init(format: .json, level: .info), writeLine: { line in lines.withLock { $0.append(line) } })
        log.info("typed", ["count": 3, "ratio": 0.25, "stuck": false, "route": "/a", "bytes": UInt64(1 << 40)])
        let line = try #require(lines.withLock { $0.first })
        #expect(line.contains(#""count":3,"ratio":0.25,"stuck":false,"route":"/a","bytes":1099511627776"#), "\(line)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["msg"] as? String == "typed")
    }

    @Test func throttledJSONLinesCountWithANumber() throws {
        let fixture = GateFixture(routes: Self.routes, format: .json)
        _ = try fixture.check("GET /nowhere HTTP/1.1")
        let line = try #require(fixture.logged.first)
        #expect(line.contains(#""count":1"#), "\(line)")
        #expect(line.contains(#""path":"/nowhere""#))
    }
}
