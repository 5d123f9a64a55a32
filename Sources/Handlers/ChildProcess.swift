import Dispatch
import Synchronization
import SystemIO

/// One run of an external program: `input` on its stdin, the tail of its stdout and stderr
/// kept, a deadline enforced with SIGTERM and then SIGKILL to its whole process group.
///
/// The run is over when the program itself exits (`ChildReaper` reports its status): what it
/// left in its pipes is read then, and our ends are closed. Children it left running in the
/// background are not waited for, and what they write later is not read (their writes fail
/// with EPIPE). Nothing blocks a thread: `EventReactor` watches on the run's own queue write
/// stdin and read both pipes at once, so a child that writes a lot before reading its input (or never
/// reads it) cannot deadlock us.
final class ChildProcess: Sendable {
    /// How the process ended, with the output kept.
    struct Outcome: Sendable {
        typealias Ending = ExitStatus
        var ending: Ending
        /// True when the deadline passed and the process group was told to stop.
        var timedOut: Bool
        var stdout: OutputTail
        var stderr: OutputTail
    }

    private struct State {
        var completion: (@Sendable (Result<Outcome, any Error>) -> Void)?
        var stdout: OutputTail
        var stderr: OutputTail
        var input: [UInt8]
        var written = 0
        /// Standard output's and standard error's watches while their pipes are open (each
        /// watch owns its descriptor: closed when the watch is cancelled, never before).
        var readers: [EventReactor.Watch?] = [nil, nil]
        /// Standard input's, while input is left to write.
        var writer: EventReactor.Watch?
        var deadline: (any DispatchSourceTimer)?
        var timedOut = false
        var processGroup: Int32 = 0
    }

    /// Seconds between SIGTERM and SIGKILL on timeout.
    static let killGrace = 2.0
    /// Most bytes read from each pipe once the program has exited: what it left there, not
    /// an endless stream from a child it left running.
    static let drainLimit = 1 << 20
    /// Most bytes read from a pipe per wake-up, so one chatty program cannot hog the queue.
    private static let readSlice = 256 << 10

    private let state: Mutex<State>
    private let queue = DispatchQueue(label: "exec.child")

    private init(outputLimit: Int, input: [UInt8]) {
        state = Mutex(State(stdout: OutputTail(limit: outputLimit), stderr: OutputTail(limit: outputLimit), input: input))
    }

    /// Runs `executable` (a path, not searched in `PATH`; relative to our working directory)
    /// with exactly `environment`, in `workingDirectory` (nil: ours), until it exits or
    /// `timeout` seconds have passed, then calls `completion` once, from the run's queue; with a
    /// failure (a `SpawnError`) only when the program cannot be started.
    static func run(
        executable: String, arguments: [String], environment: [String: String], input: [UInt8], timeout: Double,
        outputLimit: Int, workingDirectory: String? = nil, completion: @escaping @Sendable (Result<Outcome, any Error>) -> Void
    ) {
        let child = ChildProcess(outputLimit: outputLimit, input: input)
        let launch = ProcessLaunch(executable: executable, arguments: arguments, environment: environment, workingDirectory: workingDirectory)
        // On the run's queue, so the exit (queued there by the reaper) cannot overtake the set-up.
        child.queue.sync { child.start(launch, timeout: timeout, completion: completion) }
    }

    private func start(_ launch: ProcessLaunch, timeout: Double, completion: @escaping @Sendable (Result<Outcome, any Error>) -> Void) {
        let spawned: SpawnedProcess
        do {
            spawned = try ProcessSpawner.spawn(launch) { [self] status in
                queue.async { @Sendable in self.exited(status) }
            }
        } catch {
            completion(.failure(error))
            return
        }
        state.withLock { state in
            state.completion = completion
            state.processGroup = spawned.pid
            state.readers = [
                watch(spawned.standardOutput, .read) { [self] in readOutput(0) }, watch(spawned.standardError, .read) { [self] in readOutput(1) },
            ]
            if state.input.isEmpty {
                Descriptor.close(spawned.standardInput)
            } else {
                state.writer = watch(spawned.standardInput, .write) { [self] in writeInput() }
            }
            let deadline = DispatchSource.makeTimerSource(queue: queue)
            deadline.schedule(deadline: .now() + timeout)
            deadline.setEventHandler { @Sendable [self] in deadlinePassed() }
            deadline.resume()
            state.deadline = deadline
        }
    }

