import Dispatch
import Synchronization
import SystemIO

/// One accepted connection, driven by readiness events from `EventReactor` on its own serial
/// queue: no thread is held while it waits for bytes or for its answer. Timeouts are a deadline the
/// server's sweep checks (`checkDeadline`), not a Dispatch timer: re-arming a timer costs a
/// syscall and a wake-up of Dispatch's manager thread, and a request re-armed it five times
/// (perf: ~12% of the receiver's CPU under load).
///
/// `@unchecked Sendable`: every mutable property is touched only on `queue`; the responder's
/// completion hops back onto `queue` before touching anything. `deadline` is atomic because
/// the sweep reads it from its own queue.
final class HTTPConnection: @unchecked Sendable {
    enum Phase: Equatable {
        /// Between requests (or before the first): waiting for the first byte of a head.
        case idle
        /// Part of a head has arrived.
        case readingHead
        /// The head is parsed; the body is arriving.
        case readingBody
        /// The request is complete; the responder has it.
        case awaitingResponse
        /// A response is being written.
        case writing
        /// The last response is sent and our side is shut (FIN): reading and discarding until the
        /// client closes too, so that bytes it still sends cannot turn into a reset that destroys
        /// the response before it is read (RFC 9112 §9.6, lingering close).
        case lingering
        case closed
    }

    let fd: Int32
    let peer: SocketAddress
    let queue: DispatchQueue
    private let server: HTTPServer
    private let configuration: HTTPServerConfiguration
    private let clock: MonotonicClock
    private var parser: HTTPRequestParser
    /// The socket's registration with the reactor (nil until `start`, and if it failed).
    private var watch: EventReactor.Watch?
    /// What the socket is watched for now: reading (unless paused: a request is with the
    /// responder, or the answer is being written) and writing (while output is pending).
    private var wantsRead = true
    private var wantsWrite = false
    /// Set while an event is handled: interest changes then arm the watch once, at its end.
    private var handlingEvent = false
    /// When the current phase times out, in `clock` nanoseconds; `.max` for never.
    private let deadline = Atomic<UInt64>(.max)
    private var phase = Phase.idle
    private var output: [UInt8] = []
    private var outputOffset = 0
    private var closeAfterWrite = false
    private var peerClosed = false
    /// Set while `processBufferedRequests` runs (see there).
    private var processingRequests = false
    /// Bytes a lingering close may still read and discard (see `lingerDiscardBytes`).
    private var lingerBudget = 0
    private var currentHead: HTTPRequestHead?
    private var currentRequestID = ""
    /// Set when the server is stopping: finish the request in hand, then close.
    private var draining = false

    init(
        fd: Int32, peer: SocketAddress, server: HTTPServer, configuration: HTTPServerConfiguration, clock: MonotonicClock,
        queue: DispatchQueue
    ) {
        self.fd = fd
        self.peer = peer
        self.server = server
        self.configuration = configuration
        self.clock = clock
        self.queue = queue
        self.parser = HTTPRequestParser(limits: configuration.limits)
        queue.setSpecific(key: Self.queueKey, value: ObjectIdentifier(self))
    }

    /// Marks each connection's queue with the connection, so code can tell it is already there.
    static let queueKey = DispatchSpecificKey<ObjectIdentifier>()

    /// Starts reading. Called once, on any thread, before any other method.
    func start() {
        armDeadline(seconds: configuration.headerTimeout)
        queue.async { @Sendable [self] in
            do throws(SystemError) {
                watch = try EventReactor.shared.watch(fd, interest: .read, queue: queue) { @Sendable [self] readiness in handle(readiness) }
            } catch {
                server.log(.acceptError, "cannot watch the connection from \(peer): \(error)")
                close()
            }
        }
    }

    /// One readiness event: writes what is pending, reads what arrived (a hang-up or an error
    /// shows as a failed read or write, which closes), then arms the watch again.
    private func handle(_ readiness: Readiness) {
        guard phase != .closed else { return }  // an event sent just before the close
        handlingEvent = true
        if wantsWrite && !readiness.isDisjoint(with: [.writable, .hangup, .error]) { flush() }
        if wantsRead && phase != .closed && !readiness.isDisjoint(with: [.readable, .hangup, .error]) { readAvailable() }
        handlingEvent = false
        updateWatch()
    }

    /// Arms the watch for what the connection wants now (outside an event's handling, which
    /// arms it once at its end).
    private func updateWatch() {
        guard !handlingEvent, phase != .closed, let watch else { return }
        let interest = (wantsRead ? Interest.read : []).union(wantsWrite ? .write : [])
        // Wanting nothing (a request with the responder), the one-shot watch stays disarmed:
        // armed even with no interest, epoll still reports a hang-up, and a client that reset
        // meanwhile would wake the connection in a loop until the answer is ready.
        guard !interest.isEmpty else { return }
        watch.arm(interest)
    }

