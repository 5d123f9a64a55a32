import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Counts SIGPIPE deliveries while installed, then puts back the previous disposition.
/// A counting handler (rather than SIG_DFL) keeps a regression from killing the whole
/// test process, and still makes a raised SIGPIPE visible.
final class BrokenPipeWatch {
    private var previous = sigaction()

    init() {
        brokenPipeCount.store(0, ordering: .relaxed)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in brokenPipeCount.add(1, ordering: .relaxed) }
        sigemptyset(&action.sa_mask)
        sigaction(SIGPIPE, &action, &previous)
    }

    var count: Int { brokenPipeCount.load(ordering: .relaxed) }

    func reset() { brokenPipeCount.store(0, ordering: .relaxed) }

    /// Writes (without MSG_NOSIGNAL) to a socket whose peer is closed; returns the count after.
    func raiseOnce() -> Int {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0 else { return -1 }
        close(pair[1])
        let byte: [UInt8] = [0]
        _ = byte.withUnsafeBytes { write(pair[0], $0.baseAddress, 1) }
        close(pair[0])
        return count
    }

    func restore() {
        sigaction(SIGPIPE, &previous, nil)
    }
}

private let brokenPipeCount = Atomic<Int>(0)
