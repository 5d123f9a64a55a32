import Foundation
import JSONSyntax
import SynapEvents
import Testing
@testable import Receiver

/// The client's address: the TCP peer, unless the peer is a trusted proxy, and then only the
/// one forwarding header the configuration names (`server.forwardedHeader`).
@Suite struct ForwardedHeaderTests {
    static let spoofing = ["X-Forwarded-For: 203.0.113.9", "Forwarded: for=203.0.113.9"]

    /// An untrusted peer's forwarding headers are ignored: a route open to the peer's own
    /// address accepts it, one open only to the claimed address refuses it.
    @Test(arguments: [[String](), ["10.0.0.0/8"]])
    func anUntrustedPeerIsItsOwnClient(trustedProxies: [String]) throws {
        let fixture = GateFixture(
            routes: [GateFixture.route("/own", allowFrom: ["127.0.0.1/32"]), GateFixture.route("/claimed", allowFrom: ["203.0.113.0/24"])],
            trustedProxies: trustedProxies)
        for header in Self.spoofing + [Self.spoofing.joined(separator: "\r\n")] {
            #expect(try fixture.check("POST /own HTTP/1.1", headers: [header, "Content-Length: 0"]).refusedStatus == nil, "\(header)")
            #expect(try fixture.check("POST /claimed HTTP/1.1", headers: [header, "Content-Length: 0"]).refusedStatus == 403, "\(header)")
        }
        #expect(fixture.logged.first?.contains("client=127.0.0.1") == true, "the refusal names the peer: \(fixture.logged)")
    }

    @Test func aTrustedProxyIsBelievedOnlyForTheConfiguredHeader() throws {
        let routes = [GateFixture.route("/claimed", allowFrom: ["203.0.113.0/24"])]
        let byDefault = GateFixture(routes: routes, trustedProxies: ["127.0.0.1/32"])
        #expect(try byDefault.check("POST /claimed HTTP/1.1", headers: ["X-Forwarded-For: 203.0.113.9", "Content-Length: 0"]).refusedStatus == nil)
        #expect(try byDefault.check("POST /claimed HTTP/1.1", headers: ["Forwarded: for=203.0.113.9", "Content-Length: 0"]).refusedStatus == 403)
        let forwarded = GateFixture(routes: routes, trustedProxies: ["127.0.0.1/32"], header: .forwarded)
        #expect(try forwarded.check("POST /claimed HTTP/1.1", headers: ["Forwarded: for=203.0.113.9;proto=https", "Content-Length: 0"]).refusedStatus == nil)
        #expect(try forwarded.check("POST /claimed HTTP/1.1", headers: ["Forwarded: for=\"[2001:db8::1]:4711\", for=203.0.113.9", "Content-Length: 0"]).refusedStatus == nil)
        #expect(try forwarded.check("POST /claimed HTTP/1.1", headers: ["X-Forwarded-For: 203.0.113.9", "Content-Length: 0"]).refusedStatus == 403)
        // With both present, the other header cannot override the chosen one.
        #expect(try forwarded.check("POST /claimed HTTP/1.1", headers: ["X-Forwarded-For: 203.0.113.9", "Forwarded: for=198.51.100.1", "Content-Length: 0"]).refusedStatus == 403)
    }

    /// Over real sockets, through the whole receiver: the test client is on 127.0.0.1, which
    /// is not a trusted proxy here, and claims to be 203.0.113.9 in both headers.
    @Test func overTheWireAnUntrustedClientCannotClaimAnotherAddress() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let json = """
            {
              "server": { "host": "127.0.0.1", "port": 0, "trustedProxies": ["10.0.0.0/8"] },
              "dataDir": "\(directory.path)/data",
              "log": { "level": "error" },
              "handlers": { "archive": { "type": "file", "path": "events.jsonl" } },
              "routes": [
                { "path": "/webhooks/own", "event": "exam.started", "handlers": ["archive"], "allowFrom": ["127.0.0.1/32"] },
                { "path": "/webhooks/claimed", "event": "exam.started", "handlers": ["archive"], "allowFrom": ["203.0.113.0/24"] }
              ]
            }
            """
        let runtime = try ReceiverRuntime.start(try ReceiverConfiguration.load(path: directory.write(json, to: "config.json")))
        defer { runtime.stop(grace: 1) }
        let client = HTTPTestClient(port: runtime.port)
        let headers = ["Content-Type": "application/json", "X-Forwarded-For": "203.0.113.9", "Forwarded": "for=203.0.113.9"]
        let body = SampleEvents.body(for: .examStarted)
        #expect(try await client.post("/webhooks/claimed", body: body, headers: headers).status == 403)
        #expect(try await client.post("/webhooks/own", body: body, headers: headers).status == 200)
    }

    @Test func theHeaderIsConfiguredCaseInsensitivelyAndCheckedByName() throws {
        func load(_ server: String) throws(ConfigurationError) -> ReceiverConfiguration {
            let json = #"{ "server": \#(server), "handlers": { "c": { "type": "log" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["c"] } ] }"#
            return try ReceiverConfiguration(json: try! JSONValue(parsing: Array(json.utf8)))
        }
        #expect(try load("{}").forwardedHeader == .xForwardedFor)
        #expect(try load(#"{ "forwardedHeader": "Forwarded" }"#).forwardedHeader == .forwarded)
        #expect(try load(#"{ "forwardedHeader": "X-Forwarded-For" }"#).forwardedHeader == .xForwardedFor)
        #expect {
            _ = try load(#"{ "forwardedHeader": "x-real-ip" }"#)
        } throws: { error in
            (error as? ConfigurationError)?.description.hasPrefix("server.forwardedHeader: must be") == true
        }
    }
}
