import Delivery
import Foundation
import Synchronization
import SynapEvents
import SystemIO
import Testing
@testable import Handlers

/// A sink file never holds a torn line: not after a full disk, a failed write or fsync, nor a
/// power cut that left half a line.
@Suite struct FileSinkTornLineTests {
    /// A small tmpfs, so a test can fill a real file system. Nil (with the reason printed)
    /// where mounting is not permitted.
    static func mountSmallFileSystem(at path: String, kilobytes: Int) -> Bool {
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0700", "tmpfs", path]
        mount.standardError = FileHandle.nullDevice
        do {
            try mount.run()
            mount.waitUntilExit()
        } catch {
            print("skipped: cannot run /bin/mount: \(error)")
            return false
        }
        guard mount.terminationStatus == 0 else {
            print("skipped: mounting a tmpfs is not permitted here (mount exited \(mount.terminationStatus)); the injected-write test covers the logic")
            return false
        }
        return true
    }

    static func unmount(_ path: String) {
        let umount = Process()
        umount.executableURL = URL(fileURLWithPath: "/bin/umount")
        umount.arguments = [path]
        try? umount.run()
        umount.waitUntilExit()
    }

    /// A real full disk: the write that does not fit leaves nothing behind, and once space
    /// returns the retry writes the whole line once.
    @Test func aFullDiskLeavesNoTornLineAndTheRetryWritesTheLineOnce() throws {
        let root = SinkTest.directory()
        defer { SinkTest.remove(root) }
        let disk = root + "/disk"
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        guard Self.mountSmallFileSystem(at: disk, kilobytes: 64) else { return }
        defer { Self.unmount(disk) }
        // Ballast to delete later, so space can come back.
        #expect(FileManager.default.createFile(atPath: disk + "/ballast", contents: Data(count: 16 * 1024)))
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(disk + "/events.jsonl"))
        defer { handler.close() }
        let body = SampleEvents.largeAttemptCompleted(targetBytes: 10_000)
        var refused: UInt64?
        for id in UInt64(1)...20 {
            if SinkTest.isFailed(SinkTest.outcome(handler, SinkTest.delivery(id, body: body))) {
                refused = id
                break
            }
        }
        let id = try #require(refused, "the disk never filled up")
        let path = disk + "/events.jsonl"
        #expect(SinkTest.holdsOnlyWholeLines(path))
        #expect(SinkTest.ids(path) == (1..<id).map(SinkTest.hex))

        try FileManager.default.removeItem(atPath: disk + "/ballast")
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(id, body: body))))
        #expect(SinkTest.holdsOnlyWholeLines(path))
        #expect(SinkTest.ids(path) == (1...id).map(SinkTest.hex))
    }

    /// A write cut short (the disk filled up after part of the line) is cut back.
    @Test func aShortWriteIsCutBackBeforeTheFailureIsReported() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let writes = Mutex(0)
        let failpoints = FileFailpoints { step in
            guard case .write = step else { return .proceed }
            let count = writes.withLock { $0 += 1; return $0 }
            return count == 2 ? .writePartly(bytes: 100, errno: ENOSPC) : .proceed
        }
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(dir + "/events.jsonl"), failpoints: failpoints)
        defer { handler.close() }
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(1))))
        let failed = SinkTest.outcome(handler, SinkTest.delivery(2))
        #expect(SinkTest.isFailed(failed))
        #expect(SinkTest.holdsOnlyWholeLines(dir + "/events.jsonl"))
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(2))))
        #expect(SinkTest.ids(dir + "/events.jsonl") == [SinkTest.hex(1), SinkTest.hex(2)])
        #expect(SinkTest.holdsOnlyWholeLines(dir + "/events.jsonl"))
    }

    /// A power cut with `fsync: false` can leave half a line: it is cut (and reported) before
    /// the next line is appended, instead of the next line being glued to it.
    @Test func aTornLineLeftByAPowerCutIsCutWhenTheFileIsOpened() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let path = dir + "/events.jsonl"
        let whole = FileSinkHandler.line(for: SinkTest.delivery(1))
        let torn = Array(FileSinkHandler.line(for: SinkTest.delivery(2)).prefix(120))
        #expect(FileManager.default.createFile(atPath: path, contents: Data(whole + torn)))
        let notices = StepLog()
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(path), notice: { notices.append($0) })
        defer { handler.close() }
        let outcome = SinkTest.outcome(handler, SinkTest.delivery(3))
        #expect(SinkTest.holdsOnlyWholeLines(path))
        #expect(SinkTest.ids(path) == [SinkTest.hex(1), SinkTest.hex(3)])
        #expect(notices.all.count == 1)
        #expect(notices.all.first?.contains("cut a torn line (120 bytes") == true)
        guard case .delivered(let detail)? = outcome else { Issue.record("not delivered: \(String(describing: outcome))"); return }
        #expect(detail?.contains("torn line") == true)
    }

    /// A file that is nothing but a torn line is emptied.
    @Test func aFileHoldingOnlyATornLineIsEmptied() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let path = dir + "/events.jsonl"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(#"{"id":"00000000000000"#.utf8)))
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(path))
        defer { handler.close() }
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(7))))
        #expect(SinkTest.ids(path) == [SinkTest.hex(7)])
    }
}
