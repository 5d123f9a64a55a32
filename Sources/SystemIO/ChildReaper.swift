import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Collects the exit status of every child process `ProcessSpawner` starts and hands it to the
/// child's owner; when this process is PID 1 (a container's init) or a child subreaper, it also
/// reaps the orphans the kernel re-parents to it, so none stays a zombie.
///
/// It never makes itself a subreaper (`PR_SET_CHILD_SUBREAPER`): it only notices one set before
/// exec. In a process where Foundation's `Process` runs children too (the tests), adopting
/// orphans would mean reaping children it cannot tell from Foundation's.
///
/// One reaper per process, woken by SIGCHLD through a Dispatch signal source, plus a sweep each
/// second in case a signal was coalesced away or missed. It waits for the pids it started by
/// pid, never with `waitpid(-1)`, so it cannot take a status from another part of the process
/// (Foundation's `Process` waits for its own pids the same way). Orphans are found by peeking
/// with `waitid(P_ALL, WNOWAIT)`, which leaves the child waitable: a pid it started is then
/// collected for its owner, and only an unknown one is reaped as an orphan.
///
/// Never set SIGCHLD to SIG_IGN in this process (`Signals.watch` does that to the signals it
/// watches): the kernel would then discard every child's status, and owners would see `.unknown`.
public final class ChildReaper: Sendable {
    /// The reaper of this process.
    public static let shared = ChildReaper()

    private struct State {
        var waiting: [Int32: @Sendable (ExitStatus) -> Void] = [:]
        var started = false
        var reapsOrphans = false
        var orphansReaped = 0
        var signalSource: (any DispatchSourceSignal)?
        var sweep: (any DispatchSourceTimer)?
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "systemio.child-reaper")

    private init() {}

    /// Starts watching SIGCHLD (idempotent). `ProcessSpawner` calls it before its first spawn;
    /// the receiver calls it at start so that, as PID 1, it reaps orphans from the first moment
    /// (processes started by `docker exec` are re-parented to it too).
    public func start() {
        let first = state.withLock { state in
            guard !state.started else { return false }
            state.started = true
            state.reapsOrphans = Self.isInit || Self.isSubreaper
            // libdispatch installs its own SIGCHLD handler (never SIG_IGN) that forwards the
            // signal to its signalfd, whichever thread the kernel picks.
            let source = DispatchSource.makeSignalSource(signal: SIGCHLD, queue: queue)
            source.setEventHandler { @Sendable [self] in reap() }
            source.resume()
            let sweep = DispatchSource.makeTimerSource(queue: queue)
            sweep.schedule(deadline: .now() + 1, repeating: 1, leeway: .milliseconds(250))
            sweep.setEventHandler { @Sendable [self] in reap() }
            sweep.resume()
            state.signalSource = source
            state.sweep = sweep
            return true
        }
        // Children that ended before the source existed (orphans waiting for a new PID 1).
        if first { queue.async { @Sendable [self] in reap() } }
    }

    /// True when orphans are reaped here too: this process is PID 1 or a child subreaper.
    public var reapsOrphans: Bool { state.withLock { $0.reapsOrphans } }

    /// Orphans reaped so far (children this process did not start).
    public var orphansReaped: Int { state.withLock { $0.orphansReaped } }

    /// Runs `spawn` (which returns the new child's pid) and registers `onExit` for that pid
    /// under one lock, so a child that ends at once is still handed to its owner: the reaper
    /// cannot look for it before it is registered. `onExit` runs once, on the reaper's queue;
    /// keep it short (hop to a queue of your own).
    func register(
        _ onExit: @escaping @Sendable (ExitStatus) -> Void, spawn: () throws(SpawnError) -> Int32
    ) throws(SpawnError) -> Int32 {
        start()
        return try state.withLock { state throws(SpawnError) -> Int32 in
            let pid = try spawn()
            state.waiting[pid] = onExit
            return pid
        }
    }

    /// Collects every child that has ended, then calls the owners outside the lock.
    private func reap() {
        let finished = state.withLock { state -> [(@Sendable (ExitStatus) -> Void, ExitStatus)] in
            var finished: [(@Sendable (ExitStatus) -> Void, ExitStatus)] = []
            for pid in Array(state.waiting.keys) {
                guard let status = Self.collect(pid), let owner = state.waiting.removeValue(forKey: pid) else { continue }
                finished.append((owner, status))
            }
            guard state.reapsOrphans else { return finished }
            // Bounded, so a pathological flood cannot hold the lock for ever; the next signal
            // or sweep goes on.
            for _ in 0..<4096 {
                guard let pid = Self.peekEnded() else { break }
                if let owner = state.waiting.removeValue(forKey: pid) {
                    finished.append((owner, Self.collect(pid) ?? .unknown))
                } else if Self.collect(pid) != nil {
                    state.orphansReaped += 1
                }
            }
            return finished
        }
        for (owner, status) in finished { owner(status) }
    }

    /// The status of `pid` once it has ended; nil while it runs; `.unknown` when someone else
    /// collected it (ECHILD).
    private static func collect(_ pid: Int32) -> ExitStatus? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return ExitStatus(waitStatus: status) }
            if result == 0 { return nil }
            if errno == EINTR { continue }
            return .unknown
        }
    }

    /// The pid of some child that has ended, left waitable (WNOWAIT); nil when none has.
    private static func peekEnded() -> Int32? {
        var info = siginfo_t()
        while true {
            if waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == 0 {
                let pid = info._sifields._sigchld.si_pid
                return pid > 0 ? pid : nil
            }
            if errno == EINTR { continue }
            return nil  // ECHILD: no children at all
        }
    }

    private static var isInit: Bool { getpid() == 1 }

    private static var isSubreaper: Bool {
        guard let prctl = GlibcExtras.processControl else { return false }
        var flag: Int32 = 0
        let result = withUnsafeMutablePointer(to: &flag) { prctl(GlibcExtras.getChildSubreaper, UInt(bitPattern: $0), 0, 0, 0) }
        return result == 0 && flag != 0
    }
}
