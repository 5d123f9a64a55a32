import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Sends one request at a time per call over a shared `URLSession` (libcurl underneath on
/// Linux) and answers with the response or why there is none. It is the session's delegate:
///
/// - Redirects are not followed. On a 301, 302 or 303 a POST would be re-sent as a GET
///   without its body, and a 2xx to that GET would count as delivered when nothing was.
///   The 3xx comes back as the answer instead.
/// - A deadline covers the whole exchange (connect, send, wait, receive): `URLRequest`'s own
///   timeout only limits idle time between bytes, so a server trickling its answer could hold
///   a delivery for ever.
/// - Only the first `bodyLimit` bytes of a response body are kept (for error messages).
/// - A 401 that asks for credentials (`WWW-Authenticate`) is answered as a 401. Left to
///   URLSession on Linux the task never completed, and the delivery timed out and was retried
///   instead of failing at once on wrong credentials.
final class ForwardSession: NSObject, URLSessionDataDelegate, Sendable {
    /// An HTTP answer.
    struct Response: Sendable {
        let status: Int
        let retryAfter: String?
        let location: String?
        let body: [UInt8]
    }

    /// Why there is no answer.
    enum Failure: Error, Equatable {
        case timedOut
        case transport(String)
    }

    private struct Pending {
        let completion: @Sendable (Result<Response, Failure>) -> Void
        var body: [UInt8] = []
        var timedOut = false
        var challenged = false
    }

    static let bodyLimit = 2048

    private let pending = Mutex<[Int: Pending]>([:])

    /// A session using this object as its delegate: no cookies, no cache, no stored credentials.
    /// The session holds its delegate strongly until `invalidateAndCancel` or `finishTasksAndInvalidate`.
    func makeSession() -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.urlCredentialStorage = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }

    /// Sends `request` on `session` and calls `completion` with the complete answer, or why
    /// there is none, within `timeout` seconds.
    func send(
        _ request: URLRequest, on session: URLSession, timeout: Double,
        completion: @escaping @Sendable (Result<Response, Failure>) -> Void
    ) {
        let task = session.dataTask(with: request)
        let id = task.taskIdentifier
        pending.withLock { $0[id] = Pending(completion: completion) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [self] in
            let stillRunning = pending.withLock { pending -> Bool in
                guard pending[id] != nil else { return false }
                pending[id]?.timedOut = true
                return true
            }
            // Cancelling completes the task (with URLError.cancelled), which calls the completion.
            if stillRunning { task.cancel() }
        }
        task.resume()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        pending.withLock { pending in
            guard var entry = pending[dataTask.taskIdentifier], entry.body.count < Self.bodyLimit else { return }
            entry.body += data.prefix(Self.bodyLimit - entry.body.count)
            pending[dataTask.taskIdentifier] = entry
        }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        pending.withLock { $0[task.taskIdentifier]?.challenged = true }
        completionHandler(.cancelAuthenticationChallenge, nil)  // completes the task as cancelled
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let entry = pending.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        let result: Result<Response, Failure>
        if entry.timedOut {
            result = .failure(.timedOut)
        } else if entry.challenged {
            // The body never arrives once the challenge is cancelled; say what happened instead.
            result = .success(Response(status: 401, retryAfter: nil, location: nil, body: Array("(the server asked for credentials)".utf8)))
        } else if let error {
            result = .failure(.transport(Self.describe(error)))
        } else if let http = task.response as? HTTPURLResponse {
            result = .success(
                Response(
                    status: http.statusCode, retryAfter: http.value(forHTTPHeaderField: "Retry-After"),
                    location: http.value(forHTTPHeaderField: "Location"), body: entry.body))
        } else {
            result = .failure(.transport("no HTTP response"))
        }
        entry.completion(result)
    }

    /// A transport error in plain words (URLError's own descriptions are bare codes on Linux).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? URLError else { return String(describing: error) }
        switch error.code {
        case .timedOut: return "timed out"
        case .cannotFindHost, .dnsLookupFailed: return "cannot resolve the host name"
        case .cannotConnectToHost: return "cannot connect (connection refused or host unreachable)"
        case .networkConnectionLost: return "connection lost before the answer was complete"
        case .notConnectedToInternet: return "no network"
        case .secureConnectionFailed: return "TLS handshake failed"
        case .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
            .serverCertificateHasUnknownRoot:
            return "the server's TLS certificate is not trusted"
        case .badServerResponse: return "malformed HTTP response"
        case .unsupportedURL: return "unsupported URL"
        default: return "network error \(error.code.rawValue)"
        }
    }
}
