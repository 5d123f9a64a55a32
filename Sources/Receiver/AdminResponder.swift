import HTTP1

/// The admin listener (bind it to localhost): health, metrics, and the status API that
/// `synap-webhooks status --admin URL` reads.
struct AdminResponder: HTTPResponder {
    let operations: OperationsEndpoints
    let statusJSON: @Sendable () -> String

    func answerBeforeBody(_ head: HTTPRequestHead, context: HTTPRequestContext) -> HTTPResponse? { nil }

    func respond(to request: HTTPRequest, context: HTTPRequestContext, completion: @escaping @Sendable (HTTPResponse) -> Void) {
        if let answer = operations.answer(request) { return completion(answer) }
        switch (request.head.method, request.head.path) {
        case ("GET", "/admin/status"):
            completion(.json(.ok, statusJSON()))
        case (_, "/admin/status"):
            completion(.error(.methodNotAllowed, "/admin/status accepts GET only", headers: HTTPHeaders([("Allow", "GET")])))
        default:
            completion(.error(.notFound, "no admin endpoint \(request.head.path)"))
        }
    }
}
