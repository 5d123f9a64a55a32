import HTTP1

/// `GET /healthz` (the process answers), `GET /readyz` (events can be accepted and stored) and
/// `GET /metrics` (Prometheus text format). Health answers carry a status and a short reason
/// code, never a handler's error text.
struct OperationsEndpoints: Sendable {
    let readiness: @Sendable () -> (ready: Bool, reason: String)
    let metricsText: @Sendable () -> String

    var paths: Set<String> = ["/healthz", "/readyz", "/metrics"]

    func handles(_ path: String) -> Bool { paths.contains(path) }

    func answer(_ request: HTTPRequest) -> HTTPResponse? {
        let head = request.head
        guard handles(head.path) else { return nil }
        guard head.method == "GET" || head.method == "HEAD" else {
            return .error(.methodNotAllowed, "\(head.path) accepts GET only", headers: HTTPHeaders([("Allow", "GET, HEAD")]))
        }
        switch head.path {
        case "/healthz":
            return .json(.ok, "{\"status\":\"ok\"}")
        case "/readyz":
            let (ready, reason) = readiness()
            return .json(ready ? .ok : .serviceUnavailable, "{\"status\":\"\(ready ? "ready" : "not ready")\",\"reason\":\(HTTPResponse.jsonQuoted(reason))}")
        default:
            return HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Type", "text/plain; version=0.0.4; charset=utf-8")]),
                body: Array(metricsText().utf8))
        }
    }
}
