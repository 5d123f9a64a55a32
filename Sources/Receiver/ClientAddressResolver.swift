import HTTP1
import SystemIO

/// Finds the real client behind trusted reverse proxies. The configured forwarding header (and
/// only that one) is believed only when the TCP peer is a trusted proxy; its chain is then read
/// from the right, skipping trusted hops, and the first untrusted address is the client
/// (RFC 7239 §7.4). From any other peer, forwarding headers are ignored: the peer is the client.
struct ClientAddressResolver: Sendable {
    let trustedProxies: [NetworkRange]
    let header: ForwardedHeader

    init(trustedProxies: [NetworkRange], header: ForwardedHeader = .xForwardedFor) {
        self.trustedProxies = trustedProxies
        self.header = header
    }

    func client(peer: SocketAddress, headers: HTTPHeaders) -> SocketAddress {
        guard isTrusted(peer) else { return peer }
        let chain = forwardedChain(headers)
        for hop in chain.reversed() {
            guard let address = hop else { return peer }  // an obfuscated or unparsable hop: stop trusting here
            if !isTrusted(address) { return address }
        }
        return chain.first.flatMap { $0 } ?? peer
    }

    private func isTrusted(_ address: SocketAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }

    /// The hops of the configured header, in order; nil for hops that do not parse.
    private func forwardedChain(_ headers: HTTPHeaders) -> [SocketAddress?] {
        switch header {
        case .xForwardedFor:
            return headers.values("x-forwarded-for").flatMap { $0.split(separator: ",") }
                .map { SocketAddress(parsing: Self.stripPort($0.trimmingWhitespace())) }
        case .forwarded:
            // RFC 7239 §4: elements separated by commas, pairs by semicolons; `for` names the hop.
            return headers.values("forwarded").flatMap { $0.split(separator: ",") }.map { element -> SocketAddress? in
                guard let pair = element.split(separator: ";").map({ $0.trimmingWhitespace() })
                    .first(where: { $0.lowercased().hasPrefix("for=") }) else { return nil }
                var value = String(pair.dropFirst(4))
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                return SocketAddress(parsing: Self.stripPort(value))
            }
        }
    }

    /// `203.0.113.7:4711` -> `203.0.113.7`; `[2001:db8::1]:4711` -> `[2001:db8::1]`.
    static func stripPort(_ value: String) -> String {
        if value.hasPrefix("["), let close = value.firstIndex(of: "]") { return String(value[...close]) }
        if value.filter({ $0 == ":" }).count == 1, let colon = value.firstIndex(of: ":") { return String(value[..<colon]) }
        return value
    }
}
