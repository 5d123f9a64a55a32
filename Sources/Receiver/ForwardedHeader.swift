/// The one forwarding header the receiver reads the client's address from, and only when the
/// TCP peer is a trusted proxy (`server.forwardedHeader`). One header, never a preference
/// between two: a proxy that sets one and passes the other through untouched would otherwise
/// let a client choose its own address by sending the other.
public enum ForwardedHeader: String, Sendable, CaseIterable {
    /// `X-Forwarded-For: client, proxy1, ...` (the de-facto standard; nginx's and Caddy's default).
    case xForwardedFor = "x-forwarded-for"
    /// `Forwarded: for=client, for=proxy1` (RFC 7239).
    case forwarded
}
