import HTTP1

/// `GET /healthz` (the process answers), `GET /readyz` (the journal is writable and no handler
/// has been failing past the threshold) and `GET /metrics` (Prometheus text format).
struct OperationsEndpoints: Sendable {
    let readiness: @Sendable () -> (ready: Bool, detail: String)
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
            let (ready, detail) = readiness()
            return .json(ready ? .ok : .serviceUnavailable, "{\"status\":\"\(ready ? "ready" : "not ready")\",\"detail\":\(HTTPResponse.jsonQuoted(detail))}")
        default:
            return HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Type", "text/plain; version=0.0.4; charset=utf-8")]),
                body: Array(metricsText().utf8))
        }
    }
}
