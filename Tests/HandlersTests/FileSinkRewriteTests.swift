import Delivery
import Foundation
import Synchronization
import SynapEvents
import SystemIO
import Testing
@testable import Handlers

/// Erasure's primitive: a sink file rewritten without some lines, atomically.
@Suite struct FileSinkRewriteTests {
    static func dropping(_ ids: Set<UInt64>) -> ([UInt8]) -> Bool {
        let hexes = Set(ids.map { Array(#"{"id":""#.utf8) + Array(SinkTest.hex($0).utf8) })
        return { line in !hexes.contains(where: { line.starts(with: $0) }) }
    }

    @Test func aRewriteRemovesLinesAndTheSinkWritesOnIntoTheNewFile() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let path = dir + "/events.jsonl"
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(path), options: .init(mode: 0o640))
        defer { handler.close() }
        for id in UInt64(1)...3 { #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(id)))) }
        let counts = try handler.rewrite(path: path, keepLine: Self.dropping([2]))
        #expect(counts.kept == 2 && counts.removed == 1)
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(4))))
        #expect(SinkTest.ids(path) == [1, 3, 4].map(SinkTest.hex))
        #expect(SinkTest.mode(of: path) == 0o640)
        #expect(SinkTest.names(in: dir) == ["events.jsonl"])
        // Erasing again finds nothing and changes nothing.
        let again = try handler.rewrite(path: path, keepLine: Self.dropping([2]))
        #expect(again.kept == 3 && again.removed == 0)
    }

    @Test func aMissingFileRewritesToNothing() throws {
        let counts = try LineFileRewriter.rewrite("/nonexistent/synap/events.jsonl") { _ in false }
        #expect(counts == LineFileRewriter.Counts())
    }

    /// A line longer than the rewriter's read chunk is kept or removed whole.
    @Test func longLinesSurviveTheChunkedCopy() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let path = dir + "/events.jsonl"
        let long = SampleEvents.largeAttemptCompleted(targetBytes: 3 << 20)
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(path))
        defer { handler.close() }
        for id in UInt64(1)...3 { #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(id, body: long)))) }
        let before = SinkTest.lines(path)
        let counts = try handler.rewrite(path: path, keepLine: Self.dropping([2]))
        #expect(counts.kept == 2 && counts.removed == 1)
        let kept = SinkTest.lines(path) == [before[0], before[2]]
        #expect(kept)
    }

    /// Every step of the rewrite (each write, the fsync, the rename, the directory fsync) is
    /// interrupted in turn, by a failure and by a crash: the path always holds the old file or
    /// the new one, whole, and a second rewrite always completes the job.
    @Test(arguments: [FailpointAction.fail(errno: EIO), .crash])
    func anInterruptedRewriteLeavesTheOldOrTheNewFileWhole(action: FailpointAction) throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let path = dir + "/events.jsonl"
        let original = (UInt64(1)...40).flatMap { FileSinkHandler.line(for: SinkTest.delivery($0, body: SampleEvents.largeAttemptCompleted(targetBytes: 60_000))) }
        let keep = Self.dropping(Set(stride(from: 2, through: 40, by: 2)))
        // The steps of an uninterrupted rewrite, and the file it produces.
        #expect(FileManager.default.createFile(atPath: path, contents: Data(original)))
        let steps = StepLog()
        _ = try LineFileRewriter.rewrite(path, failpoints: FileFailpoints { steps.append("\($0)"); return .proceed }, keepLine: keep)
        let rewritten = SinkTest.bytes(path)
        let temporary = LineFileRewriter.temporaryPath(for: path)
        #expect(steps.all.suffix(3) == ["fsync \(temporary)", "rename \(temporary) to \(path)", "fsync directory \(dir)"])
        #expect(steps.all.filter { $0.hasPrefix("write") }.count >= 2)  // 1.2 MB goes out in more than one write

        for stop in 0..<steps.all.count {
            #expect(FileManager.default.createFile(atPath: path, contents: Data(original)))
            let seen = Mutex(0)
            let failpoints = FileFailpoints { _ in seen.withLock { $0 += 1; return $0 - 1 } == stop ? action : .proceed }
            #expect(throws: SystemError.self) { try LineFileRewriter.rewrite(path, failpoints: failpoints, keepLine: keep) }
            // Compared to a Bool first: a failed #expect on megabyte arrays would diff them for minutes.
            let after = SinkTest.bytes(path)
            let whole = after == original || after == rewritten
            #expect(whole, "interrupted before \(steps.all[stop]): \(after.count) bytes, neither the old file nor the new one")
            if action != .crash {
                #expect(!FileManager.default.fileExists(atPath: LineFileRewriter.temporaryPath(for: path)))
            }
            _ = try LineFileRewriter.rewrite(path, keepLine: keep)
            let completed = SinkTest.bytes(path) == rewritten
            #expect(completed, "a second rewrite after an interruption before \(steps.all[stop]) did not complete it")
            #expect(!FileManager.default.fileExists(atPath: LineFileRewriter.temporaryPath(for: path)))
        }
    }

    /// A torn last line is dropped by a rewrite (erasure must not keep a fragment it cannot read).
    @Test func aTornLastLineIsRemoved() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let path = dir + "/events.jsonl"
        let whole = FileSinkHandler.line(for: SinkTest.delivery(1))
        #expect(FileManager.default.createFile(atPath: path, contents: Data(whole + Array(#"{"id":"00"#.utf8))))
        let counts = try LineFileRewriter.rewrite(path) { _ in true }
        #expect(counts.kept == 1 && counts.removed == 1)
        #expect(SinkTest.bytes(path) == whole)
    }
}
