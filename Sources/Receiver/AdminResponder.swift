import HTTP1

/// The admin listener (bind it to localhost): health, metrics, and the status and replay
/// APIs that `synap-webhooks status --admin URL` and `replay --admin URL` call.
struct AdminResponder: HTTPResponder {
    let operations: OperationsEndpoints
    let statusJSON: @Sendable () -> String
    let replay: @Sendable (ReplaySelection) -> HTTPResponse

    func answerBeforeBody(_ head: HTTPRequestHead, context: HTTPRequestContext) -> HTTPResponse? { nil }

    func respond(to request: HTTPRequest, context: HTTPRequestContext, completion: @escaping @Sendable (HTTPResponse) -> Void) {
        if let answer = operations.answer(request) { return completion(answer) }
        switch (request.head.method, request.head.path) {
        case ("GET", "/admin/status"):
            completion(.json(.ok, statusJSON()))
        case (_, "/admin/status"):
            completion(.error(.methodNotAllowed, "/admin/status accepts GET only", headers: HTTPHeaders([("Allow", "GET")])))
        case ("POST", "/admin/replay"):
            guard let selection = ReplaySelection(json: request.body) else {
                return completion(.error(.badRequest, "body must be a replay selection: {\"source\", \"ids\", \"route\", \"handler\", \"since\", \"until\"}"))
            }
            completion(replay(selection))
        case (_, "/admin/replay"):
            completion(.error(.methodNotAllowed, "/admin/replay accepts POST only", headers: HTTPHeaders([("Allow", "POST")])))
        default:
            completion(.error(.notFound, "no admin endpoint \(request.head.path)"))
        }
    }
}
