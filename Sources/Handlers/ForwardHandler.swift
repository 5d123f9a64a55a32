import Delivery
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SystemIO

/// POSTs each event to an HTTP(S) endpoint: the body exactly as Synap sent it, or wrapped in an
/// envelope with the receipt metadata; optionally signed the Standard Webhooks way.
///
/// A 2xx answer is success. A 408, 429 or 5xx answer, a network error or a timeout is a
/// retryable failure that honours `Retry-After`; any other answer (other 4xx, and 3xx, since
/// redirects are not followed) is a permanent failure: the event goes to the dead letters.
/// The handler itself logs nothing: the delivery engine logs each failed try once.
public final class ForwardHandler: WebhookHandler {
    public let name: String
    let settings: Settings
    private let transport: ForwardSession
    private let session: URLSession

    /// A forward handler sending as `settings` says.
    public init(name: String, settings: Settings) {
        self.name = name
        self.settings = settings
        transport = ForwardSession()
        session = transport.makeSession()
    }

    deinit {
        // The session holds its delegate; invalidating it breaks that cycle (after a reload).
        session.finishTasksAndInvalidate()
    }

    public func handle(_ delivery: Delivery, completion: @escaping @Sendable (HandlerOutcome) -> Void) {
        let request = request(for: delivery, nowMilliseconds: WallClock.nowMilliseconds())
        transport.send(request, on: session, timeout: settings.timeoutSeconds) { [settings] result in
            switch result {
            case .failure(.timedOut):
                completion(.failed(HandlerFailure("POST \(settings.displayURL): no complete answer within \(NumberText.format(settings.timeoutSeconds)) s")))
            case .failure(.transport(let problem)):
                completion(.failed(HandlerFailure("POST \(settings.displayURL): \(problem)")))
            case .success(let response):
                if let failure = Self.failure(for: response, url: settings.displayURL, nowMilliseconds: WallClock.nowMilliseconds()) {
                    completion(.failed(failure))
                } else {
                    completion(.delivered(detail: "HTTP \(response.status)"))
                }
            }
        }
    }

    /// The request for one try: the body is built once, and those same bytes are signed and sent.
    func request(for delivery: Delivery, nowMilliseconds: Int64) -> URLRequest {
        let body = Self.body(for: delivery, envelope: settings.envelope)
        var request = URLRequest(url: settings.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: settings.timeoutSeconds)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(settings.userAgent, forHTTPHeaderField: "User-Agent")
        for header in settings.headers { request.setValue(header.value, forHTTPHeaderField: header.name) }
        if let signer = settings.signer {
            // A fresh timestamp per try (receivers reject old ones); the id stays, so they can de-duplicate.
            for header in signer.headers(id: delivery.id.description, timestamp: nowMilliseconds / 1000, body: body) {
                request.setValue(header.value, forHTTPHeaderField: header.name)
            }
        }
        request.httpBody = Data(body)
        return request
    }

    /// The bytes to send: the body as received, or the envelope around it (the receiver's one
    /// event record format, with the body as received under `event`).
    static func body(for delivery: Delivery, envelope: Bool) -> [UInt8] {
        envelope ? EventRecordFormat.envelope.record(for: delivery) : delivery.body
    }

    /// Nil for a 2xx answer; otherwise the failure, retryable or not, with any `Retry-After`.
    static func failure(for response: ForwardSession.Response, url: String, nowMilliseconds: Int64) -> HandlerFailure? {
        let status = response.status
        if (200..<300).contains(status) { return nil }
        var message = "POST \(url): HTTP \(status)"
        if (300..<400).contains(status) {
            message += " redirect" + (response.location.map { " to \($0)" } ?? "")
                + " not followed (a redirected POST may lose its body); configure the final URL"
            return HandlerFailure(message, retryable: false, statusCode: status)
        }
        let snippet = bodySnippet(response.body)
        if !snippet.isEmpty { message += ": " + snippet }
        guard status == 408 || status == 429 || status >= 500 || status < 200 else {
            return HandlerFailure(message, retryable: false, statusCode: status)
        }
        let retryAfter = response.retryAfter.flatMap { RetryAfter.seconds($0, nowMilliseconds: nowMilliseconds) }
        return HandlerFailure(message, retryable: true, retryAfter: retryAfter, statusCode: status)
    }

    /// The start of a response body on one line, for a failure message.
    static func bodySnippet(_ body: [UInt8], limit: Int = 200) -> String {
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        let oneLine = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }).trimmingSpaces()
        return oneLine.count > limit ? String(oneLine.prefix(limit)) + "..." : oneLine
    }
}
