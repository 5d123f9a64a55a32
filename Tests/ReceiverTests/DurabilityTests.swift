import Foundation
import SynapEvents
import Testing
@testable import Receiver

/// Acknowledged means durable, tried on the real binary: the journal's fdatasync comes before
/// the 200, a full disk and a deleted data directory get 503 (never a 2xx into nothing), and
/// readiness says why until it can store events again.
@Suite(.serialized) struct DurabilityTests {
    static let sample = SampleEvents.body(for: .attemptCompleted)

    static func config(_ directory: TemporaryDirectory, data: String? = nil, extra: String = "") -> String {
        directory.write("""
            {
              "server": { "host": "127.0.0.1", "port": 0 },
              "dataDir": "\(data ?? directory.path + "/data")",
              \(extra)
              "handlers": { "archive": { "type": "file", "path": "events.jsonl" } },
              "routes": [ { "path": "/webhooks/attempt-completed", "event": "attempt.completed", "handlers": ["archive"] } ]
            }
            """, to: "config.json")
    }

    static let straceAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/strace")

    /// Kill -9 keeps the page cache, so only the system calls can show the fsync: under strace,
    /// the journal segment's fdatasync comes before the 200 is written to the socket. (A build
    /// whose journal never calls fdatasync passed every other test.)
    @Test(.enabled(if: straceAvailable, "needs strace (apt-get install strace; .ci/run installs it)"))
    func theJournalIsSyncedBeforeTheAnswer() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = Self.config(directory)
        let trace = directory.path + "/trace.txt"
        let receiver = try ReceiverProcess.traced(["serve", "--config", config], trace: trace)
        defer { receiver.signal(SIGKILL) }
        let port = try #require(receiver.listeningPort())
        let answer = try await HTTPTestClient(port: port).post("/webhooks/attempt-completed", body: Self.sample)
        #expect(answer.status == 200)
        receiver.signalLaunched(SIGTERM)
        #expect(receiver.waitForExit() != nil, "strace and the receiver stop once the receiver is told to")
        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
        let reply = try #require(lines.firstIndex { $0.contains("HTTP/1.1 200") }, "no 200 in the trace")
        // The journal's sync that returned first: its own line, or (when strace interleaved
        // another thread's call) the "resumed" line of the same thread.
        let start = try #require(lines.firstIndex { $0.contains("fdatasync(") && $0.contains("/journal/segment-") }, "no fdatasync of a journal segment")
        var returned = start
        if lines[start].contains("<unfinished") {
            let thread = lines[start].split(separator: " ").first!
            returned = try #require(lines[(start + 1)...].firstIndex { $0.hasPrefix(thread + " ") && $0.contains("fdatasync resumed") })
        }
        #expect(lines[returned].contains("= 0"), "the journal's fdatasync failed: \(lines[returned])")
        #expect(returned < reply, "the 200 was written before the journal's fdatasync returned")
    }

    /// A journal that cannot be written (a full disk) answers 503 without leaving a file per
    /// refused request, /readyz says so, and both recover once there is room again.
    @Test func aFullDiskAnswers503AndReadinessSaysSoUntilThereIsRoom() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let mount = directory.path + "/small"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        guard Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mount]) == 0 else {
            print("skipped: mounting a small tmpfs needs root")
            return
        }
        defer { _ = Self.run("/bin/umount", ["-l", mount]) }
        let receiver = try ReceiverProcess(["serve", "--config", Self.config(directory, data: mount + "/data")])
        defer { receiver.signal(SIGKILL) }
        let client = HTTPTestClient(port: try #require(receiver.listeningPort()))
        #expect(try await client.post("/webhooks/attempt-completed", body: Self.sample).status == 200)
        // Fill the disk.
        let filler = mount + "/filler"
        _ = Self.run("/bin/dd", ["if=/dev/zero", "of=\(filler)", "bs=4k", "count=1000"])
        var refused = 0
        for n in 0..<20 {
            let answer = try await client.post("/webhooks/attempt-completed", body: "{\"nonce\": \(n)," + Self.sample.dropFirst())
            if answer.status == 503 { refused += 1 }
            #expect(answer.status != 200 || n == 0, "a 2xx with no room to store it")
        }
        #expect(refused >= 19)
        let ready = try await client.get("/readyz")
        #expect(ready.status == 503)
        #expect(ready.body.contains("journal_unwritable"))
        let segments = try FileManager.default.contentsOfDirectory(atPath: mount + "/data/journal").filter { $0.hasPrefix("segment-") }
        #expect(segments.count <= 2, "segments left behind: \(segments)")
        // Room again: the next event is stored, and readiness follows.
        try FileManager.default.removeItem(atPath: filler)
        #expect(try await client.post("/webhooks/attempt-completed", body: "{\"nonce\": \"after\"," + Self.sample.dropFirst()).status == 200)
        #expect(try await client.get("/readyz").status == 200)
    }

    /// `rm -rf` of the data directory while running is noticed before the next
    /// acknowledgement: 503 and an error line, never 200 into a deleted file.
    @Test func aDeletedDataDirectoryIsNoticedBeforeTheNextAcknowledgement() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let receiver = try ReceiverProcess(["serve", "--config", Self.config(directory)])
        defer { receiver.signal(SIGKILL) }
        let client = HTTPTestClient(port: try #require(receiver.listeningPort()))
        #expect(try await client.post("/webhooks/attempt-completed", body: Self.sample).status == 200)
        // Delivered first, so the file handler is not creating files while they are deleted.
        #expect(receiver.waitFor { _ in ((try? String(contentsOfFile: directory.path + "/data/events.jsonl", encoding: .utf8)) ?? "").contains("\n") })
        // As an operator would: rm -rf (again if the receiver wrote a file meanwhile, say a checkpoint).
        var removed = false
        for _ in 0..<5 where !removed { removed = Self.run("/bin/rm", ["-rf", directory.path + "/data"]) == 0 }
        #expect(removed)
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/data"))
        for n in 0..<3 {
            let answer = try await client.post("/webhooks/attempt-completed", body: "{\"nonce\": \(n)," + Self.sample.dropFirst())
            #expect(answer.status == 503)
        }
        let ready = try await client.get("/readyz")
        #expect(ready.status == 503)
        #expect(ready.body.contains("data_directory_missing"))
        #expect(receiver.waitFor { $0.standardError.contains("data directory was deleted or replaced") })
    }

    static func run(_ program: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
