import Delivery
import HTTP1

/// `GET /healthz` (the process answers) and `GET /readyz` (the journal is writable and no
/// handler has been failing past the threshold).
struct HealthEndpoints: Sendable {
    let readiness: @Sendable () -> (ready: Bool, detail: String)

    func handles(_ path: String) -> Bool { path == "/healthz" || path == "/readyz" }

    func answer(_ head: HTTPRequestHead) -> HTTPResponse? {
        guard handles(head.path) else { return nil }
        guard head.method == "GET" || head.method == "HEAD" else {
            return .error(.methodNotAllowed, "\(head.path) accepts GET only", headers: HTTPHeaders([("Allow", "GET, HEAD")]))
        }
        if head.path == "/healthz" { return .json(.ok, "{\"status\":\"ok\"}") }
        let (ready, detail) = readiness()
        return .json(ready ? .ok : .serviceUnavailable, "{\"status\":\"\(ready ? "ready" : "not ready")\",\"detail\":\(HTTPResponse.jsonQuoted(detail))}")
    }
}
