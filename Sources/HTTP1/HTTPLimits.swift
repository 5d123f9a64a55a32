/// Size limits the parser enforces; each maps to one status when exceeded.
public struct HTTPLimits: Sendable, Equatable {
    /// Longest request line in bytes (414 beyond it).
    public var maxRequestLineBytes: Int
    /// Largest header block (request line excluded) in bytes (431 beyond it). Also bounds trailers.
    public var maxHeaderBytes: Int
    /// Most header fields (431 beyond it).
    public var maxHeaderCount: Int
    /// Largest body in bytes (413 beyond it; refused from Content-Length before the body is read).
    public var maxBodyBytes: Int

    /// Defaults sized for webhook traffic: 8 KiB request line, 32 KiB of headers in at most 256
    /// fields, 1 MiB bodies (Synap's largest documented payloads are a few tens of KB). 256 fields
    /// leave room for a proxy chain's and a CDN's additions to a client's own (about a hundred
    /// custom headers pass), while a flood of tiny fields is still stopped with 431 long before
    /// the byte limit would.
    public init(
        maxRequestLineBytes: Int = 8192, maxHeaderBytes: Int = 32768,
        maxHeaderCount: Int = 256, maxBodyBytes: Int = 1 << 20
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
    }
}
