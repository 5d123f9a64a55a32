import HTTP1
import Synchronization

/// An HTTP endpoint on 127.0.0.1 for a forward handler to post to: it records each request's
/// body and answers every request with `status` (400 makes each event a dead letter at once).
final class CaptureEndpoint: Sendable {
    private final class Recorder: HTTPResponder {
        let bodies = Mutex<[[UInt8]]>([])
        let status: HTTPStatus

        init(status: HTTPStatus) { self.status = status }

        func answerBeforeBody(_ head: HTTPRequestHead, context: HTTPRequestContext) -> HTTPResponse? { nil }

        func respond(to request: HTTPRequest, context: HTTPRequestContext, completion: @escaping @Sendable (HTTPResponse) -> Void) {
            bodies.withLock { $0.append(request.body) }
            completion(.json(status, "{}"))
        }
    }

    private let recorder: Recorder
    private let server: HTTPServer

    init(status: HTTPStatus = .ok) throws {
        recorder = Recorder(status: status)
        server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), responder: recorder)
        try server.start()
    }

    var url: String { "http://127.0.0.1:\(server.port)/hook" }
    /// The bodies received so far, in order.
    var received: [[UInt8]] { recorder.bodies.withLock { $0 } }

    func stop() { server.shutdown(deadline: 1) {} }
}
