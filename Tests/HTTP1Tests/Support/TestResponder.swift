import Dispatch
import Synchronization
import SystemIO
@testable import HTTP1

/// A responder whose behaviour each test sets, per server (`Behaviour`) or per request with
/// headers, and which records what it saw so tests can assert order and timing.
///
/// Request headers that steer it:
/// - `X-Delay-Ms: N`: answer N milliseconds later, from another thread.
/// - `X-Response-Bytes: N`: answer with N bytes of `x` instead of echoing the body.
/// - `X-Refuse: NNN`: refuse in `answerBeforeBody` (called for every head) with status NNN.
/// - `X-Hold: 1`: do not answer until `releaseHeld()`.
/// By default it answers 200 with the request body echoed and `X-Path`, `X-Method`,
/// `X-Sequence` (arrival order, from 1) headers.
///
/// `Sendable`: its only mutable state is behind a `Mutex`.
final class TestResponder: HTTPResponder {
    struct Behaviour: Sendable {
        /// Applied to every request that has no `X-Delay-Ms`.
        var delayMilliseconds = 0
        /// Refuse every request from its head with this status.
        var refuseBeforeBody: HTTPStatus?
    }

    struct Seen: Sendable {
        let method: String
        let path: String
        let body: [UInt8]
        let peer: SocketAddress
        let requestID: String
        let receivedAt: UInt64
    }

    private struct Log {
        var heads: [HTTPRequestHead] = []
        var requests: [Seen] = []
        var answered = 0
        var held: [@Sendable () -> Void] = []
    }

    let behaviour: Behaviour
    private let log = Mutex(Log())

    init(_ behaviour: Behaviour = Behaviour()) {
        self.behaviour = behaviour
    }

    /// Heads seen by `answerBeforeBody`, in order.
    var headsBeforeBody: [HTTPRequestHead] { log.withLock { $0.heads } }
    /// Complete requests handed to `respond`, in order.
    var requests: [Seen] { log.withLock { $0.requests } }
    /// How many answers have been handed back to the server.
    var answered: Int { log.withLock { $0.answered } }

    /// Answers every request held by `X-Hold`.
    func releaseHeld() {
        let held = log.withLock { log in
            defer { log.held = [] }
            return log.held
        }
        held.forEach { $0() }
    }

    func answerBeforeBody(_ head: HTTPRequestHead, context: HTTPRequestContext) -> HTTPResponse? {
        log.withLock { $0.heads.append(head) }
        if let code = head.headers["x-refuse"].flatMap({ Int($0) }) {
            return .error(HTTPStatus(code, "Refused"), "refused before the body")
        }
        if let status = behaviour.refuseBeforeBody {
            return .error(status, "refused before the body")
        }
        return nil
    }

    func respond(to request: HTTPRequest, context: HTTPRequestContext, completion: @escaping @Sendable (HTTPResponse) -> Void) {
        let head = request.head
        let sequence = log.withLock { log -> Int in
            log.requests.append(
                Seen(
                    method: head.method, path: head.path, body: request.body, peer: context.peer,
                    requestID: context.requestID, receivedAt: WallClock.monotonicNanoseconds()))
            return log.requests.count
        }
        var response = HTTPResponse(status: .ok)
        response.headers.add("X-Path", head.path)
        response.headers.add("X-Method", head.method)
        response.headers.add("X-Sequence", String(sequence))
        if let size = head.headers["x-response-bytes"].flatMap({ Int($0) }) {
            response.body = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        } else {
            response.body = request.body
        }
        let finished = response
        let answer: @Sendable () -> Void = { [self] in
            self.log.withLock { $0.answered += 1 }
            completion(finished)
        }
        if head.headers["x-hold"] != nil {
            log.withLock { $0.held.append(answer) }
            return
        }
        let delay = head.headers["x-delay-ms"].flatMap { Int($0) } ?? behaviour.delayMilliseconds
        if delay > 0 {
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(delay), execute: answer)
        } else {
            answer()
        }
    }
}
