import Delivery
import Foundation
import Synchronization
import SynapEvents
import Testing
@testable import Handlers

@Suite struct ExecHandlerTests {
    /// A temporary directory holding one executable script.
    struct Script {
        let directory: String
        var path: String { directory + "/run.sh" }

        init(_ body: String) {
            directory = FileManager.default.temporaryDirectory.path + "/synap-exec-" + UUID().uuidString
            try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: directory + "/run.sh", contents: Data(("#!/bin/sh\n" + body + "\n").utf8), attributes: [.posixPermissions: 0o755])
        }

        func read(_ name: String) -> String? { try? String(contentsOfFile: directory + "/" + name, encoding: .utf8) }
        func remove() { try? FileManager.default.removeItem(atPath: directory) }
    }

    static func failure(_ body: () async throws -> Void) async -> HandlerFailure? {
        do {
            try await body()
            return nil
        } catch {
            return error as? HandlerFailure
        }
    }

    @Test func theBodyArrivesOnStdinAndTheFactsInTheEnvironment() async throws {
        let script = Script(#"cd "$(dirname "$0")" && cat > stdin.json && env | grep '^SYNAP_' | sort > env.txt && echo "args:$*""#)
        defer { script.remove() }
        setenv("SYNAP_EXAM_NAME", "inherited, must be overridden", 1)
        defer { unsetenv("SYNAP_EXAM_NAME") }
        let lines = Mutex<[ExecHandler.Output]>([])
        let handler = ExecHandler(name: "hook", settings: .init(command: [script.path, "one", "two"])) { output in lines.withLock { $0.append(output) } }
        let delivery = DeliveryFixture.make()
        try await handler.handle(delivery)
        #expect(script.read("stdin.json") == String(decoding: delivery.body, as: UTF8.self))
        let environment = Dictionary(uniqueKeysWithValues: (script.read("env.txt") ?? "").split(separator: "\n").map { line in
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        })
        #expect(Set(environment.keys) == Set(ExecHandler.environmentNames))
        #expect(environment["SYNAP_EVENT_ID"] == "0193a5f2c1d80001")
        #expect(environment["SYNAP_EVENT_KIND"] == "attempt.completed")
        #expect(environment["SYNAP_ROUTE"] == "/webhooks/attempt.completed")
        #expect(environment["SYNAP_ATTEMPT_ID"] == "kP4s9WcR2tX")
        #expect(environment["SYNAP_USER_ID"] == "7dNGUkKit2O")
        #expect(environment["SYNAP_USER_EMAIL"] == "ada@example.edu")
        #expect(environment["SYNAP_USER_NAME"] == "Ada Lovelace")
        #expect(environment["SYNAP_TEST_TITLE"] == "Number Theory: Bernoulli Numbers (Practice Set 3)")
        #expect(environment["SYNAP_EXAM_NAME"] == "")
        #expect(environment["SYNAP_SCORE"] == "17")
        #expect(environment["SYNAP_SCORE_FRAC"] == "0.85")
        #expect(environment["SYNAP_RECEIVED_AT"] == "2026-11-23T11:38:39.135Z")
        #expect(environment["SYNAP_ATTEMPT"] == "1")
        let logged = lines.withLock { $0 }
        #expect(logged.count == 1)
        #expect(logged.first?.stream == .stdout)
        #expect(logged.first?.text == "args:one two")
        #expect(logged.first?.eventID == delivery.id)
        #expect(logged.first?.handler == "hook")
    }

    @Test func aNonZeroExitIsARetryableFailureWithTheEndOfStderr() async throws {
        let script = Script("echo 'starting' >&2; echo 'lms said: course not found' >&2; exit 3")
        defer { script.remove() }
        let lines = Mutex<[ExecHandler.Output]>([])
        let handler = ExecHandler(name: "hook", settings: .init(command: [script.path])) { output in lines.withLock { $0.append(output) } }
        let failure = try #require(await Self.failure { try await handler.handle(DeliveryFixture.make()) })
        #expect(failure.retryable)
        #expect(failure.message.contains("exited with status 3"))
        #expect(failure.message.hasSuffix("lms said: course not found"))
        #expect(lines.withLock { $0.map(\.stream) } == [.stderr])
    }

    @Test func theShellRunsOneCommandLine() async throws {
        let handler = ExecHandler(name: "hook", settings: .init(command: [#"printf '%s' "$SYNAP_EVENT_KIND" | tr a-z A-Z >&2; exit 4"#], shell: true))
        let failure = try #require(await Self.failure { try await handler.handle(DeliveryFixture.make()) })
        #expect(failure.message.contains("exited with status 4; stderr: ATTEMPT.COMPLETED"))
    }

    @Test func deathBySignalIsARetryableFailure() async throws {
        let handler = ExecHandler(name: "hook", settings: .init(command: ["kill -KILL $$"], shell: true))
        let failure = try #require(await Self.failure { try await handler.handle(DeliveryFixture.make()) })
        #expect(failure.retryable)
        #expect(failure.message == "kill -KILL $$ was killed by signal 9")
    }

    @Test func aProgramPastItsTimeoutIsStoppedAndRetried() async throws {
        let script = Script("sleep 120")
        defer { script.remove() }
        let started = Date()
        let handler = ExecHandler(name: "hook", settings: .init(command: [script.path], timeoutSeconds: 0.5))
        let failure = try #require(await Self.failure { try await handler.handle(DeliveryFixture.make()) })
        #expect(failure.retryable)
        #expect(failure.message.contains("timed out after 0.5 s"))
        // Far from the 120 s the program wanted (generous: the suite shares two cores, and a
        // finished run can wait seconds for a test runner thread).
        #expect(Date().timeIntervalSince(started) < 100)
    }

    @Test func aProgramIgnoringSIGTERMIsKilledTwoSecondsLater() async throws {
        let script = Script("trap '' TERM\necho waiting >&2\nwhile :; do sleep 0.1; done")
        defer { script.remove() }
        let started = Date()
        let handler = ExecHandler(name: "hook", settings: .init(command: [script.path], timeoutSeconds: 0.5))
        let failure = try #require(await Self.failure { try await handler.handle(DeliveryFixture.make()) })
        let elapsed = Date().timeIntervalSince(started)
        #expect(failure.message.contains("timed out"))
        #expect(failure.message.hasSuffix("stderr: waiting"))
        // The grace was given (a lower bound holds however loaded the machine is; an upper one
        // would measure the test runner's threads, which other tests may hold for seconds).
        #expect(elapsed >= 2.4)
    }

    @Test func largeInputAndOutputDoNotDeadlock() async throws {
        let large = SampleEvents.largeAttemptCompleted(targetBytes: 4 << 20)
        let delivery = DeliveryFixture.make(body: large)
        // Echoes 4 MiB back before the input ends: a writer that waited for the reader would hang.
        let lines = Mutex<[ExecHandler.Output]>([])
        let echo = ExecHandler(name: "hook", settings: .init(command: ["cat"], timeoutSeconds: 20)) { output in lines.withLock { $0.append(output) } }
        try await echo.handle(delivery)
        let stdout = try #require(lines.withLock { $0.first })
        #expect(stdout.text.hasPrefix("[\(delivery.body.count - 8192) earlier bytes omitted] "))
        #expect(stdout.text.hasSuffix(String(large.suffix(100)).trimmingCharacters(in: .whitespacesAndNewlines)))
        // Never reads its input: the write ends with EPIPE, which must not kill the test process.
        let ignore = ExecHandler(name: "hook", settings: .init(command: ["true"], timeoutSeconds: 20))
        try await ignore.handle(delivery)
    }

    @Test func aMissingProgramIsAClearFailure() async throws {
        let handler = ExecHandler(name: "hook", settings: .init(command: ["/nonexistent/on-event.sh"]))
        #expect(handler.startupProblem?.contains("no such file") == true)
        let failure = try #require(await Self.failure { try await handler.handle(DeliveryFixture.make()) })
        #expect(failure.message == "cannot run /nonexistent/on-event.sh: no such file")
        #expect(failure.retryable)
        let unknown = ExecHandler(name: "hook", settings: .init(command: ["surely-no-such-program-here"]))
        #expect(await Self.failure { try await unknown.handle(DeliveryFixture.make()) }?.message.hasSuffix("not found in PATH") == true)
        #expect(ExecHandler(name: "hook", settings: .init(command: ["sh"])).startupProblem == nil)
    }

    @Test func aFileThatIsNotExecutableSaysSo() async throws {
        let script = Script("exit 0")
        defer { script.remove() }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: script.path)
        let failure = try #require(await Self.failure { try await ExecHandler(name: "hook", settings: .init(command: [script.path])).handle(DeliveryFixture.make()) })
        #expect(failure.message.hasSuffix("not executable (chmod +x it)"))
    }

    @Test func theOutputTailKeepsTheLastBytes() {
        var tail = OutputTail(limit: 8)
        tail.append(Array("hello ".utf8))
        #expect(tail.text == "hello")
        tail.append(Array("wide world\n".utf8))
        #expect(tail.bytes == Array("e world\n".utf8))
        #expect(tail.text == "[9 earlier bytes omitted] e world")
        #expect(tail.suffix(characters: 3) == "…rld")
        var multibyte = OutputTail(limit: 4)
        multibyte.append(Array("aé€".utf8))  // keeps the last byte of é: dropped, not shown as U+FFFD
        #expect(multibyte.text == "[2 earlier bytes omitted] €")
    }

    @Test(arguments: [1, 7, 64])
    func theOutputTailMatchesTheStreamsSuffixWhateverTheChunks(limit: Int) {
        // A fixed pseudo-random sequence of chunk sizes (0 to 150 bytes), so a failure repeats.
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(limit)
        var tail = OutputTail(limit: limit)
        var everything: [UInt8] = []
        for _ in 0..<300 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let chunk = (0..<Int(seed >> 33) % 151).map { UInt8(truncatingIfNeeded: everything.count + $0) }
            tail.append(chunk)
            everything += chunk
            #expect(tail.bytes == Array(everything.suffix(limit)))
        }
        #expect(tail.totalBytes == everything.count)
    }
}
