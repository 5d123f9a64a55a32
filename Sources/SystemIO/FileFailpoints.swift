#if canImport(Glibc)
import Glibc
#endif

/// One step of durable file work (a write, an fsync, a rename, a directory fsync) at which a
/// test can make the work fail or stop, to see what that failure or a crash leaves on disk.
public enum FileStep: Sendable, Equatable, CustomStringConvertible {
    /// About to write `bytes` bytes to `path`.
    case write(path: String, bytes: Int)
    /// About to flush `path`'s data to stable storage.
    case sync(path: String)
    /// About to rename `from` over `to`.
    case rename(from: String, to: String)
    /// About to flush the entries of directory `path`.
    case syncDirectory(path: String)

    public var description: String {
        switch self {
        case .write(let path, let bytes): "write \(bytes) bytes to \(path)"
        case .sync(let path): "fsync \(path)"
        case .rename(let from, let to): "rename \(from) to \(to)"
        case .syncDirectory(let path): "fsync directory \(path)"
        }
    }
}

/// What a failpoint makes of a step.
public enum FailpointAction: Sendable, Equatable {
    /// Do the step.
    case proceed
    /// Fail the step with `errno`, as the system call would (the caller cleans up as usual).
    case fail(errno: Int32)
    /// For a write: write only the first `bytes` bytes, then fail with `errno` (a disk that
    /// fills up half-way through a line).
    case writePartly(bytes: Int, errno: Int32)
    /// Stop right here, as if the process were killed: no clean-up of any kind.
    case crash
}

/// A hook asked before each `FileStep` (tests only; `.none` in production costs one branch).
public struct FileFailpoints: Sendable {
    private let decide: (@Sendable (FileStep) -> FailpointAction)?

    /// Failpoints that ask `decide` at every step.
    public init(_ decide: @escaping @Sendable (FileStep) -> FailpointAction) {
        self.decide = decide
    }

    private init() { decide = nil }

    /// No failpoints: every step proceeds.
    public static let none = FileFailpoints()

    /// The action for `step` (`.proceed` without a hook).
    public func action(at step: FileStep) -> FailpointAction {
        decide?(step) ?? .proceed
    }

    /// Throws what `step` should fail with; returns when it should proceed. `.writePartly`
    /// counts as a failure here: only a writer can do the partial part.
    public func check(_ step: FileStep) throws(SystemError) {
        switch action(at: step) {
        case .proceed: return
        case .fail(let code), .writePartly(_, let code): throw SystemError("\(step) (failpoint)", errno: code)
        case .crash: throw Self.crash(at: step)
        }
    }

    /// The error a `.crash` action throws: callers recognise it and skip their clean-up.
    public static func crash(at step: FileStep) -> SystemError {
        SystemError("simulated crash before \(step)", errno: ECANCELED)
    }

    /// True for the error of a `.crash` action.
    public static func isCrash(_ error: SystemError) -> Bool {
        error.errno == ECANCELED && error.operation.hasPrefix("simulated crash")
    }
}