    /// Its phase and how many bytes of the request in progress it has read (head so far, or
    /// body so far plus anything buffered), read on its queue: tests wait for these before they
    /// move a manual clock. Must not be called on the connection's own queue.
    var snapshot: (phase: Phase, receivedBytes: Int) {
        queue.sync { (phase, parser.bufferedByteCount + parser.body.count) }
    }

    /// Asks the connection to close once the request in hand (if any) is answered.
    func drain() {
        queue.async { @Sendable [self] in
            draining = true
            if phase == .idle || phase == .lingering { close() }
        }
    }

    // MARK: Reading

    private func readAvailable() {
        guard phase != .closed else { return }
        if phase == .lingering { return discardUntilClosed() }
        var sawEOF = false
        withUnsafeTemporaryAllocation(byteCount: 32 * 1024, alignment: 16) { buffer in
            // Bounded so one busy client cannot monopolise the queue's thread. Each chunk is
            // parsed before the next is read, so reading stops as soon as a request is complete
            // or refused from its head: a refused upload is not read ahead into the parser.
            for _ in 0..<8 {
                switch Descriptor.read(fd, into: buffer) {
                case .bytes(let count):
                    parser.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                    processBufferedRequests()
                    if count < buffer.count || !isReadingRequests { return }
                case .wouldBlock:
                    return
                case .endOfFile, .failed:
                    sawEOF = true
                    return
                }
            }
        }
        if sawEOF && phase != .closed {
            peerClosed = true
            // Keep answering what was fully received; otherwise there is no one to answer.
            if phase == .idle || phase == .readingHead || phase == .readingBody { close() } else { pauseReading() }
        }
    }

    /// Whether bytes from the peer are requests to parse (not an answer pending or a close under way).
    private var isReadingRequests: Bool { phase == .idle || phase == .readingHead || phase == .readingBody }

    /// Parses and handles as many requests as are buffered, one at a time, in order.
    private func processBufferedRequests() {
        // An answer written at once from in here (a refusal from the head) finishes with
        // `responseWritten`, which asks for the next request: the loop below goes on to it
        // itself, so that call must not nest a second loop, once per pipelined request.
        guard !processingRequests else { return }
        processingRequests = true
        defer { processingRequests = false }
        while isReadingRequests {
            let event: HTTPRequestParser.Event?
            do throws(HTTPParseError) {
                event = try parser.next()
            } catch {
                server.logThrottled(.rejected) { count in "refused \(count) request(s), the latest from \(peer) with \(error)" }
                send(HTTPResponse.error(error), version: currentHead?.version ?? .http11)
                return
            }
            guard let event else {
                if parser.bufferedByteCount > 0 && phase == .idle {
                    phase = .readingHead
                    armDeadline(seconds: configuration.headerTimeout)
                }
                return
            }
            switch event {
            case .head(let head):
                currentHead = head
                currentRequestID = server.nextRequestID()
                phase = .readingBody
                armDeadline(seconds: configuration.bodyTimeout)
                // Whatever the head alone decides (route, method, credentials) is answered before
                // any of the body is read, so a refused body is never buffered: 300 unauthenticated
                // 1 MB uploads cost 300 MB when it was read first.
                let context = HTTPRequestContext(peer: peer, requestID: currentRequestID, queue: queue)
                if var refusal = server.responder.answerBeforeBody(head, context: context) {
                    // A body that has all arrived is skipped and the connection kept; one still
                    // arriving is not read: the connection closes after a bounded lingering read.
                    if !parser.skipBufferedBody() { refusal.closeConnection = true }
                    send(refusal, version: head.version)
                    continue  // on to the next request once this answer is written
                }
                // Invite the body only if the client is still waiting to send it.
                if head.expectsContinue && parser.isReadingBody && parser.bufferedByteCount == 0 {
                    writeRaw(HTTPResponse.continueBytes)
                }
            case .request(let request):
                phase = .awaitingResponse
                deadline.store(.max, ordering: .relaxed)
                pauseReading()
                let context = HTTPRequestContext(peer: peer, requestID: currentRequestID, queue: queue)
                let version = request.head.version
                server.responder.respond(to: request, context: context) { @Sendable [self] response in
                    // Already on the connection's queue (an answer prepared there) costs no hop.
                    if DispatchQueue.getSpecific(key: Self.queueKey) == ObjectIdentifier(self) {
                        send(response, version: version)
                    } else {
                        queue.async { @Sendable [self] in send(response, version: version) }
                    }
                }
            }
        }
    }

    // MARK: Writing

