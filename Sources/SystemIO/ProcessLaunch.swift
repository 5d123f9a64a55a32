/// A program to start as a child process: exactly what it gets, nothing inherited.
public struct ProcessLaunch: Sendable, Equatable {
    /// The program's path, not searched in `PATH`. A relative path is taken from this process's
    /// working directory (not from `workingDirectory`).
    public var executable: String
    /// `argv[1...]`; `argv[0]` is `executable`.
    public var arguments: [String]
    /// The program's whole environment: none of this process's variables are passed on.
    public var environment: [String: String]
    /// Where the program starts; nil: this process's working directory. A relative path is
    /// taken from this process's working directory.
    public var workingDirectory: String?

    /// A launch from its parts.
    public init(executable: String, arguments: [String] = [], environment: [String: String] = [:], workingDirectory: String? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
    }
}

/// A child process just started by `ProcessSpawner`: its pid and this process's ends of the
/// pipes to its standard streams. The descriptors are non-blocking and close-on-exec, and
/// belong to the caller, who closes them.
public struct SpawnedProcess: Sendable, Equatable {
    /// The child's pid; it also leads a process group of this id (`Signals.send(_:toProcessGroup:)`).
    public let pid: Int32
    /// Write end of the child's standard input.
    public let standardInput: Int32
    /// Read end of the child's standard output.
    public let standardOutput: Int32
    /// Read end of the child's standard error.
    public let standardError: Int32
}

/// Why a program could not be started.
public struct SpawnError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The cause, in the terms a caller acts on.
    public enum Reason: Sendable, Equatable {
        /// E2BIG: the arguments and environment exceed what `execve` accepts (`ProgramLimits`).
        case tooLarge
        /// ENOENT or ENOTDIR: no such program (or a script's `#!` interpreter is missing).
        case notFound
        /// EACCES or EPERM: not executable, or a directory on the way is not searchable.
        case permissionDenied
        /// ENOEXEC: not a binary the kernel can run (a script without a `#!` line).
        case badFormat
        /// The working directory does not exist or is not a directory.
        case noWorkingDirectory
        /// Anything else (out of descriptors, out of processes, ...).
        case system
    }

    /// The cause.
    public let reason: Reason
    /// The step that failed, e.g. `"posix_spawn /usr/local/bin/on-event"`.
    public let operation: String
    /// The `errno` value.
    public let errno: Int32

    /// An error from its parts.
    public init(_ reason: Reason, operation: String, errno: Int32) {
        self.reason = reason
        self.operation = operation
        self.errno = errno
    }

    public var description: String { SystemError(operation, errno: errno).description }
}
