import Delivery
import Foundation
import Synchronization
import SynapEvents
import Testing
@testable import Handlers

/// What an exec handler's program gets from the receiver (a clean environment, three
/// descriptors, a working directory) and how its run is judged (by its own exit, whatever it
/// leaves behind; an event too large for any program fails alone and for good).
@Suite struct ExecIsolationTests {
    typealias Script = ExecHandlerTests.Script

    /// The receiver's environment as a test sees it: the four passed on, and secrets that must not be.
    static let receiver = [
        "PATH": "/usr/bin:/bin", "HOME": "/home/synap", "LANG": "C.UTF-8", "TZ": "Europe/Vienna",
        "SYNAP_BASIC_PASSWORD": "hunter2", "LMS_TOKEN": "tok-from-the-receiver", "AWS_SECRET_ACCESS_KEY": "x",
    ]

    /// Runs `handler` once and returns its outcome and what it wrote to stdout.
    static func run(_ settings: ExecHandler.Settings, receiver: [String: String] = receiver, delivery: Delivery = DeliveryFixture.make()) async -> (HandlerOutcome, String) {
        let stdout = Mutex("")
        let handler = ExecHandler(name: "hook", settings: settings, receiverEnvironment: receiver) { output in
            if output.stream == .stdout { stdout.withLock { $0 = output.text } }
        }
        let outcome = await withCheckedContinuation { continuation in handler.handle(delivery) { continuation.resume(returning: $0) } }
        return (outcome, stdout.withLock { $0 })
    }

    static func variables(_ text: String) -> [String: String] {
        Dictionary(text.split(separator: "\n").map { line in
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }) { first, _ in first }
    }

    @Test func theProgramGetsOnlyTheFourBasicsTheEventAndWhatEnvNames() async throws {
        let settings = ExecHandler.Settings(command: ["env"], environment: ["EXAM_RESULTS_DIR": "/var/lib/synap-webhooks/exam-results", "LMS_TOKEN": "tok-configured"])
        let (outcome, stdout) = await Self.run(settings)
        #expect(outcome == .delivered(detail: "exit status 0"))
        let environment = Self.variables(stdout)
        #expect(Set(environment.keys) == Set(["PATH", "HOME", "LANG", "TZ", "EXAM_RESULTS_DIR", "LMS_TOKEN"] + ExecHandler.environmentNames))
        #expect(environment["PATH"] == "/usr/bin:/bin")
        #expect(environment["HOME"] == "/home/synap")
        #expect(environment["TZ"] == "Europe/Vienna")
        #expect(environment["EXAM_RESULTS_DIR"] == "/var/lib/synap-webhooks/exam-results")
        #expect(environment["LMS_TOKEN"] == "tok-configured")
        #expect(environment["SYNAP_BASIC_PASSWORD"] == nil)
        #expect(environment["SYNAP_USER_NAME"] == "Ada Lovelace")
    }

    @Test func pathDefaultsToTheUsualDirectories() async throws {
        let (_, stdout) = await Self.run(.init(command: ["/usr/bin/env"]), receiver: ["SYNAP_BASIC_PASSWORD": "hunter2"])
        #expect(Self.variables(stdout)["PATH"] == "/usr/local/bin:/usr/bin:/bin")
        #expect(Self.variables(stdout)["HOME"] == nil)
        #expect(Self.variables(stdout)["SYNAP_BASIC_PASSWORD"] == nil)
    }

    @Test func theProgramHoldsNoDescriptorButItsThree() async throws {
        // A descriptor of ours without close-on-exec, as libraries open them: must not leak.
        let inheritable = open("/dev/null", O_RDONLY)
        #expect(inheritable > 2)
        defer { close(inheritable) }
        let (outcome, stdout) = await Self.run(.init(command: ["ls", "-l", "/proc/self/fd"]))
        #expect(outcome == .delivered(detail: "exit status 0"))
        // `ls` itself holds the directory it lists: "3 -> /proc/1234/fd".
        let descriptors = stdout.split(separator: "\n").compactMap { line -> String? in
            guard let arrow = line.range(of: " -> ") else { return nil }
            let target = line[arrow.upperBound...]
            if target.hasPrefix("/proc/") && target.hasSuffix("/fd") { return nil }
            return line[..<arrow.lowerBound].split(separator: " ").last.map(String.init)
        }
        #expect(descriptors == ["0", "1", "2"], "\(stdout)")
    }

