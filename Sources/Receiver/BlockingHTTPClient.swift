import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP request from a command-line command (send, probe, status, replay), waited for.
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
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.status = (response as? HTTPURLResponse)?.statusCode ?? 0
            box.body = String(decoding: data ?? Data(), as: UTF8.self)
            box.error = error?.localizedDescription
            done.signal()
        }.resume()
        done.wait()
        guard box.status != 0 else {
            throw Failure(description: "\(request.url?.absoluteString ?? "?"): \(box.error ?? "no answer")")
        }
        return Response(status: box.status, body: box.body)
    }

    /// A request to `path` on the admin listener at `base` (`http://127.0.0.1:9090`).
    static func admin(_ base: String, path: String, method: String = "GET", body: String? = nil) throws(Failure) -> Response {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        guard let url = URL(string: trimmed + path), url.scheme == "http" || url.scheme == "https" else {
            throw Failure(description: "--admin must be a URL like http://127.0.0.1:9090")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 60
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        return try send(request)
    }
}

/// The callback's results. Written once before the semaphore is signalled, read after the wait.
private final class ResponseBox: @unchecked Sendable {
    var status = 0
    var body = ""
    var error: String?
}
