/// Where the server listens, and its limits and timeouts.
public struct HTTPServerConfiguration: Sendable, Equatable {
    /// Address to bind: `127.0.0.1`, `0.0.0.0`, `::` or a host name.
    public var host: String
    /// Port to bind; 0 picks a free one.
    public var port: Int
    /// Parser limits (request line, headers, body).
    public var limits: HTTPLimits
    /// Most connections open at once; beyond it new ones get 503 and are closed at once.
    public var maxConnections: Int
    /// Seconds allowed for a whole request head, from its first byte (slow-header defence).
    public var headerTimeout: Double
    /// Seconds allowed for a whole body, from the end of its head.
    public var bodyTimeout: Double
    /// Seconds an idle keep-alive connection is kept.
    public var idleTimeout: Double
    /// Seconds allowed to write one response to a client that does not read.
    public var writeTimeout: Double

    /// A configuration with production defaults.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, limits: HTTPLimits = HTTPLimits(), maxConnections: Int = 1024,
        headerTimeout: Double = 10, bodyTimeout: Double = 30, idleTimeout: Double = 75, writeTimeout: Double = 30
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.maxConnections = maxConnections
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
    }
}
