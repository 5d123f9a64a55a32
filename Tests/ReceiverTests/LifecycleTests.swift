import Foundation
import SynapEvents
import Testing

/// Signals and systemd notification, on the real binary.
@Suite(.serialized) struct LifecycleTests {
    /// READY at start, RELOADING then READY on SIGHUP, STOPPING on SIGTERM, via NOTIFY_SOCKET.
    @Test func systemdIsToldReadyReloadingAndStopping() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.write(EndToEndTests.config(dataDir: directory.path + "/data"), to: "config.json")
        let socketPath = directory.path + "/notify.sock"
        let listener = try DatagramListener(path: socketPath)
        let receiver = try ReceiverProcess(["serve", "--config", config], environment: ["NOTIFY_SOCKET": socketPath])
        #expect(listener.receive()?.hasPrefix("READY=1") == true)
        Thread.sleep(forTimeInterval: 0.3)  // let the signal sources arm
        receiver.signal(SIGHUP)
        #expect(listener.receive()?.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") == true)
        #expect(listener.receive()?.hasPrefix("READY=1") == true)
        receiver.signal(SIGTERM)
        #expect(listener.receive() == "STOPPING=1")
        #expect(receiver.waitForExit() == 0)
    }

    /// A reload with a broken file keeps the running configuration and says why.
    @Test func aBadReloadKeepsTheOldConfiguration() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.write(EndToEndTests.config(dataDir: directory.path + "/data"), to: "config.json")
        let receiver = try ReceiverProcess(["serve", "--config", config])
        let port = try #require(receiver.listeningPort())
        try await Task.sleep(for: .milliseconds(300))
        _ = directory.write("{ \"routes\": 42 }", to: "config.json")
        receiver.signal(SIGHUP)
        #expect(receiver.waitFor { $0.standardError.contains("reload failed; keeping the previous configuration") })
        let response = try await HTTPTestClient(port: port).post("/webhooks/exam-started", body: SampleEvents.body(for: .examStarted))
        #expect(response.status == 200)
        receiver.signal(SIGTERM)
        #expect(receiver.waitForExit() == 0)
    }

    /// A graceful stop waits for a request in progress; a second stop signal exits at once.
    @Test func aSecondStopSignalExitsAtOnce() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.write(EndToEndTests.config(dataDir: directory.path + "/data"), to: "config.json")
        let receiver = try ReceiverProcess(["serve", "--config", config])
        let port = try #require(receiver.listeningPort())
        Thread.sleep(forTimeInterval: 0.3)
        // Half a request head: the graceful stop waits for it (up to the 10 s grace period).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        _ = "POST /webhooks/exam-started HTTP/1.1\r\nHost: x\r\n".withCString { Glibc.send(fd, $0, strlen($0), 0) }
        Thread.sleep(forTimeInterval: 0.2)
        receiver.signal(SIGTERM)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(receiver.process.isRunning, "the first signal must wait for the request in progress")
        receiver.signal(SIGTERM)
        #expect(receiver.waitForExit(timeout: 2) == 1)
        #expect(receiver.standardError.contains("second stop signal"))
    }
}

/// A unix datagram socket standing in for systemd's notification socket.
final class DatagramListener {
    private let fd: Int32

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw HTTPTestClient.Failure(description: "bind \(path): errno \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }

    deinit { close(fd) }
}
