import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The sd_notify protocol, written here so no libsystemd is needed: datagrams such as
/// `READY=1` to the unix socket named by `NOTIFY_SOCKET` (a leading `@` is the abstract
/// namespace). Does nothing when the variable is unset (not run by systemd).
///
/// `@unchecked Sendable`: the watchdog timer is set up in `init` and never touched again.
public final class SystemdNotifier: @unchecked Sendable {
    private let socketPath: String?
    private let watchdogSource: (any DispatchSourceTimer)?

    /// Reads `NOTIFY_SOCKET` and, when `WATCHDOG_USEC` is set, starts pinging the watchdog
    /// at half its interval.
    public init() {
        socketPath = getenv("NOTIFY_SOCKET").map { String(cString: $0) }
        if socketPath != nil, let text = getenv("WATCHDOG_USEC").map({ String(cString: $0) }), let usec = UInt64(text), usec > 0 {
            let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "systemd.watchdog"))
            let interval = DispatchTimeInterval.microseconds(Int(usec / 2))
            timer.schedule(deadline: .now() + interval, repeating: interval)
            watchdogSource = timer
        } else {
            watchdogSource = nil
        }
        watchdogSource?.setEventHandler { [self] in send("WATCHDOG=1") }
        watchdogSource?.resume()
    }

    public func ready() { send("READY=1\nSTATUS=receiving webhooks") }

    public func reloading() {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        send("RELOADING=1\nMONOTONIC_USEC=\(UInt64(spec.tv_sec) * 1_000_000 + UInt64(spec.tv_nsec) / 1000)")
    }

    public func stopping() { send("STOPPING=1") }

    /// Sends one state message; failures are ignored (notification is advisory).
    public func send(_ message: String) {
        guard let socketPath, !socketPath.isEmpty else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { Descriptor.close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketPath.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }  // abstract namespace
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + (path.first == 0 ? 0 : 1))
        let bytes = Array(message.utf8)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { target in
                bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), target, length) }
            }
        }
    }
}
