import HTTP1
import Testing
@testable import Receiver

@Suite struct AdminRouteTableTests {
    static func route(_ method: String, _ pattern: AdminRoute.PathPattern, _ name: String) -> AdminRoute {
        AdminRoute(method, pattern, name: name, access: .role(.viewer)) { _ in .json(.ok, "{}") }
    }

    static let table = AdminRouteTable([
        route("GET", .exact("/events"), "list"),
        route("GET", .prefix("/events/"), "one"),
        route("POST", .prefix("/events/"), "replay-one"),
        route("GET", .prefix("/events/archive/"), "archived"),
        route("DELETE", .exact("/learners"), "erase"),
    ])

    static func name(_ method: String, _ path: String) -> String {
        switch table.lookup(method: method, path: path) {
        case .found(let route, let remainder): return remainder.isEmpty ? route.name : "\(route.name)(\(remainder))"
        case .wrongMethod(let allowed): return "405 " + allowed.joined(separator: ",")
        case .notFound: return "404"
        }
    }

    @Test func theMostSpecificPatternWins() {
        #expect(Self.name("GET", "/events") == "list")
        #expect(Self.name("HEAD", "/events") == "list")
        #expect(Self.name("GET", "/events/01a2") == "one(01a2)")
        #expect(Self.name("POST", "/events/01a2/replay") == "replay-one(01a2/replay)")
        #expect(Self.name("GET", "/events/archive/x") == "archived(x)")
        #expect(Self.name("POST", "/events/archive/x") == "405 GET,HEAD")
        #expect(Self.name("PUT", "/events/01a2") == "405 GET,POST,HEAD")
        #expect(Self.name("GET", "/learners") == "405 DELETE")
        #expect(Self.name("GET", "/eventsx") == "404")
        #expect(Self.name("GET", "/") == "404")
    }

    @Test func addReplacesARouteWithTheSameMethodAndPattern() {
        var table = Self.table
        table.add(Self.route("GET", .exact("/events"), "console-list"))
        #expect(table.routes.count == Self.table.routes.count)
        guard case .found(let route, _) = table.lookup(method: "GET", path: "/events") else { Issue.record("not found"); return }
        #expect(route.name == "console-list")
        table.remove("DELETE", .exact("/learners"))
        guard case .notFound = table.lookup(method: "DELETE", path: "/learners") else { Issue.record("still routed"); return }
    }

    @Test func stateChangeFollowsTheMethodUnlessSaid() {
        #expect(!Self.route("GET", .exact("/a"), "a").changesState)
        #expect(Self.route("POST", .exact("/a"), "a").changesState)
        #expect(Self.route("DELETE", .exact("/a"), "a").changesState)
        #expect(AdminRoute("GET", .exact("/reveal"), name: "reveal", access: .role(.viewer), changesState: true) { _ in .json(.ok, "{}") }.changesState)
    }
}

@Suite struct AdminHostPolicyTests {
    @Test(arguments: [
        ("Admin.Example.EDU", "admin.example.edu"), ("admin.example.edu:443", "admin.example.edu"), ("admin.example.edu:80", "admin.example.edu"),
        ("127.0.0.1:9090", "127.0.0.1:9090"), ("[::1]:9090", "[::1]:9090"), ("[::1]", "[::1]"),
    ])
    func hostsNormalise(text: String, normalised: String) {
        #expect(AdminHostPolicy.normalizedHost(text) == normalised)
    }

    @Test(arguments: ["", ":9090", "a b", "evil.example/x", "user@evil.example", "a:b:c", "host:0", "host:65536", "host:+80", "[::1", "[zz]:1", "http://x"])
    func badHostsAreRefused(text: String) {
        #expect(AdminHostPolicy.normalizedHost(text) == nil)
    }

    @Test func originsNormalise() {
        #expect(AdminHostPolicy.normalizedOrigin("HTTPS://Admin.Example.edu:443") == "https://admin.example.edu")
        #expect(AdminHostPolicy.normalizedOrigin("http://admin.example.edu:443") == "http://admin.example.edu:443")
        #expect(AdminHostPolicy.normalizedOrigin("null") == nil)
        #expect(AdminHostPolicy.normalizedOrigin("https://admin.example.edu/path") == nil)
        #expect(AdminHostPolicy.normalizedOrigin("ftp://admin.example.edu") == nil)
    }
}
