import Foundation
import SynapEvents
import Testing

/// The receiver as PID 1 of a PID namespace, as in a container without an init: orphans of its
/// exec programs are re-parented to it, and it must reap them without losing the exit statuses
/// of the programs it runs itself.
@Suite(.serialized) struct InitReaperTests {
    static let unshare = ["/usr/bin/unshare", "--pid", "--fork", "--mount-proc", "--kill-child"]

    /// Whether this machine lets us make a PID namespace (root, or a kernel allowing it); prints
    /// why not, so a skipped test says so.
    static let namespacesWork: Bool = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: unshare[0])
        probe.arguments = Array(unshare.dropFirst()) + ["/bin/true"]
        let errors = Pipe()
        probe.standardError = errors
        do {
            try probe.run()
            probe.waitUntilExit()
        } catch {
            print("InitReaperTests skipped: cannot run \(unshare[0]): \(error)")
            return false
        }
        guard probe.terminationStatus == 0 else {
            let reason = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            print("InitReaperTests skipped: unshare --pid is not permitted here: \(reason.trimmingCharacters(in: .whitespacesAndNewlines))")
            return false
        }
        return true
    }()

    /// The exec program: leaves two orphans behind (one the child of a subshell that is gone),
    /// then exits 3 for a user named "fail" and 0 otherwise.
    static let program = #"(sleep 0.3 &); sleep 0.4 & echo "ran $SYNAP_USER_NAME"; [ "$SYNAP_USER_NAME" = fail ] && exit 3; exit 0"#

    static func config(dataDir: String) -> String {
        """
        {
          "server": { "host": "127.0.0.1", "port": 0 },
          "dataDir": "\(dataDir)",
          "log": { "level": "debug" },
          "handlers": { "hook": { "type": "exec", "shell": true, "command": [\(String(decoding: try! JSONEncoder().encode(program), as: UTF8.self))], "retry": { "maxAttempts": 1 } } },
          "routes": [ { "path": "/webhooks/attempt-completed", "event": "attempt.completed", "handlers": ["hook"] } ]
        }
        """
    }

    @Test(.enabled(if: InitReaperTests.namespacesWork, "needs unshare --pid (root)"))
    func asPID1TheReceiverReapsOrphansAndStillJudgesExitStatuses() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.write(Self.config(dataDir: directory.path + "/data"), to: "config.json")
        let receiver = try ReceiverProcess(["serve", "--config", config], launcher: Self.unshare)
        defer { receiver.signal(SIGKILL) }  // --kill-child takes the namespace down with it
        let port = try #require(receiver.listeningPort())
        let initPID = try #require(Self.children(of: receiver.process.processIdentifier).first)
        #expect(Self.status(initPID)?.contains("NSpid:\t\(initPID)\t1") == true, "the receiver is not PID 1 of its namespace")

        let client = HTTPTestClient(port: port)
        for name in ["ok-1", "fail", "ok-2", "ok-3"] {
            let body = SampleEvents.body(for: .attemptCompleted).replacingOccurrences(of: "Ada Lovelace", with: name)
            #expect(try await client.post("/webhooks/attempt-completed", body: body).status == 200)
        }
        #expect(receiver.waitFor(timeout: 20) { process in
            process.standardError.components(separatedBy: "msg=delivered").count - 1 == 3
                && process.standardError.contains("exited with status 3")
        }, "\(receiver.standardError)")
        #expect(!receiver.standardError.contains("status collected elsewhere"))
        #expect(receiver.standardError.contains("ran ok-3"))

        // Every orphan has ended (the longest sleeps 0.4 s); none may stay a zombie.
        var others: [(pid: Int32, state: String)] = []
        for _ in 0..<100 {
            others = Self.namespaceMembers(besides: initPID)
            if others.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(others.isEmpty, "left in the namespace: \(others)")
    }

    static func status(_ pid: Int32) -> String? {
        try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
    }

    static func children(of parent: Int32) -> [Int32] {
        allProcesses().filter { pid in status(pid)?.contains("\nPPid:\t\(parent)\n") == true }
    }

    static func allProcesses() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
    }

    /// The processes of `initPID`'s PID namespace other than itself, with their state
    /// (`Z (zombie)` for one nobody reaped); repeated retries of the failing event may still
    /// be running while the list is read, so the caller waits for it to empty.
    static func namespaceMembers(besides initPID: Int32) -> [(pid: Int32, state: String)] {
        guard let namespace = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(initPID)/ns/pid") else { return [] }
        return allProcesses().compactMap { pid in
            guard pid != initPID, (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/pid")) == namespace,
                let status = status(pid), let line = status.split(separator: "\n").first(where: { $0.hasPrefix("State:") })
            else { return nil }
            return (pid, line.dropFirst("State:".count).trimmingCharacters(in: .whitespaces))
        }
    }
}
