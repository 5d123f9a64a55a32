import Foundation
import Handlers
import JSONSyntax
import SynapEvents
import SystemIO
import Testing
@testable import Receiver

/// The oldest data each file sink holds, read off its registry (`dataDir/sinks/NAME`): in
/// `status` (text and JSON, live and offline alike) and in the console's `/api/overview`.
@Suite(.serialized) struct FileSinkStatusTests {
    static func setModified(_ path: String, _ iso: String) throws {
        let date = try #require(ISO8601DateFormatter().date(from: iso))
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
    }

    @Test func statusShowsEachSinksFilesAndTheOldestLastWriteFromTheRegistryAlone() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.path + "/data"
        try FileManager.default.createDirectory(atPath: data + "/journal", withIntermediateDirectories: true)
        // Files of an earlier path template and outside the data directory count too: the registry knows them.
        let outside = directory.path + "/elsewhere/old.jsonl"
        let current = data + "/events/new.jsonl"
        for path in [outside, current] {
            try FileManager.default.createDirectory(atPath: FileSystem.parent(of: path), withIntermediateDirectories: true)
            try "{\"id\":\"1\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
        }
        var registry = try FileSinkRegistry(directory: data + "/sinks/archive")
        try registry.record(outside, role: .current)
        try registry.record(current, role: .current)
        try registry.record(data + "/events/deleted-since.jsonl", role: .current)
        try Self.setModified(outside, "2026-01-02T03:04:05Z")
        try Self.setModified(current, "2026-11-29T10:00:00Z")
        _ = try FileSinkRegistry(directory: data + "/sinks/empty")  // a sink that never wrote: no registry file, not listed

        let report = try StatusCommand.offlineReport(data, handlers: [])
        #expect(report.fileSinks == [FileSinkHolding(name: "archive", files: 2, bytes: 22, oldestWrite: 1_767_323_045_000)])
        #expect(report.text().contains("file sink archive: 2 files (22 bytes), oldest written 2026-01-02T03:04:05.000Z"))
        let json = report.json()
        #expect(json.contains(#""fileSinks":[{"name":"archive","files":2,"bytes":22,"oldestWrite":1767323045000}]"#))
        // What `status --admin` reads back prints the same text.
        #expect(StatusReport(json: Array(json.utf8)) == report)
    }

    @Test func aRunningReceiverReportsItsSinksInStatusAndTheOverview() async throws {
        let running = try OperationsTests.Running()
        defer { running.stop() }
        let posted = try await running.client.post("/webhooks/attempt-completed", body: OperationsTests.attempt, headers: running.basic("synap", "old-secret"))
        #expect(posted.status == 200)
        let file = running.directory.path + "/data/events.jsonl"
        #expect(await OperationsTests.eventually { FileManager.default.fileExists(atPath: file) })
        let written = try #require(FileSystem.modificationTime(of: file))
        let admin = HTTPTestClient(port: running.adminPort)

        let status = try await admin.send("GET", "/admin/status", body: nil, headers: OperationsTests.Running.admin)
        let report = try #require(StatusReport(json: Array(status.body.utf8)))
        #expect(report.fileSinks.map(\.name) == ["archive"])
        #expect(report.fileSinks.first?.files == 1 && report.fileSinks.first?.oldestWrite == written)

        let overview = try await admin.send("GET", "/api/overview", body: nil, headers: OperationsTests.Running.admin)
        #expect(overview.status == 200)
        let value = try JSONValue(parsing: Array(overview.body.utf8))
        #expect(value.value(atPath: "oldest.fileSinks.archive")?.doubleValue == Double(written))
        #expect(value.value(atPath: "fileSinks.0.name")?.stringValue == "archive")
        #expect(value.value(atPath: "fileSinks.0.files")?.doubleValue == 1)
    }
}