    @Test func aProgramLeavingAChildRunningIsJudgedWhenItExits() async throws {
        let script = Script("")
        defer { script.remove() }
        // Exits 0 at once, its child holding stdout and stderr open for a minute; what the
        // program itself wrote before exiting (more than a pipe's buffer) is all read.
        let command = #"sleep 60 & echo $! > "$DIR/child.pid"; head -c 100000 /dev/zero | tr '\0' a; echo; echo end"#
        let settings = ExecHandler.Settings(command: [command], shell: true, timeoutSeconds: 10, environment: ["DIR": script.directory])
        let (outcome, stdout) = await Self.run(settings)
        if let pid = script.read("child.pid").flatMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) { kill(pid, SIGKILL) }
        #expect(outcome == .delivered(detail: "exit status 0"))
        // 100,005 bytes written, the last 8,192 kept.
        #expect(stdout.hasPrefix("[91813 earlier bytes omitted] aaaa"), "\(stdout.prefix(60))")
        #expect(stdout.hasSuffix("aaaa\nend"), "\(stdout.suffix(60))")
    }

    @Test func aTimeoutKillsTheWholeGroupEvenAfterTheProgramExited() async throws {
        let script = Script("")
        defer { script.remove() }
        // The program dies of SIGTERM; its child ignores SIGTERM and must get SIGKILL.
        let command = #"(trap '' TERM; sleep 60) & echo $! > "$DIR/child.pid"; sleep 60"#
        let settings = ExecHandler.Settings(command: [command], shell: true, timeoutSeconds: 0.5, environment: ["DIR": script.directory])
        let (outcome, _) = await Self.run(settings)
        guard case .failed(let failure) = outcome else { Issue.record("not a failure: \(outcome)"); return }
        #expect(failure.message.contains("timed out after 0.5 s"))
        let pid = try #require(script.read("child.pid").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        defer { kill(pid, SIGKILL) }
        var ended = false
        for _ in 0..<200 where !ended {
            ended = Self.hasEnded(pid)
            if !ended { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(ended, "the child that ignored SIGTERM still runs")
    }

    /// Gone, or a zombie waiting for whoever adopted it.
    static func hasEnded(_ pid: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return true }
        return status.contains("State:\tZ")
    }

    @Test func anEventTooLargeForAnyEnvironmentFailsForGoodAndTheNextOneRuns() async throws {
        let body = SampleEvents.body(for: .attemptCompleted).replacingOccurrences(of: "Ada Lovelace", with: String(repeating: "A", count: 140_000))
        let handler = ExecHandler(name: "hook", settings: .init(command: ["true"]), receiverEnvironment: Self.receiver)
        let large = await withCheckedContinuation { continuation in handler.handle(DeliveryFixture.make(body: body)) { continuation.resume(returning: $0) } }
        guard case .failed(let failure) = large else { Issue.record("not a failure: \(large)"); return }
        #expect(!failure.retryable)
        #expect(failure.message == "cannot run true: the event's SYNAP_USER_NAME (140,000 bytes) is too large for a program's environment (limit 131,072 per variable)")
        let next = await withCheckedContinuation { continuation in handler.handle(DeliveryFixture.make()) { continuation.resume(returning: $0) } }
        #expect(next == .delivered(detail: "exit status 0"))
    }

    @Test func theKernelsE2BIGIsASpawnErrorOfItsOwn() async throws {
        // Past the handler's own check (ChildProcess is what an erasure hook would call too).
        let result = await withCheckedContinuation { continuation in
            ChildProcess.run(
                executable: "/bin/true", arguments: [], environment: ["HUGE": String(repeating: "x", count: 140_000)], input: [],
                timeout: 10, outputLimit: 100
            ) { continuation.resume(returning: $0) }
        }
        guard case .failure(let error) = result else { Issue.record("started: \(result)"); return }
        #expect("\(error)".contains("E2BIG") || "\(error)".contains("Argument list too long"), "\(error)")
        let handler = ExecHandler(name: "hook", settings: .init(command: ["/bin/true"]))
        #expect(!handler.launchFailure("/bin/true", error).retryable)
    }

    @Test func theProgramRunsInItsWorkingDirectoryButIsFoundFromOurs() async throws {
        // A script under our working directory, named by a relative path that means nothing
        // from the program's working directory.
        let relative = ".build/synap-exec-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: relative, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: relative) }
        _ = FileManager.default.createFile(atPath: relative + "/run.sh", contents: Data("#!/bin/sh\npwd\n".utf8), attributes: [.posixPermissions: 0o755])
        let workplace = Script("")
        defer { workplace.remove() }
        let (outcome, stdout) = await Self.run(.init(command: [relative + "/run.sh"], workingDirectory: workplace.directory))
        #expect(outcome == .delivered(detail: "exit status 0"))
        #expect(stdout == workplace.directory)
    }

    @Test func aMissingWorkingDirectoryIsARetryableFailureAndAStartupProblem() async throws {
        let settings = ExecHandler.Settings(command: ["true"], workingDirectory: "/nonexistent/synap-work")
        let handler = ExecHandler(name: "hook", settings: settings)
        #expect(handler.startupProblem == "working directory /nonexistent/synap-work does not exist")
        let (outcome, _) = await Self.run(settings)
        guard case .failed(let failure) = outcome else { Issue.record("not a failure: \(outcome)"); return }
        #expect(failure.retryable)
        #expect(failure.message == "cannot run /usr/bin/true: working directory /nonexistent/synap-work does not exist")
    }

    @Test func foundationsProcessKeepsItsExitStatusesWhileProgramsRun() async throws {
        // The reaper waits for its own pids only: a Process started beside it still learns its status.
        async let programs: [HandlerOutcome] = withTaskGroup(of: HandlerOutcome.self) { group in
            for _ in 0..<8 { group.addTask { await Self.run(.init(command: ["exit 0"], shell: true)).0 } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        var statuses: [Int32] = []
        for code in [3, 7, 11] as [Int32] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "exit \(code)"]
            try process.run()
            process.waitUntilExit()
            statuses.append(process.terminationStatus)
        }
        #expect(statuses == [3, 7, 11])
        #expect(await programs.allSatisfy { $0 == .delivered(detail: "exit status 0") })
    }
}
