import Foundation

extension ForwardHandler {
    /// Where and how a forward handler sends. Header values and the signing secret are already
    /// resolved (from the environment or a file) when this is built.
    public struct Settings: Sendable {
        /// An `http` or `https` URL.
        public var url: URL
        /// Extra request headers, in order; they may replace `Content-Type` and `User-Agent`.
        public var headers: [(name: String, value: String)]
        /// Seconds the whole exchange may take before it counts as a (retryable) timeout.
        public var timeoutSeconds: Double
        /// Send `{"id","receivedAt","route","kind","kindRule","event": <body>}` instead of the body alone.
        public var envelope: Bool
        /// Adds Standard Webhooks signature headers when set.
        public var signer: WebhookSigner?
        /// The `User-Agent` header.
        public var userAgent: String

        /// Settings with the defaults the configuration uses (10 s, the body alone, unsigned).
        public init(
            url: URL, headers: [(name: String, value: String)] = [], timeoutSeconds: Double = 10, envelope: Bool = false,
            signer: WebhookSigner? = nil, userAgent: String = "synap-webhooks"
        ) {
            self.url = url
            self.headers = headers
            self.timeoutSeconds = timeoutSeconds
            self.envelope = envelope
            self.signer = signer
            self.userAgent = userAgent
        }

        /// Headers URLSession (libcurl) sets itself from the request, or that would change how
        /// the body is framed: a configured value would be ignored or break the request.
        public static let reservedHeaders: Set<String> = ["content-length", "host", "transfer-encoding", "connection", "expect"]

        /// The URL without user info, query or fragment: what messages and logs show, since a
        /// query string may hold a token.
        public var displayURL: String {
            guard var parts = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "(url)" }
            parts.user = nil
            parts.password = nil
            parts.query = nil
            parts.fragment = nil
            return parts.string ?? "(url)"
        }
    }
}
