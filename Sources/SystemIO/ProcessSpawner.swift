#if canImport(Glibc)
import Glibc
#endif

/// Starts child processes with `posix_spawn`, each with a clean slate: the environment it is
/// given and nothing else, descriptors 0, 1 and 2 (pipes to this process) and no other, default
/// signal dispositions with nothing blocked, in a process group of its own.
///
/// Every child's exit status goes to the `onExit` given at spawn, through `ChildReaper`; that is
/// the only way to learn it (do not `waitpid` a spawned pid yourself).
public enum ProcessSpawner {
    /// Starts `launch` and returns at once. `onExit` is called exactly once, on the reaper's
    /// queue, when the program ends (keep it short). Throws when the program cannot be started;
    /// `onExit` is then never called.
    public static func spawn(
        _ launch: ProcessLaunch, onExit: @escaping @Sendable (ExitStatus) -> Void
    ) throws(SpawnError) -> SpawnedProcess {
        _ = brokenPipesIgnored
        if let directory = launch.workingDirectory, !FileSystem.isDirectory(directory) {
            throw SpawnError(.noWorkingDirectory, operation: "chdir \(directory)", errno: ENOENT)
        }
        var pipes: [(read: Int32, write: Int32)] = []
        do throws(SystemError) {
            for _ in 0..<3 { pipes.append(try Descriptor.closeOnExecPipe()) }
        } catch {
            for pipe in pipes { Descriptor.close(pipe.read); Descriptor.close(pipe.write) }
            throw SpawnError(.system, operation: error.operation, errno: error.errno)
        }
        let (input, output, errors) = (pipes[0], pipes[1], pipes[2])
        let pid: Int32
        do throws(SpawnError) {
            pid = try start(launch, stdin: input.read, stdout: output.write, stderr: errors.write, onExit: onExit)
        } catch {
            for pipe in pipes { Descriptor.close(pipe.read); Descriptor.close(pipe.write) }
            throw error
        }
        // The child has its copies; ours of its ends would keep its stdin open and hide the end
        // of its output.
        for fd in [input.read, output.write, errors.write] { Descriptor.close(fd) }
        for fd in [input.write, output.read, errors.read] { try? Descriptor.setNonBlocking(fd) }
        return SpawnedProcess(pid: pid, standardInput: input.write, standardOutput: output.read, standardError: errors.read)
    }

    /// Writing to the stdin of a child that exited must fail with EPIPE, not kill us; a pipe,
    /// unlike a socket, has no per-call MSG_NOSIGNAL. Done once, at the first spawn.
    private static let brokenPipesIgnored: Void = Signals.ignoreBrokenPipe()

    private static func start(
        _ launch: ProcessLaunch, stdin: Int32, stdout: Int32, stderr: Int32, onExit: @escaping @Sendable (ExitStatus) -> Void
    ) throws(SpawnError) -> Int32 {
        let executable = absolute(launch.executable)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Every other descriptor of ours (sockets, the journal, other children's pipes, whatever
        // a library opened without O_CLOEXEC) stays out of the child.
        if let closeFrom = GlibcExtras.addCloseFrom {
            _ = closeFrom(&actions, 3)
        } else {
            for fd in FileSystem.openDescriptors() where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        }
        if let directory = launch.workingDirectory {
            guard let changeDirectory = GlibcExtras.addChangeDirectory else {
                throw SpawnError(.system, operation: "posix_spawn_file_actions_addchdir_np (glibc 2.29 or later)", errno: ENOSYS)
            }
            _ = directory.withCString { changeDirectory(&actions, $0) }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Dispatch's threads block every signal and we ignore SIGPIPE: the program must start
        // with nothing blocked and every signal at its default (SIG_IGN would survive exec).
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        // A group of its own (led by the child), so a timeout stops whatever it started too.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + launch.arguments).map { strdup($0) } + [nil]
        let envp = launch.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        return try ChildReaper.shared.register(onExit) { () throws(SpawnError) -> Int32 in
            var pid: pid_t = 0
            let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            guard result == 0 else { throw SpawnError(reason(result), operation: "posix_spawn \(executable)", errno: result) }
            return pid
        }
    }

    private static func reason(_ code: Int32) -> SpawnError.Reason {
        switch code {
        case E2BIG: .tooLarge
        case ENOENT, ENOTDIR: .notFound
        case EACCES, EPERM: .permissionDenied
        case ENOEXEC: .badFormat
        default: .system
        }
    }

    /// `path` from this process's working directory, so the child's `chdir` cannot change
    /// which program runs.
    private static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/"), let directory = FileSystem.currentDirectory() else { return path }
        return directory + "/" + path
    }
}
