import Dispatch
import Synchronization
import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// Watches sockets and pipes for readiness with one epoll descriptor and one thread of its own,
/// and runs each watcher's handler on the watcher's queue.
///
/// Why not Dispatch read and write sources: on this toolchain (Swift 6.3.1, Linux) libdispatch's
/// epoll backend crashed the receiver with SIGSEGV in `_dispatch_event_loop_drain` when a
/// source's descriptor hung up (EPOLLHUP: a peer that resets, a lingering close, an exec
/// program exiting) while the source was being cancelled: its hang-up path walks a muxnote that
/// a worker thread frees concurrently (13 crashes in the kernel log of one afternoon's test
/// runs; the same family as swift-corelibs-libdispatch issues #833 and #949). Here nothing is
/// shared by pointer with the kernel: each registration has a 64-bit token that is never
/// reused, so an event that arrives for a cancelled watch finds no token and is dropped.
///
/// Each watch is one-shot (EPOLLONESHOT): after an event the descriptor is disabled until the
/// owner arms it again, so a handler never runs twice at once and a busy descriptor cannot
/// flood the owner's queue. A handler may run once after `cancel` (an event dispatched just
/// before): owners ignore events once they have closed, on the same serial queue.
public final class EventReactor: Sendable {
    /// The process's reactor, started on first use.
    public static let shared = EventReactor()

    private struct Registration {
        let queue: DispatchQueue
        let handler: @Sendable (Readiness) -> Void
    }

    private let epollFD: Int32
    private let registrations = Mutex<[UInt64: Registration]>([:])
    private let nextToken = Atomic<UInt64>(1)

    private init() {
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        precondition(epollFD >= 0, "epoll_create1 failed: errno \(errno)")
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(&thread, nil, { context in
            let reactor = Unmanaged<EventReactor>.fromOpaque(context!).takeRetainedValue()
            reactor.run()
            return nil
        }, context)
        precondition(created == 0, "cannot start the event reactor's thread: \(created)")
        pthread_detach(thread)
    }

    /// A watch on one descriptor, owned by whoever registered it and used from the owner's queue.
    public struct Watch: Sendable {
        let token: UInt64
        public let fd: Int32
        let reactor: EventReactor

        /// Enables the watch for `interest` (replacing what it had), for one event. A hang-up or
        /// an error is reported whatever the interest, even an empty one (epoll always adds
        /// them): to hear nothing, leave a watch that fired disarmed instead.
        public func arm(_ interest: Interest) {
            var event = epoll_event()
            event.events = interest.rawValue | EPOLLONESHOT.rawValue
            event.data.u64 = token
            _ = epoll_ctl(reactor.epollFD, EPOLL_CTL_MOD, fd, &event)
        }

        /// Stops watching. Call it before closing the descriptor; afterwards the handler may
        /// still run once for an event already on its way.
        public func cancel() {
            _ = epoll_ctl(reactor.epollFD, EPOLL_CTL_DEL, fd, nil)
            _ = reactor.registrations.withLock { $0.removeValue(forKey: token) }
        }
    }

    /// Watches `fd` for `interest` (armed at once, for one event), calling `handler` on
    /// `queue` with what it is ready for. Throws when epoll refuses the descriptor (a regular
    /// file, one already closed).
    public func watch(
        _ fd: Int32, interest: Interest, queue: DispatchQueue, handler: @escaping @Sendable (Readiness) -> Void
    ) throws(SystemError) -> Watch {
        let token = nextToken.add(1, ordering: .relaxed).newValue
        registrations.withLock { $0[token] = Registration(queue: queue, handler: handler) }
        var event = epoll_event()
        event.events = interest.rawValue | EPOLLONESHOT.rawValue
        event.data.u64 = token
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else {
            let error = SystemError("epoll_ctl ADD fd \(fd)")
            _ = registrations.withLock { $0.removeValue(forKey: token) }
            throw error
        }
        return Watch(token: token, fd: fd, reactor: self)
    }

    /// How many watches are registered (for tests and leak checks).
    public var watchCount: Int { registrations.withLock { $0.count } }

    private func run() {
        // Signals are Dispatch's business (signalfd on its own thread): none is delivered here.
        var all = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_BLOCK, &all, nil)
        let capacity = 128
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        while true {
            let count = epoll_wait(epollFD, events, Int32(capacity), -1)
            if count < 0 {
                if errno == EINTR { continue }
                preconditionFailure("epoll_wait failed: errno \(errno)")
            }
            for index in 0..<Int(count) {
                let token = events[index].data.u64
                let readiness = Readiness(rawValue: events[index].events)
                guard let registration = registrations.withLock({ $0[token] }) else { continue }
                let handler = registration.handler
                registration.queue.async { handler(readiness) }
            }
        }
    }
}
