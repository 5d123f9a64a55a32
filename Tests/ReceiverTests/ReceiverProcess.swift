import Foundation

/// The real `synap-webhooks` binary run as a child process, for tests of what a user sees:
/// exit codes, standard output (the log handler) and standard error (the operational log).
final class ReceiverProcess: @unchecked Sendable {
    let process = Process()
    private let stdout = Pipe()
    private let stderr = Pipe()
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    /// Streams that reached their end of file.
    private var closed = 0

    /// The binary SwiftPM built next to the test runner (`.build/<triple>/debug/`).
    static var binary: String {
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return runner.deletingLastPathComponent().appendingPathComponent("synap-webhooks").path
    }

    /// `launcher`: a command the binary runs under (`["/usr/bin/unshare", "--pid", "--fork"]`).
    init(_ arguments: [String], environment: [String: String] = [:], launcher: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: launcher.first ?? Self.binary)
        process.arguments = launcher.isEmpty ? arguments : Array(launcher.dropFirst()) + [Self.binary] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = stdout
        process.standardError = stderr
        stdout.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock {
                if data.isEmpty { self?.ended(handle) } else { self?.out.append(data) }
            }
        }
        stderr.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock {
                if data.isEmpty { self?.ended(handle) } else { self?.err.append(data) }
            }
        }
        try process.run()
    }

    /// Called under the lock when a stream reached its end.
    private func ended(_ handle: FileHandle) {
        handle.readabilityHandler = nil
        closed += 1
    }

    /// The binary under `strace -f -y -s 64`, writing the system calls that sync, write and
    /// send to `trace` (with the file each descriptor names).
    static func traced(_ arguments: [String], trace: String) throws -> ReceiverProcess {
        try ReceiverProcess(
            arguments, launcher: ["/usr/bin/strace", "-f", "-y", "-s", "64", "-e", "trace=fdatasync,fsync,write,writev,sendto,sendmsg", "-o", trace])
    }

    var standardOutput: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
    var standardError: String { lock.withLock { String(decoding: err, as: UTF8.self) } }

    /// Waits until `predicate` holds for the output so far, or `timeout` seconds pass.
    func waitFor(timeout: Double = 10, _ predicate: (ReceiverProcess) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if predicate(self) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return predicate(self)
    }

    /// The port from the `msg=listening address=HOST:PORT` log line (`admin: true`: the admin listener's).
    func listeningPort(timeout: Double = 10, admin: Bool = false) -> Int? {
        var port: Int?
        let message = admin ? "msg=\"admin listening\"" : "msg=listening "
        _ = waitFor(timeout: timeout) { process in
            guard let line = process.standardError.split(separator: "\n").first(where: { $0.contains(message) }),
                  let range = line.range(of: #"address=[^ ]*:(\d+)"#, options: .regularExpression)
            else { return false }
            port = Int(line[range].split(separator: ":").last!)
            return true
        }
        return port
    }

    /// Waits for the process to exit and returns its status.
    func waitForExit(timeout: Double = 15) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard !process.isRunning else { return nil }
        // Everything it wrote is read once both pipes reach their end (a child it left running
        // may hold them open: then give up after a while; a loaded machine can take seconds).
        let drained = Date().addingTimeInterval(10)
        while lock.withLock({ closed < 2 }) && Date() < drained { Thread.sleep(forTimeInterval: 0.01) }
        return process.terminationStatus
    }

    /// Sends `number` to the process (the launcher, when there is one). SIGKILL also goes to
    /// everything it started: a receiver under strace or unshare outlives its launcher's
    /// SIGKILL (strace detaches, unshare does not take its child along), and every test run left
    /// one running with its folder already deleted.
    func signal(_ number: Int32) {
        if number == SIGKILL { Self.descendants(of: process.processIdentifier).forEach { _ = kill($0, SIGKILL) } }
        kill(process.processIdentifier, number)
    }

    /// Sends `number` to what the launcher started (the receiver under strace), not to the
    /// launcher: strace given SIGTERM detaches and leaves the program running.
    func signalLaunched(_ number: Int32) {
        Self.descendants(of: process.processIdentifier).forEach { _ = kill($0, number) }
    }

    /// The processes `pid` started, their children, and so on (from /proc).
    static func descendants(of pid: Int32) -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        let children = tasks.flatMap { task -> [Int32] in
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
            return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        return children + children.flatMap(descendants)
    }

    deinit {
        if process.isRunning || !Self.descendants(of: process.processIdentifier).isEmpty { signal(SIGKILL) }
    }
}
