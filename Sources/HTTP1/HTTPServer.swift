import Dispatch
import Synchronization
import SystemIO

/// An HTTP/1.1 server on a non-blocking listening socket. Accepting runs on one serial queue;
/// each connection runs on its own serial queue (all targeting Dispatch's global pool).
///
/// `@unchecked Sendable`: the listener state is confined to `acceptQueue`; the connection
/// table and flags are behind `state`'s mutex.
public final class HTTPServer: @unchecked Sendable {
    /// The configuration it was created with.
    public let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    private let logger: @Sendable (HTTPServerEvent, String) -> Void
    /// The clock connection deadlines are armed and checked on.
    let clock: MonotonicClock
    private let acceptQueue = DispatchQueue(label: "http.accept")
    private let connectionTarget = DispatchQueue(label: "http.connections", attributes: .concurrent)
    private var listener: ListeningSocket?
    /// The listening socket's watch, while accepting (confined to `acceptQueue`).
    private var acceptWatch: EventReactor.Watch?
    /// One repeating timer checks every connection's deadline (see `HTTPConnection`); none on a
    /// manual clock, whose owner calls `sweepNow()` after moving it.
    private var sweepTimer: (any DispatchSourceTimer)?

    private struct State {
        var connections: [ObjectIdentifier: HTTPConnection] = [:]
        var stopping = false
        var requestCounter: UInt64 = 0
        /// Completions of `shutdown` calls waiting for the last connection to close.
        var drained: [@Sendable () -> Void] = []
        /// Refusals not yet logged (logged at most once a second, so a flood does not flood the log).
        /// Per event logged at most once a second: how many since its last line, and that second.
        var throttled: [HTTPServerEvent: (count: Int, second: Int64)] = [:]
        var cachedDate: (second: Int64, text: String) = (0, "")
    }
    private let state = Mutex(State())
    private let instanceTag: String

    /// A server that answers with `responder`; `logger` hears about timeouts and refusals.
    /// Timeouts run on `clock`: the system's, unless a test passes a manual one (then deadlines
    /// are checked only when it calls `sweepNow()`).
    public init(
        configuration: HTTPServerConfiguration, responder: any HTTPResponder, clock: MonotonicClock = .system,
        logger: @escaping @Sendable (HTTPServerEvent, String) -> Void = { _, _ in }
    ) {
        self.configuration = configuration
        self.responder = responder
        self.clock = clock
        self.logger = logger
        self.instanceTag = String(UInt64(WallClock.nowMilliseconds()) & 0xFFFFFF, radix: 36)
    }

    /// Binds and starts accepting; returns the bound port.
    @discardableResult
    public func start() throws(SystemError) -> Int {
        let socket = try ListeningSocket.bind(host: configuration.host, port: configuration.port)
        listener = socket
        // Registered on the accept queue, so no event is handled before the watch is stored.
        let failure = acceptQueue.sync { () -> SystemError? in
            do throws(SystemError) {
                acceptWatch = try EventReactor.shared.watch(socket.fd, interest: .read, queue: acceptQueue) { @Sendable [self] _ in acceptPending() }
                return nil
            } catch {
                return error
            }
        }
        if let failure {
            Descriptor.close(socket.fd)
            throw failure
        }
        if clock.isSystem { startSweeping() }
        return socket.port
    }

    /// How often deadlines are checked: a quarter of the shortest timeout, between 10 and
    /// 250 ms, so a timeout fires at most that late.
    var sweepInterval: Double {
        let shortest = min(configuration.headerTimeout, configuration.bodyTimeout, configuration.idleTimeout, configuration.writeTimeout)
        return min(max(shortest / 4, 0.01), 0.25)
    }

