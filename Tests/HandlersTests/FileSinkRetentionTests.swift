import Delivery
import Foundation
import SystemIO
import Testing
@testable import Handlers

/// The registry of written files, and retention over it.
@Suite struct FileSinkRetentionTests {
    /// Every file created or rotated to is registered durably, so a later instance with
    /// another template (an earlier configuration's files) still lists them.
    @Test func theRegistryListsEveryFileWrittenUnderAnyConfiguration() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let registry = dir + "/sinks/archive"
        let outside = SinkTest.directory()  // an absolute path elsewhere
        defer { SinkTest.remove(outside) }
        let first = FileSinkHandler(
            name: "archive", template: try FilePathTemplate(dir + "/events/{date}.jsonl"),
            options: .init(maxBytes: 5000, registryDirectory: registry))
        for id in UInt64(1)...2 { #expect(SinkTest.isDelivered(SinkTest.outcome(first, SinkTest.delivery(id)))) }
        first.close()
        let rotated = SinkTest.names(in: dir + "/events")
        #expect(rotated.count == 1 && rotated[0].hasPrefix("2026-11-23.jsonl.2"))

        let second = FileSinkHandler(
            name: "archive", template: try FilePathTemplate(outside + "/all.jsonl"), options: .init(registryDirectory: registry))
        defer { second.close() }
        #expect(SinkTest.isDelivered(SinkTest.outcome(second, SinkTest.delivery(3))))
        #expect(try second.files() == [dir + "/events/" + rotated[0], outside + "/all.jsonl"].sorted())
        #expect(try FileSinkRegistry.existingFiles(inDirectory: registry) == second.files())
        #expect(SinkTest.mode(of: registry + "/files.jsonl") == 0o600)
    }

    /// Relative templates and paths with `.` are registered in one absolute spelling.
    @Test func pathsAreRegisteredAbsolute() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let handler = FileSinkHandler(
            name: "archive", template: try FilePathTemplate("events.jsonl").resolved(against: dir + "/./data/"),
            options: .init(registryDirectory: dir + "/registry"))
        defer { handler.close() }
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(1))))
        #expect(try handler.files() == [dir + "/data/events.jsonl"])
    }

    /// Rotated files from before the registry existed are found next to registered paths.
    @Test func rotatedFilesOfRegisteredPathsAreFoundToo() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        #expect(FileManager.default.createFile(atPath: dir + "/events.jsonl.20250101T000000.000Z", contents: Data("{}\n".utf8)))
        #expect(FileManager.default.createFile(atPath: dir + "/events.jsonl.notrotated", contents: Data("{}\n".utf8)))
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(dir + "/events.jsonl"))
        defer { handler.close() }
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(1))))
        #expect(try handler.files() == [dir + "/events.jsonl", dir + "/events.jsonl.20250101T000000.000Z"])
    }

    /// A registered path that is now a directory holds nothing a sink wrote: erasure and
    /// retention skip it instead of failing on it (a sink whose file was replaced by a folder).
    @Test func aRegisteredPathThatIsNowADirectoryIsNotListed() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        var registry = try FileSinkRegistry(directory: dir + "/registry")
        try registry.record(dir + "/events.jsonl", role: .current)
        #expect(FileManager.default.createFile(atPath: dir + "/events.jsonl", contents: Data("{}\n".utf8)))
        try FileManager.default.createDirectory(atPath: dir + "/events.jsonl.20250101T000000.000Z", withIntermediateDirectories: false)
        #expect(registry.existingFiles() == [dir + "/events.jsonl"])
        try FileManager.default.removeItem(atPath: dir + "/events.jsonl")
        try FileManager.default.createDirectory(atPath: dir + "/events.jsonl", withIntermediateDirectories: false)
        #expect(registry.existingFiles() == [])
    }

    @Test func filesWhoseLastWriteIsOlderThanTheRetentionAreDeleted() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let handler = FileSinkHandler(
            name: "archive", template: try FilePathTemplate(dir + "/{date}.jsonl"),
            options: .init(maxBytes: 5000, retentionDays: 10, registryDirectory: dir + "/registry"))
        defer { handler.close() }
        let now = WallClock.nowMilliseconds()
        for id in UInt64(1)...3 { #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(id, receivedAt: now)))) }
        #expect(try handler.files().count == 2)  // one rotated file and the current one, still open
        let early = handler.sweep(now: now + 9 * SinkTest.day)
        #expect(early.deleted.isEmpty)
        #expect(early.rotated.count == 1)  // the current file's first line is over a day old
        let written = try handler.files()
        #expect(written.count == 2)
        let sweep = handler.sweep(now: now + 11 * SinkTest.day)
        #expect(sweep.deleted == written)
        #expect(try handler.files().isEmpty)
        #expect(SinkTest.names(in: dir) == ["registry"])
        #expect(SinkTest.lines(dir + "/registry/files.jsonl").isEmpty)
        #expect(handler.openFileCount == 0)
        // A late event for that date starts the file again, registered again.
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(4, receivedAt: now))))
        #expect(try handler.files() == [dir + "/" + WallClock.isoDate(milliseconds: now) + ".jsonl"])
    }

    /// A current file, still open, that has not been written for the retention is deleted
    /// whole (not rotated first), and its descriptor closed.
    @Test func anOpenFileIdleForTheRetentionIsDeleted() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let path = dir + "/events.jsonl"
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(path), options: .init(retentionDays: 2))
        defer { handler.close() }
        let now = WallClock.nowMilliseconds()
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(1, receivedAt: now))))
        let sweep = handler.sweep(now: now + 3 * SinkTest.day)
        #expect(sweep.deleted == [path])
        #expect(sweep.rotated.isEmpty)
        #expect(SinkTest.names(in: dir).isEmpty)
        #expect(SinkTest.descriptors(under: dir) == 0)
    }

    /// A file that keeps being written is rotated once its first line is a day old (or older
    /// than the retention, if shorter), so its old lines can age out.
    @Test func aFileStillBeingWrittenIsRotatedSoItCanAge() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let path = dir + "/events.jsonl"
        let handler = FileSinkHandler(
            name: "archive", template: try FilePathTemplate(path), options: .init(retentionDays: 30, registryDirectory: dir + "/registry"))
        defer { handler.close() }
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(1))))  // received 2026-11-23
        let young = handler.sweep(now: SinkTest.receivedAt + SinkTest.day / 2)
        #expect(young.rotated.isEmpty)
        let sweep = handler.sweep(now: SinkTest.receivedAt + SinkTest.day + 1)
        #expect(sweep.rotated.count == 1)
        #expect(sweep.deleted.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(2))))
        #expect(try handler.files() == [path, sweep.rotated[0]].sorted())
        #expect(SinkTest.ids(sweep.rotated[0]) == [SinkTest.hex(1)])
        #expect(SinkTest.ids(path) == [SinkTest.hex(2)])
    }

    @Test func withoutRetentionNothingIsDeleted() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(dir + "/events.jsonl"))
        defer { handler.close() }
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(1))))
        let sweep = handler.sweep(now: WallClock.nowMilliseconds() + 1000 * SinkTest.day)
        #expect(sweep.deleted.isEmpty && sweep.rotated.isEmpty)
        #expect(SinkTest.ids(dir + "/events.jsonl") == [SinkTest.hex(1)])
    }
}