    /// A watch of one of our pipe ends, which it owns. Epoll takes any pipe; should it refuse
    /// one (out of watches), the end is closed: the program sees EPIPE or EOF, and the run
    /// still ends when it exits.
    private func watch(_ fd: Int32, _ interest: Interest, _ ready: @escaping @Sendable () -> Void) -> EventReactor.Watch? {
        do throws(SystemError) {
            return try EventReactor.shared.watch(fd, interest: interest, queue: queue) { @Sendable _ in ready() }
        } catch {
            Descriptor.close(fd)
            return nil
        }
    }

    /// Stops a watch and closes its descriptor.
    private static func end(_ watch: EventReactor.Watch) {
        watch.cancel()
        Descriptor.close(watch.fd)
    }

    private func readOutput(_ stream: Int) {
        state.withLock { state in
            guard let watch = state.readers[stream] else { return }  // ended since the event was sent
            if Self.read(watch.fd, into: &state[keyPath: Self.tail(stream)], limit: Self.readSlice) {
                watch.arm(.read)
            } else {
                Self.end(watch)
                state.readers[stream] = nil
            }
        }
    }

    private static func tail(_ stream: Int) -> WritableKeyPath<State, OutputTail> {
        stream == 0 ? \.stdout : \.stderr
    }

    /// Reads what `fd` holds now into `tail`, at most about `limit` bytes; false once the pipe
    /// reached its end or failed.
    private static func read(_ fd: Int32, into tail: inout OutputTail, limit: Int) -> Bool {
        withUnsafeTemporaryAllocation(byteCount: 64 << 10, alignment: 1) { buffer in
            var total = 0
            while total < limit {
                switch Descriptor.read(fd, into: buffer) {
                case .bytes(let count):
                    tail.append(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                    total += count
                case .wouldBlock:
                    return true
                case .endOfFile, .failed:
                    return false
                }
            }
            return true
        }
    }

    private func writeInput() {
        state.withLock { state in
            guard let writer = state.writer else { return }
            var finished = false
            while state.written < state.input.count {
                let offset = state.written
                let result = state.input.withUnsafeBytes { Descriptor.write(writer.fd, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
                guard case .wrote(let count) = result else {
                    // EPIPE: the program exited or closed stdin unread; its exit status tells.
                    finished = result != .wouldBlock
                    break
                }
                state.written += count
            }
            if finished || state.written == state.input.count {
                Self.end(writer)
                state.writer = nil
                state.input = []
            } else {
                writer.arm(.write)
            }
        }
    }

    private func deadlinePassed() {
        let group = state.withLock { state -> Int32? in
            guard state.completion != nil else { return nil }
            state.timedOut = true
            return state.processGroup
        }
        guard let group else { return }
        Signals.send(Signals.terminate, toProcessGroup: group)
        // Whatever is left of the group then (the program, or children that ignored SIGTERM
        // after it exited) is killed; the run itself ends when the program exits.
        queue.asyncAfter(deadline: .now() + Self.killGrace) { @Sendable in
            Signals.send(Signals.kill, toProcessGroup: group)
        }
    }

    /// The program exited: read what it left in the pipes, close our ends, call the completion.
    private func exited(_ ending: ExitStatus) {
        let finished = state.withLock { state -> (@Sendable (Result<Outcome, any Error>) -> Void, Outcome)? in
            guard let completion = state.completion else { return nil }
            state.completion = nil
            for stream in 0..<2 {
                guard let watch = state.readers[stream] else { continue }
                _ = Self.read(watch.fd, into: &state[keyPath: Self.tail(stream)], limit: Self.drainLimit)
                Self.end(watch)
                state.readers[stream] = nil
            }
            state.writer.map(Self.end)
            state.writer = nil
            state.input = []
            state.deadline?.cancel()
            state.deadline = nil
            return (completion, Outcome(ending: ending, timedOut: state.timedOut, stdout: state.stdout, stderr: state.stderr))
        }
        guard let finished else { return }
        let (completion, outcome) = finished
        completion(.success(outcome))
    }
}
