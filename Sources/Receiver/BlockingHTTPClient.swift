import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTP1
import Synchronization
import SystemIO

/// One HTTP request from a command-line command (send, probe, status, replay), waited for.
/// An http:// URL goes over a plain blocking socket (`HTTPClientExchange`); only https:// uses
/// URLSession, whose libcurl sockets are Dispatch sources, which have crashed on this
/// platform when a connection hung up (see `EventReactor`).
enum BlockingHTTPClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Response {
        let status: Int
        let body: String
    }

    /// Sends `request` and waits for the answer; throws when there is none (refused, timed out).
    static func send(_ request: URLRequest) throws(Failure) -> Response {
        if let url = request.url, url.scheme?.lowercased() == "http" { return try sendPlain(request, url: url) }
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        let challenges = ChallengeRefuser()
        let session = URLSession(configuration: .ephemeral, delegate: challenges, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        session.dataTask(with: request) { data, response, error in
            box.status = (response as? HTTPURLResponse)?.statusCode ?? 0
            box.body = String(decoding: data ?? Data(), as: UTF8.self)
            box.error = error?.localizedDescription
            done.signal()
        }.resume()
        done.wait()
        if box.status == 0 && challenges.challenged {
            return Response(status: 401, body: "the server refused these credentials (it answered 401 and asked for Basic authentication)")
        }
        guard box.status != 0 else {
            throw Failure(description: "\(request.url?.absoluteString ?? "?"): \(box.error ?? "no answer")")
        }
        return Response(status: box.status, body: box.body)
    }

    private static func sendPlain(_ request: URLRequest, url: URL) throws(Failure) -> Response {
        guard let host = url.host, let parts = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            throw Failure(description: "\(url.absoluteString): not a URL with a host")
        }
        let target = (parts.percentEncodedPath.isEmpty ? "/" : parts.percentEncodedPath) + (parts.percentEncodedQuery.map { "?" + $0 } ?? "")
        let headers = (request.allHTTPHeaderFields ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        do throws(SystemError) {
            let reply = try HTTPClientExchange.send(
                host: host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host, port: url.port ?? 80,
                method: request.httpMethod ?? "GET", target: target, headers: headers, body: Array(request.httpBody ?? Data()),
                timeout: request.timeoutInterval)
            return Response(status: reply.status, body: String(decoding: reply.body, as: UTF8.self))
        } catch {
            throw Failure(description: "\(url.absoluteString): \(error)")
        }
    }

    /// A request to `path` on the admin listener at `base` (`http://127.0.0.1:9090`), with
    /// `credentials`, waiting at most `timeout` seconds for each step of the answer.
    static func admin(
        _ base: String, path: String, method: String = "GET", body: String? = nil, credentials: AdminClientCredentials = .init(authorization: nil),
        timeout: Double = 60
    ) throws(Failure) -> Response {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        guard let url = URL(string: trimmed + path), url.scheme == "http" || url.scheme == "https" else {
            throw Failure(description: "--admin must be a URL like http://127.0.0.1:9090")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = timeout
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let authorization = credentials.authorization { request.setValue(authorization, forHTTPHeaderField: "Authorization") }
        let response = try send(request)
        guard response.status == 401 else { return response }
        let hint = credentials.authorization == nil
            ? "the admin listener needs credentials: --admin-user USER with --admin-password-file FILE or SYNAP_ADMIN_PASSWORD, or --admin-token-file FILE or SYNAP_ADMIN_TOKEN"
            : "the admin listener refused these credentials"
        return Response(status: 401, body: hint)
    }
}

/// Answers an authentication challenge (a 401 with `WWW-Authenticate`) by cancelling, and
/// remembers it. Left to URLSession on Linux, such a 401 never completed: `send` with a wrong
/// password hung instead of saying so.
private final class ChallengeRefuser: NSObject, URLSessionTaskDelegate, Sendable {
    private let seen = Mutex(false)

    var challenged: Bool { seen.withLock { $0 } }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        seen.withLock { $0 = true }
        completionHandler(.cancelAuthenticationChallenge, nil)
    }
}

/// The callback's results. Written once before the semaphore is signalled, read after the wait.
private final class ResponseBox: @unchecked Sendable {
    var status = 0
    var body = ""
    var error: String?
}
