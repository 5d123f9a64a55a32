import HTTP1
import SystemIO

/// Finds the real client behind trusted reverse proxies. Forwarding headers are believed only
/// when the TCP peer is a trusted proxy; the chain is then read from the right, skipping
/// trusted hops, and the first untrusted address is the client (RFC 7239 §7.4).
struct ClientAddressResolver: Sendable {
    let trustedProxies: [NetworkRange]

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

    /// The addresses of `Forwarded: for=` (preferred) or `X-Forwarded-For`, in order; nil for hops that do not parse.
    private func forwardedChain(_ headers: HTTPHeaders) -> [SocketAddress?] {
        let forwarded = headers.values("forwarded")
        if !forwarded.isEmpty {
            return forwarded.flatMap { $0.split(separator: ",") }.compactMap { element -> SocketAddress?? in
                guard let pair = element.split(separator: ";").map({ $0.trimmingWhitespace() })
                    .first(where: { $0.lowercased().hasPrefix("for=") }) else { return .some(nil) }
                var value = String(pair.dropFirst(4))
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                return .some(SocketAddress(parsing: Self.stripPort(value)))
            }
        }
        return headers.values("x-forwarded-for").flatMap { $0.split(separator: ",") }
            .map { SocketAddress(parsing: Self.stripPort($0.trimmingWhitespace())) }
    }

    /// `203.0.113.7:4711` -> `203.0.113.7`; `[2001:db8::1]:4711` -> `[2001:db8::1]`.
    static func stripPort(_ value: String) -> String {
        if value.hasPrefix("["), let close = value.firstIndex(of: "]") { return String(value[...close]) }
        if value.filter({ $0 == ":" }).count == 1, let colon = value.firstIndex(of: ":") { return String(value[..<colon]) }
        return value
    }
}
