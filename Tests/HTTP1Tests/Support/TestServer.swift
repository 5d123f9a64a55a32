import Dispatch
import Synchronization
import SystemIO
@testable import HTTP1

/// A real `HTTPServer` on `127.0.0.1:0` with a `TestResponder`, plus the events it logged.
/// Call `stop()` at the end of a test so its descriptors are released.
///
/// Its timeouts run on a manual clock that moves only by `advance(seconds:)`: no test waits for
/// real time to pass, and no timeout fires in a test that does not ask for one, however slow the
/// machine. `systemClock: true` runs the production clock and sweep timer instead.
final class TestServer: Sendable {
    let server: HTTPServer
    let responder: TestResponder
    /// The server's clock, unless it was started with `systemClock: true`.
    let clock: ManualClock
    private let events = Mutex<[(HTTPServerEvent, String)]>([])

    /// Test defaults. With the manual clock the timeouts matter only to tests that advance it.
    static func configuration(
        host: String = "127.0.0.1", limits: HTTPLimits = HTTPLimits(), maxConnections: Int = 64,
        headerTimeout: Double = 5, bodyTimeout: Double = 5, idleTimeout: Double = 5, writeTimeout: Double = 5
    ) -> HTTPServerConfiguration {
        HTTPServerConfiguration(
            host: host, port: 0, limits: limits, maxConnections: maxConnections, headerTimeout: headerTimeout,
            bodyTimeout: bodyTimeout, idleTimeout: idleTimeout, writeTimeout: writeTimeout)
    }

    init(
        _ configuration: HTTPServerConfiguration = TestServer.configuration(), responder: TestResponder = TestResponder(),
        systemClock: Bool = false
    ) throws {
        self.responder = responder
        let manual = ManualClock()
        clock = manual
        let box = Box()
        server = HTTPServer(configuration: configuration, responder: responder, clock: systemClock ? .system : .manual(manual)) {
            event, message in
            box.server?.events.withLock { $0.append((event, message)) }
        }
        box.server = self
        try server.start()
    }

    /// Indirection so the logger closure can reach `self` once it exists.
    private final class Box: @unchecked Sendable {
        // Set once in `init` before the server starts, read only afterwards.
        weak var server: TestServer?
    }

    var port: Int { server.port }

    /// A client connected to this server.
    func connect(timeout: Double = 2, receiveBuffer: Int? = nil, sendBuffer: Int? = nil) throws -> RawClient {
        try RawClient(port: port, timeout: timeout, receiveBuffer: receiveBuffer, sendBuffer: sendBuffer)
    }

    /// Moves the manual clock forward by `seconds` and has the server check its deadlines at
    /// once. A connection that timed out handles it on its own queue: read from the client, or
    /// look at `phases` (which waits for each connection's queue), to see the outcome.
    func advance(seconds: Double) {
        clock.advance(seconds: seconds)
        server.sweepNow()
    }

    /// Each open connection's phase (in no particular order), once its queue has done what it
    /// had in hand.
    var phases: [HTTPConnection.Phase] { server.connectionSnapshots.map(\.phase) }

    /// Waits (at most `timeout` seconds) until the open connections are exactly `expected`:
    /// a test moves the clock only once the server has reached the phase it means to time out.
    func waitForPhases(_ expected: [HTTPConnection.Phase], timeout: Double = 2) -> Bool {
        waitUntil(timeout: timeout) { phases == expected }
    }

    /// Waits until the only connection is in `phase` holding `receivedBytes` of its request.
    func waitForConnection(_ phase: HTTPConnection.Phase, receivedBytes: Int) -> Bool {
        waitUntil {
            let snapshots = server.connectionSnapshots
            return snapshots.count == 1 && snapshots[0].phase == phase && snapshots[0].receivedBytes == receivedBytes
        }
    }

    /// The events logged so far.
    var loggedEvents: [HTTPServerEvent] { events.withLock { $0.map(\.0) } }

    /// Shuts the server down and waits (at most `deadline` + 1 s) for its completion.
    /// Returns whether the completion was called.
    @discardableResult
    func stop(deadline: Double = 0.5) -> Bool {
        let done = DispatchSemaphore(value: 0)
        server.shutdown(deadline: deadline) { done.signal() }
        return done.wait(timeout: .now() + .milliseconds(Int((deadline + 1) * 1000))) == .success
    }
}

/// Milliseconds elapsed since `start` on the monotonic clock.
func millisecondsSince(_ start: UInt64) -> Double {
    Double(WallClock.monotonicNanoseconds() - start) / 1_000_000
}

/// Polls `condition` every 5 ms until it holds or `timeout` seconds pass; returns its last value.
func waitUntil(timeout: Double = 2, _ condition: () -> Bool) -> Bool {
    let deadline = WallClock.monotonicNanoseconds() + UInt64(timeout * 1_000_000_000)
    while !condition() {
        if WallClock.monotonicNanoseconds() > deadline { return false }
        WallClock.sleep(milliseconds: 5)
    }
    return true
}

/// A request with the usual test framing.
enum Request {
    static func get(_ path: String = "/", headers: [String] = []) -> String {
        "GET \(path) HTTP/1.1\r\nHost: test\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n"
    }

    static func post(_ path: String = "/echo", body: String, headers: [String] = []) -> String {
        "POST \(path) HTTP/1.1\r\nHost: test\r\nContent-Length: \(body.utf8.count)\r\n"
            + headers.map { $0 + "\r\n" }.joined() + "\r\n" + body
    }
}

extension String {
    /// The text with `prefix` swapped for `replacement` (unchanged when it does not start so).
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
