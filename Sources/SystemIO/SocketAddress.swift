#if canImport(Glibc)
import Glibc
#endif

/// A peer's IP address as bytes (4 for IPv4, 16 for IPv6) and port.
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// Network-order address bytes: 4 for IPv4, 16 for IPv6; empty when unknown.
    public let bytes: [UInt8]
    /// The peer's port, 0 when unknown.
    public let port: Int

    /// An address from its parts.
    public init(bytes: [UInt8], port: Int) {
        self.bytes = bytes
        self.port = port
    }

    init(_ storage: sockaddr_storage) {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            let v4 = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in.self) }
            self.bytes = withUnsafeBytes(of: v4.sin_addr) { Array($0) }
            self.port = Int(UInt16(bigEndian: v4.sin_port))
        case AF_INET6:
            let v6 = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in6.self) }
            let raw = withUnsafeBytes(of: v6.sin6_addr) { Array($0) }
            // An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d; keep it IPv4.
            if raw[0..<10].allSatisfy({ $0 == 0 }) && raw[10] == 0xFF && raw[11] == 0xFF {
                self.bytes = Array(raw[12..<16])
            } else {
                self.bytes = raw
            }
            self.port = Int(UInt16(bigEndian: v6.sin6_port))
        default:
            self.bytes = []
            self.port = 0
        }
    }

    /// Parses an IPv4 or IPv6 literal (`203.0.113.7`, `2001:db8::1`, `[2001:db8::1]`); port 0.
    public init?(parsing text: String) {
        var host = text
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            bytes = withUnsafeBytes(of: v4) { Array($0) }
        } else if inet_pton(AF_INET6, host, &v6) == 1 {
            let raw = withUnsafeBytes(of: v6) { Array($0) }
            let mapped = raw[0..<10].allSatisfy { $0 == 0 } && raw[10] == 0xFF && raw[11] == 0xFF
            bytes = mapped ? Array(raw[12..<16]) : raw
        } else {
            return nil
        }
        port = 0
    }

    /// True for 4-byte addresses.
    public var isIPv4: Bool { bytes.count == 4 }

    /// The textual address without the port: `203.0.113.7` or `2001:db8::1`.
    public var host: String {
        switch bytes.count {
        case 4: return bytes.map(String.init).joined(separator: ".")
        case 16:
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            var raw = in6_addr()
            withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: bytes) }
            inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
            return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        default: return "unknown"
        }
    }

    public var description: String { bytes.count == 16 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The locally bound port of a socket.
    static func localPort(of fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return status == 0 ? SocketAddress(storage).port : nil
    }
}
