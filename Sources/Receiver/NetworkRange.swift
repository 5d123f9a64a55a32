import SystemIO

/// An IP network in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`, or one address).
public struct NetworkRange: Sendable, Equatable, CustomStringConvertible {
    let network: [UInt8]
    let prefixLength: Int
    public let description: String

    /// Parses `address[/prefix]`; nil when malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let address = SocketAddress(parsing: String(first)) else { return nil }
        let bits = address.bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...bits).contains(parsed) else { return nil }
            length = parsed
        }
        network = Self.masked(address.bytes, length)
        prefixLength = length
        description = text
    }

    /// True when `address` is inside this network (IPv4 and IPv6 never match each other).
    public func contains(_ address: SocketAddress) -> Bool {
        address.bytes.count == network.count && Self.masked(address.bytes, prefixLength) == network
    }

    private static func masked(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let bitsHere = max(0, min(8, length - index * 8))
            return bitsHere == 8 ? byte : byte & ~(UInt8(0xFF) >> bitsHere)
        }
    }
}
