#if canImport(Glibc)
import Glibc
#endif

extension Signals {
    /// SIGKILL: cannot be caught or ignored; the last resort after SIGTERM.
    public static let kill = SIGKILL

    /// Sends `signal` to every process in the process group `group` (a child started by Foundation's
    /// `Process` leads its own group, whose id is its pid), so a shell's children are stopped with it.
    /// Returns false when no such group exists any more (ESRCH) or the signal was refused.
    @discardableResult
    public static func send(_ signal: Int32, toProcessGroup group: Int32) -> Bool {
        // A group id of 0 or 1 would address our own group or every process we may signal.
        guard group > 1 else { return false }
        return Glibc.kill(-group, signal) == 0
    }
}
