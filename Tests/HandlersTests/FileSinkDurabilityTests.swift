import Delivery
import Foundation
import Synchronization
import SystemIO
import Testing
@testable import Handlers

/// With `fsync: true`, "delivered" means on stable storage: the completion follows the line's
/// fdatasync, and the directory is fsync'd when a file is created or rotated.
@Suite struct FileSinkDurabilityTests {
    static func recording(_ log: StepLog, failing: (@Sendable (FileStep) -> FailpointAction)? = nil) -> FileFailpoints {
        FileFailpoints { step in
            switch step {
            case .write(let path, _): log.append("write \(path)")
            case .sync(let path): log.append("sync \(path)")
            case .rename(let from, _): log.append("rename \(from)")
            case .syncDirectory(let path): log.append("syncdir \(path)")
            }
            return failing?(step) ?? .proceed
        }
    }

    @Test func theCompletionComesAfterTheFsyncAndNewFilesAreRecordedInTheirDirectory() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let log = StepLog()
        let path = dir + "/events.jsonl"
        let handler = FileSinkHandler(
            name: "archive", template: try FilePathTemplate(path), options: .init(maxBytes: 5000, fsync: true),
            failpoints: Self.recording(log))
        defer { handler.close() }
        for id in UInt64(1)...2 {
            handler.handle(SinkTest.delivery(id)) { _ in log.append("completion") }
        }
        // Created: the directory entry is made durable before the first line; each line is
        // fsync'd before its completion; the rotation (the second line passes 5000 bytes) is
        // followed by a directory fsync, also before the completion.
        #expect(log.all == [
            "syncdir \(dir)", "write \(path)", "sync \(path)", "completion",
            "write \(path)", "sync \(path)", "rename \(path)", "syncdir \(dir)", "completion",
        ])
    }

    @Test func withoutFsyncNothingIsSynced() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let log = StepLog()
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(dir + "/a/b.jsonl"), failpoints: Self.recording(log))
        defer { handler.close() }
        handler.handle(SinkTest.delivery(1)) { _ in log.append("completion") }
        #expect(log.all == ["write \(dir)/a/b.jsonl", "completion"])
    }

    /// A line whose fsync failed is of unknown durability: it is cut, so the retry does not
    /// leave the id in the file twice.
    @Test func aFailedFsyncCutsTheLineSoTheRetryWritesItOnce() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let syncs = Mutex(0)
        let failpoints = FileFailpoints { step in
            guard case .sync = step else { return .proceed }
            return syncs.withLock { $0 += 1; return $0 } == 2 ? .fail(errno: EIO) : .proceed
        }
        let path = dir + "/events.jsonl"
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(path), options: .init(fsync: true), failpoints: failpoints)
        defer { handler.close() }
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(1))))
        #expect(SinkTest.isFailed(SinkTest.outcome(handler, SinkTest.delivery(2))))
        #expect(SinkTest.ids(path) == [SinkTest.hex(1)])
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(2))))
        #expect(SinkTest.ids(path) == [SinkTest.hex(1), SinkTest.hex(2)])
    }

    /// A rotation that fails after the line was written does not fail the delivery (a retry
    /// would write the line a second time).
    @Test func aFailedRotationDoesNotFailTheWrittenLine() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let failpoints = FileFailpoints { step in
            if case .rename = step { return .fail(errno: EACCES) }
            return .proceed
        }
        let notices = StepLog()
        let path = dir + "/events.jsonl"
        let handler = FileSinkHandler(
            name: "archive", template: try FilePathTemplate(path), options: .init(maxBytes: 10), notice: { notices.append($0) },
            failpoints: failpoints)
        defer { handler.close() }
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(1))))
        #expect(SinkTest.ids(path) == [SinkTest.hex(1)])
        #expect(notices.all.first?.contains("could not rotate") == true)
    }
}