    private func startSweeping() {
        let timer = DispatchSource.makeTimerSource(queue: acceptQueue)
        let interval = DispatchTimeInterval.milliseconds(Int(sweepInterval * 1000))
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(5))
        timer.setEventHandler { @Sendable [self] in sweepNow() }
        sweepTimer = timer
        timer.resume()
    }

    /// Checks every connection's deadline against the clock now; a connection whose deadline
    /// has passed handles its timeout on its own queue, soon after this returns. The sweep
    /// timer calls it; a test on a manual clock calls it after advancing the clock.
    package func sweepNow() {
        let now = clock.nanoseconds()
        state.withLock { Array($0.connections.values) }.forEach { $0.checkDeadline(now: now) }
    }

    /// Runs on `acceptQueue`, once shutdown has finished.
    private func stopSweeping() {
        sweepTimer?.cancel()
        sweepTimer = nil
    }

    /// The bound port (0 before `start`).
    public var port: Int { listener?.port ?? 0 }

    /// How many connections are open.
    public var openConnections: Int { state.withLock { $0.connections.count } }

    /// Each open connection's `snapshot` (for tests).
    var connectionSnapshots: [(phase: HTTPConnection.Phase, receivedBytes: Int)] {
        state.withLock { Array($0.connections.values) }.map(\.snapshot)
    }

    var isStopping: Bool { state.withLock { $0.stopping } }

    /// Stops accepting, lets requests in hand finish, and calls `completion` once every
    /// connection has closed or `deadline` seconds have passed (then the rest are cut).
    public func shutdown(deadline: Double, completion: @escaping @Sendable () -> Void) {
        acceptQueue.async { @Sendable [self] in
            if let watch = acceptWatch {
                watch.cancel()
                acceptWatch = nil
                Descriptor.close(watch.fd)
            }
            let connections = state.withLock { state -> [HTTPConnection] in
                state.stopping = true
                if !state.connections.isEmpty { state.drained.append(completion) }
                return Array(state.connections.values)
            }
            guard !connections.isEmpty else {
                stopSweeping()
                return completion()
            }
            connections.forEach { $0.drain() }
            acceptQueue.asyncAfter(deadline: .now() + .milliseconds(Int(deadline * 1000))) { @Sendable [self] in
                let (left, callbacks) = state.withLock { state in
                    let callbacks = state.drained
                    state.drained = []
                    return (Array(state.connections.values), callbacks)
                }
                left.forEach { connection in connection.queue.async { @Sendable in connection.close() } }
                stopSweeping()
                callbacks.forEach { $0() }
            }
        }
    }

    /// Accepts every pending connection, then arms the watch again. Runs on `acceptQueue`.
    private func acceptPending() {
        guard let listener, let watch = acceptWatch else { return }  // stopped since the event was sent
        var rearm = true
        defer { if rearm && acceptWatch != nil { watch.arm(.read) } }
        while true {
            switch listener.accept() {
            case .accepted(let fd, let peer):
                admit(fd: fd, peer: peer)
            case .wouldBlock:
                return
            case .exhausted:
                // Out of descriptors: stop accepting briefly instead of spinning on EMFILE.
                logger(.acceptError, "out of file descriptors; pausing accept for 100 ms")
                rearm = false
                acceptQueue.asyncAfter(deadline: .now() + .milliseconds(100)) { @Sendable [self] in acceptPending() }
                return
            case .failed(let error):
                logger(.acceptError, error.description)
                return
            }
        }
    }

    private func admit(fd: Int32, peer: SocketAddress) {
        // Decided before building the connection: refused sockets are never watched.
        let admitted = state.withLock { state -> Bool in
            !state.stopping && state.connections.count < configuration.maxConnections
        }
        guard admitted else {
            refuse(fd: fd, peer: peer)
            return
        }
        let queue = DispatchQueue(label: "http.connection", target: connectionTarget)
        let connection = HTTPConnection(
            fd: fd, peer: peer, server: self, configuration: configuration, clock: clock, queue: queue)
        // Only this (serial) accept queue adds connections, so the count checked above still holds.
        state.withLock { $0.connections[ObjectIdentifier(connection)] = connection }
        connection.start()
    }

    /// Answers 503 at once and closes: a refused client learns it quickly instead of hanging.
    private func refuse(fd: Int32, peer: SocketAddress) {
        logThrottled(.connectionLimit) { count in
            "refused \(count) connection(s), the latest from \(peer): \(configuration.maxConnections) connections open"
        }
        let response = HTTPResponse.error(
            .serviceUnavailable, "too many open connections", headers: HTTPHeaders([("Retry-After", "1")]),
            closeConnection: true)
        let bytes = response.serialized(version: .http11, keepAlive: false, date: dateHeader(), omitBody: false)
        _ = bytes.withUnsafeBytes { Descriptor.send(fd, $0) }
        Descriptor.close(fd)
    }

    func connectionClosed(_ connection: HTTPConnection) {
        let callbacks = state.withLock { state -> [@Sendable () -> Void] in
            state.connections[ObjectIdentifier(connection)] = nil
            guard state.stopping, state.connections.isEmpty else { return [] }
            defer { state.drained = [] }
            return state.drained
        }
        guard !callbacks.isEmpty else { return }
        acceptQueue.async { @Sendable [self] in stopSweeping() }
        callbacks.forEach { $0() }
    }

    func log(_ event: HTTPServerEvent, _ message: String) {
        logger(event, message)
    }

    /// Logs `event` at most once a second, with how many happened since its last line, so a
    /// flood (refused connections, malformed requests) cannot flood the log.
    func logThrottled(_ event: HTTPServerEvent, _ message: (_ count: Int) -> String) {
        let second = WallClock.nowMilliseconds() / 1000
        let count = state.withLock { state -> Int? in
            var entry = state.throttled[event] ?? (count: 0, second: 0)
            entry.count += 1
            defer { state.throttled[event] = entry }
            guard second != entry.second else { return nil }
            defer { entry = (count: 0, second: second) }
            return entry.count
        }
        if let count { logger(event, message(count)) }
    }

    /// `<instance>-<counter>` in base 36: unique per process, cheap, and short in logs.
    func nextRequestID() -> String {
        let number = state.withLock { state -> UInt64 in
            state.requestCounter += 1
            return state.requestCounter
        }
        return instanceTag + "-" + String(number, radix: 36)
    }

    /// The Date header value, formatted at most once a second.
    func dateHeader() -> String {
        let now = WallClock.nowMilliseconds()
        let second = now / 1000
        if let cached = state.withLock({ $0.cachedDate.second == second ? $0.cachedDate.text : nil }) { return cached }
        let text = WallClock.httpDate(milliseconds: now)
        state.withLock { $0.cachedDate = (second, text) }
        return text
    }
}