    private func send(_ response: HTTPResponse, version: HTTPVersion) {
        guard phase != .closed else { return }
        let keepAlive = !response.closeConnection && !draining && !peerClosed && (currentHead?.keepAlive ?? false)
            && !server.isStopping
        closeAfterWrite = !keepAlive
        let bytes = response.serialized(
            version: version, keepAlive: keepAlive, date: server.dateHeader(), omitBody: currentHead?.method == "HEAD")
        phase = .writing
        armDeadline(seconds: configuration.writeTimeout)
        if closeAfterWrite {
            pauseReading()
            // No later request will be parsed: release what the parser holds (a refused body's
            // first bytes, pipelined requests) instead of keeping it through the lingering close.
            parser = HTTPRequestParser(limits: configuration.limits)
        }
        writeRaw(bytes)
    }

    /// Queues bytes and writes what the socket takes now; the rest goes when it is writable.
    private func writeRaw(_ bytes: [UInt8]) {
        if output.isEmpty {
            output = bytes
            outputOffset = 0
        } else {
            output.append(contentsOf: bytes)
        }
        flush()
    }

    private func flush() {
        while outputOffset < output.count {
            let result = output.withUnsafeBytes { Descriptor.send(fd, UnsafeRawBufferPointer(rebasing: $0[outputOffset...])) }
            switch result {
            case .wrote(let count):
                outputOffset += count
            case .wouldBlock:
                waitUntilWritable()
                return
            case .failed:
                close()
                return
            }
        }
        output = []  // the next answer replaces it wholesale (writeRaw), so keep no capacity
        outputOffset = 0
        if wantsWrite {
            wantsWrite = false
            updateWatch()
        }
        if phase == .writing { responseWritten() }
    }

    private func waitUntilWritable() {
        guard !wantsWrite else { return }
        wantsWrite = true
        updateWatch()
    }

    private func responseWritten() {
        currentHead = nil
        // A drain that arrived while this answer was being written closes now, instead of
        // idling (or lingering) until the shutdown deadline cuts it.
        if draining || server.isStopping {
            close()
            return
        }
        // Any other last answer (Connection: close, HTTP/1.0, an error) closes gracefully.
        if closeAfterWrite {
            linger()
            return
        }
        phase = .idle
        armDeadline(seconds: configuration.idleTimeout)
        resumeReading()
        // Pipelined requests may already be buffered.
        processBufferedRequests()
    }

    // MARK: Timeouts and closing

    private func armDeadline(seconds: Double) {
        deadline.store(clock.nanoseconds() &+ UInt64(seconds * 1e9), ordering: .relaxed)
    }

    /// Called by the server's sweep, on any thread: handles a timeout if the deadline passed.
    func checkDeadline(now: UInt64) {
        guard deadline.load(ordering: .relaxed) <= now else { return }
        queue.async { @Sendable [self] in
            // The connection may have moved on (and re-armed) since the sweep looked.
            if deadline.load(ordering: .relaxed) <= clock.nanoseconds() { timedOut() }
        }
    }

    private func timedOut() {
        switch phase {
        case .readingHead, .readingBody:
            server.log(.timeout, "request \(phase == .readingHead ? "head" : "body") not received in time from \(peer)")
            send(.error(.requestTimeout, "request not received in time", closeConnection: true), version: currentHead?.version ?? .http11)
        case .idle, .writing, .lingering:
            close()
        case .awaitingResponse, .closed:
            break
        }
    }

    /// How long a closing connection waits for the client to close its side.
    static let lingerSeconds = 2.0
    /// How much a closing connection reads and discards before it closes anyway. Enough for a
    /// client to read an early answer (401, 413) while its send buffer drains into ours, and a
    /// bound on what a refused upload costs: the rest of its body is never read.
    static let lingerDiscardBytes = 64 * 1024

    private func linger() {
        phase = .lingering
        lingerBudget = Self.lingerDiscardBytes
        Descriptor.shutdownWrite(fd)
        armDeadline(seconds: Self.lingerSeconds)
        resumeReading()
    }

    private func discardUntilClosed() {
        withUnsafeTemporaryAllocation(byteCount: 16 * 1024, alignment: 16) { buffer in
            for _ in 0..<8 {
                switch Descriptor.read(fd, into: buffer) {
                case .bytes(let count):
                    lingerBudget -= count
                    if lingerBudget <= 0 {
                        close()
                        return
                    }
                    if count < buffer.count { return }
                case .wouldBlock:
                    return
                case .endOfFile, .failed:
                    close()
                    return
                }
            }
        }
    }

    private func pauseReading() {
        guard wantsRead else { return }
        wantsRead = false
        updateWatch()
    }

    private func resumeReading() {
        guard !wantsRead else { return }
        wantsRead = true
        updateWatch()
    }

    /// Stops watching, then closes the descriptor: the reactor never watches a closed (or
    /// reused) descriptor, and an event already on its way finds the phase closed.
    func close() {
        guard phase != .closed else { return }
        phase = .closed
        deadline.store(.max, ordering: .relaxed)
        watch?.cancel()
        watch = nil
        Descriptor.close(fd)
        server.connectionClosed(self)
    }
}
