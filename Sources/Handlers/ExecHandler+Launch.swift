import Delivery
import Foundation
import SystemIO

extension ExecHandler {
    /// Why the program cannot be started now (missing, not executable, no working directory),
    /// for a warning at start; nil when it can. Not an error: the program (or the directory)
    /// may appear later, and runs are retried.
    public var startupProblem: String? {
        if let directory = settings.workingDirectory, !FileSystem.isDirectory(directory) {
            return "working directory \(directory) does not exist"
        }
        let (executable, _) = Self.invocation(settings.command, shell: settings.shell, searchPath: baseEnvironment["PATH"])
        guard !FileManager.default.isExecutableFile(atPath: executable) else { return nil }
        let base = executable.hasPrefix("/") ? "" : " (relative to \(FileManager.default.currentDirectoryPath))"
        return "cannot run \(executable)\(base): \(Self.launchProblem(executable, HandlerFailure("")))"
    }

    /// The failure for a program that could not be started: retryable (it may appear, the
    /// directory may be created), except when the event itself is too large for `execve`.
    func launchFailure(_ executable: String, _ error: any Error) -> HandlerFailure {
        guard let error = error as? SpawnError else { return HandlerFailure("cannot run \(executable): \(error)") }
        switch error.reason {
        case .tooLarge:
            return HandlerFailure("cannot run \(executable): its arguments and environment are too large for a program (E2BIG)", retryable: false)
        case .noWorkingDirectory:
            return HandlerFailure("cannot run \(executable): working directory \(settings.workingDirectory ?? ".") does not exist")
        case .notFound, .permissionDenied, .badFormat, .system:
            return HandlerFailure("cannot run \(executable): \(Self.launchProblem(executable, error))")
        }
    }

    /// Why a program could not be started, in plain words.
    static func launchProblem(_ executable: String, _ error: any Error) -> String {
        if !FileManager.default.fileExists(atPath: executable) {
            return executable.contains("/") ? "no such file" : "not found in PATH"
        }
        if !FileManager.default.isExecutableFile(atPath: executable) { return "not executable (chmod +x it)" }
        if let error = error as? SpawnError {
            switch error.reason {
            case .badFormat: return "not a program the system can run (a script needs a #! line)"
            case .notFound: return "its interpreter (the #! line) was not found"
            default: return error.description
            }
        }
        return "\(error)"
    }
}
