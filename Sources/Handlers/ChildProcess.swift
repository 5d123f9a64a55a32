import Dispatch
import Foundation
import Synchronization
import SystemIO

/// One run of an external program with Foundation's `Process`: `input` on its stdin, the tail
/// of its stdout and stderr kept, a deadline enforced with SIGTERM and then SIGKILL.
///
/// Nothing here blocks a thread: the exit arrives through `terminationHandler`, stdin is written
/// and both pipes are read through non-blocking `DispatchIO` channels, all three at once, so a
/// child that writes a lot before reading its input (or never reads it) cannot deadlock us.
/// The awaiting task is resumed once the process has exited and both pipes reached end of file,
/// or `outputGrace` seconds after the exit if a background grandchild still holds a pipe open.
final class ChildProcess: Sendable {
    /// How the process ended, with the output kept.
    struct Outcome: Sendable {
        enum Ending: Sendable, Equatable {
            case exited(Int32)
            case signalled(Int32)
        }
        var ending: Ending
        /// True when the deadline passed and the process was stopped.
        var timedOut: Bool
        var stdout: OutputTail
        var stderr: OutputTail
    }

    private struct State {
        var completion: (@Sendable (Result<Outcome, any Error>) -> Void)?
        /// Kept alive until the run is over.
        var process: Process?
        var ending: Outcome.Ending?
        var openStreams = 2
        var timedOut = false
        var stdout: OutputTail
        var stderr: OutputTail
        var channels: [DispatchIO] = []
        var processGroup: Int32 = 0
    }

    /// Seconds between SIGTERM and SIGKILL on timeout.
    static let killGrace = 2.0
    /// Seconds to wait for the pipes' end of file after the process exited.
    static let outputGrace = 2.0

    private let state: Mutex<State>
    private let queue = DispatchQueue(label: "exec.child")

    private init(outputLimit: Int) {
        state = Mutex(State(stdout: OutputTail(limit: outputLimit), stderr: OutputTail(limit: outputLimit)))
    }

    /// Runs `executable` to completion (or until `timeout` seconds have passed), then calls
    /// `completion`; with a failure only when the program cannot be started (the error says why).
    static func run(
        executable: String, arguments: [String], environment: [String: String], input: [UInt8], timeout: Double,
        outputLimit: Int, completion: @escaping @Sendable (Result<Outcome, any Error>) -> Void
    ) {
        let child = ChildProcess(outputLimit: outputLimit)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        // Set before `run()`, so an exit that comes at once is not missed.
        process.terminationHandler = { process in
            let ending: Outcome.Ending = process.terminationReason == .uncaughtSignal
                ? .signalled(process.terminationStatus) : .exited(process.terminationStatus)
            child.exited(ending)
        }
        child.state.withLock { $0.completion = completion }
        do {
            try process.run()
        } catch {
            child.state.withLock { $0.completion = nil }
            completion(.failure(error))
            return
        }
        // Foundation starts the child as the leader of its own process group.
        child.state.withLock { state in
            state.processGroup = process.processIdentifier
            state.process = process
        }
        child.read(stdout.fileHandleForReading, into: \.stdout)
        child.read(stderr.fileHandleForReading, into: \.stderr)
        child.write(input, to: stdin.fileHandleForWriting)
        child.queue.asyncAfter(deadline: .now() + timeout) { child.deadlinePassed() }
    }

    private func read(_ handle: FileHandle, into stream: WritableKeyPath<State, OutputTail>) {
        // The channel owns the descriptor from here on; its cleanup handler closes it.
        let channel = DispatchIO(type: .stream, fileDescriptor: handle.fileDescriptor, queue: queue) { _ in try? handle.close() }
        channel.setLimit(lowWater: 1)
        state.withLock { $0.channels.append(channel) }
        channel.read(offset: 0, length: Int.max, queue: queue) { [self] done, data, _ in
            if let data, !data.isEmpty {
                state.withLock { $0[keyPath: stream].append(data) }
            }
            if done {
                channel.close()
                streamEnded()
            }
        }
    }

    private func write(_ input: [UInt8], to handle: FileHandle) {
        let channel = DispatchIO(type: .stream, fileDescriptor: handle.fileDescriptor, queue: queue) { _ in try? handle.close() }
        guard !input.isEmpty else { return channel.close() }
        let data = input.withUnsafeBytes { DispatchData(bytes: $0) }
        // EPIPE (the child exited or closed stdin without reading it all) just ends the write:
        // SIGPIPE is ignored process-wide (see ExecHandler), and the exit status tells the story.
        channel.write(offset: 0, data: data, queue: queue) { done, _, _ in
            if done { channel.close() }
        }
    }

    private func exited(_ ending: Outcome.Ending) {
        let waiting = state.withLock { state in
            state.ending = ending
            return state.openStreams > 0
        }
        if waiting {
            queue.asyncAfter(deadline: .now() + Self.outputGrace) { [self] in finish() }
        } else {
            finish()
        }
    }

    private func streamEnded() {
        let done = state.withLock { state in
            state.openStreams -= 1
            return state.openStreams == 0 && state.ending != nil
        }
        if done { finish() }
    }

    private func deadlinePassed() {
        let group = state.withLock { state -> Int32? in
            guard state.ending == nil, state.completion != nil else { return nil }
            state.timedOut = true
            return state.processGroup
        }
        guard let group else { return }
        Signals.send(Signals.terminate, toProcessGroup: group)
        queue.asyncAfter(deadline: .now() + Self.killGrace) { [self] in
            // Still running, or an exited shell's children still hold its pipes: no more asking.
            let stillBusy = state.withLock { $0.completion != nil }
            if stillBusy { Signals.send(Signals.kill, toProcessGroup: group) }
        }
    }

    /// Calls the completion once, with whatever output arrived.
    private func finish() {
        let (completion, outcome, channels) = state.withLock { state -> ((@Sendable (Result<Outcome, any Error>) -> Void)?, Outcome?, [DispatchIO]) in
            guard let completion = state.completion, let ending = state.ending else { return (nil, nil, []) }
            state.completion = nil
            state.process = nil
            let channels = state.channels
            state.channels = []
            return (completion, Outcome(ending: ending, timedOut: state.timedOut, stdout: state.stdout, stderr: state.stderr), channels)
        }
        channels.forEach { $0.close(flags: .stop) }
        if let completion, let outcome { completion(.success(outcome)) }
    }
}
