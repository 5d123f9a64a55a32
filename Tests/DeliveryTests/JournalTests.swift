import Checksums
import Foundation
import Synchronization
import SystemIO
import Testing
@testable import Delivery

@Suite struct JournalTests {
    typealias F = JournalFixtures

    @Test func recordsSurviveReopenInOrder() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let journal = try F.open(directory.path)
        for n in 0..<5 { _ = try F.append(journal, [.event(F.event(n))]) }
        _ = try F.append(journal, [.transition(F.transition(2))])
        journal.close()
        let records = try F.records(directory.path)
        #expect(records.count == 6)
        #expect(records.first?.1 == .event(F.event(0)))
        #expect(records.last?.1 == .transition(F.transition(2)))
    }

    /// A crash in the middle of a write leaves a partial frame: it was never acknowledged, so
    /// recovery cuts it off and keeps everything before it.
    @Test(arguments: [1, 7, 20, 60])
    func aTornTailIsCutOff(cut: Int) throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let journal = try F.open(directory.path)
        for n in 0..<3 { _ = try F.append(journal, [.event(F.event(n))]) }
        let segmentPath = journal.path(of: journal.currentSegment)
        journal.close()
        let partial = Array(JournalRecord.event(F.event(3)).framed().prefix(cut))
        let handle = FileHandle(forWritingAtPath: segmentPath)!
        handle.seekToEndOfFile()
        handle.write(Data(partial))
        handle.closeFile()

        let reader = JournalReader(directory: directory.path)
        let recovery = LedgerRecovery.read(reader, segments: try reader.segments(), checkpoint: nil, repair: true)
        #expect(recovery.eventsRead == 3)
        #expect(recovery.warnings.count == 1)
        #expect(FileManager.default.contents(atPath: segmentPath)!.count == 3 * JournalRecord.event(F.event(0)).framed().count)
    }

    @Test func aCorruptFrameIsReportedAndTheRestOfItsSegmentSkipped() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let journal = try F.open(directory.path)
        for n in 0..<3 { _ = try F.append(journal, [.event(F.event(n))]) }
        let segmentPath = journal.path(of: journal.currentSegment)
        journal.close()
        var bytes = [UInt8](FileManager.default.contents(atPath: segmentPath)!)
        let frame = JournalRecord.event(F.event(0)).framed().count
        bytes[frame + 20] ^= 0xFF  // inside the second record's payload
        #expect(FileManager.default.createFile(atPath: segmentPath, contents: Data(bytes)))

        let reader = JournalReader(directory: directory.path)
        let recovery = LedgerRecovery.read(reader, segments: try reader.segments(), checkpoint: nil, repair: false)
        #expect(recovery.eventsRead == 1)
        #expect(recovery.warnings.first?.contains("checksum mismatch") == true)
    }

    /// Records larger than the reader's chunk, and many small ones across chunk boundaries,
    /// come back whole: the reader holds one chunk (or one record) at a time.
    @Test func theReaderStreamsRecordsOfAnySize() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let journal = try F.open(directory.path)
        let big = String(repeating: "x", count: JournalReader.chunkBytes * 2 + 17)
        var expected: [JournalRecord] = []
        for n in 0..<2000 {
            let record = JournalRecord.event(F.event(n, body: n % 500 == 7 ? "\"\(big)\"" : "{\"n\":\(n)}"))
            expected.append(record)
        }
        for batch in stride(from: 0, to: expected.count, by: 100) { _ = try F.append(journal, Array(expected[batch..<(batch + 100)])) }
        journal.close()
        #expect(try F.records(directory.path).map(\.1) == expected)
    }

    /// Many concurrent appends are made durable by far fewer fsyncs than records.
    @Test func concurrentAppendsShareFsyncs() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let journal = try F.open(directory.path)
        let flushes = Mutex(0)
        journal.onFlush = { _, _ in flushes.withLock { $0 += 1 } }
        let group = DispatchGroup()
        let failures = Mutex(0)
        for n in 0..<400 {
            group.enter()
            journal.append([.event(F.event(n))]) { result in
                if case .failure = result { failures.withLock { $0 += 1 } }
                group.leave()
            }
        }
        group.wait()
        journal.close()
        #expect(failures.withLock { $0 } == 0)
        #expect(flushes.withLock { $0 } < 400)
        #expect(try F.records(directory.path).count == 400)
    }

    /// The on-disk layout stays what older journals hold: u32 length, u32 CRC32C(payload),
    /// payload (little-endian); and an acknowledgement of an earlier version still reads.
    @Test func aFrameIsLengthChecksumAndPayloadAndOldAcknowledgementsStillRead() {
        let payload: [UInt8] = [2, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 1, 3, 0] + Array("log".utf8)
        let crc = CRC32C.checksum(payload)
        let frame: [UInt8] = [UInt8(payload.count), 0, 0, 0, UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 24)]
            + payload
        guard case .record(.transition(let transition), _) = JournalRecord.decode(frame, at: 0) else {
            Issue.record("an acknowledgement of an earlier version did not decode")
            return
        }
        #expect(transition.id == EventID(rawValue: 0x0102_0304_0506_0708))
        #expect(transition.handler == "log")
        #expect(transition.status == .delivered)
        // A transition round-trips with every field.
        let changes: [Transition.Change] = [
            .pending(note: "replayed"), .retrying(attempt: 3, nextAt: 1_700_000_000_123, error: "HTTP 503", statusCode: 503),
            .delivered(attempt: 4, detail: "HTTP 204"), .filteredOut, .dead(attempt: 9, reason: "HTTP 400", statusCode: 400),
            .resolved(note: "fixed by hand"), .expired, .quarantined(reason: "user.email: expected a string"), .released(note: "ok"),
            .duplicate(of: EventID(rawValue: 42)),
        ]
        for change in changes {
            let original = Transition(id: EventID(rawValue: 7), handler: change.isEventLevel ? nil : "lms", sequence: 99, at: 1_700_000_000_000, change: change)
            guard case .record(.transition(let decoded), _) = JournalRecord.decode(JournalRecord.transition(original).framed(), at: 0) else {
                Issue.record("\(change) did not decode")
                continue
            }
            #expect(decoded == original)
        }
    }

    /// State changes no one waits on ride with the next event's fsync instead of paying for their own.
    @Test func changesRideWithTheNextGroupCommit() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let journal = try F.open(directory.path)
        let flushes = Mutex(0)
        journal.onFlush = { _, _ in flushes.withLock { $0 += 1 } }
        for n in 0..<20 { journal.appendLazily(.transition(F.transition(n))) }
        _ = try F.append(journal, [.event(F.event(1))])
        #expect(flushes.withLock { $0 } == 1, "twenty changes and an event in one write and fsync")
        journal.close()
        #expect(try F.records(directory.path).count == 21)
    }

    /// With no event to ride on, a change still reaches the disk by itself, shortly.
    @Test func aLoneChangeIsWrittenWithinTheLazyDelay() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let journal = try F.open(directory.path)
        defer { journal.close() }
        let before = journal.bytesOnDisk
        journal.appendLazily(.transition(F.transition(7)))
        let deadline = Date().addingTimeInterval(5)
        while journal.bytesOnDisk == before && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(try F.records(directory.path).map(\.1) == [.transition(F.transition(7))])
    }

    @Test func segmentsRotateAtTheirSize() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let journal = try F.open(directory.path, segmentBytes: 200)
        for n in 0..<6 { _ = try F.append(journal, [.event(F.event(n))]) }
        journal.close()
        #expect(try JournalReader(directory: directory.path).segments().count >= 3)
        #expect(try F.records(directory.path).count == 6)
    }

    /// The acknowledgement waits for the fdatasync: a completion never runs before it.
    @Test func theCompletionComesAfterTheSync() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let synced = Mutex(0)
        let journal = try F.open(directory.path, hooks: JournalHooks(afterSync: { synced.withLock { $0 += 1 } }))
        defer { journal.close() }
        let seenAtCompletion = Mutex<[Int]>([])
        let group = DispatchGroup()
        for n in 0..<50 {
            group.enter()
            journal.append([.event(F.event(n))]) { _ in
                seenAtCompletion.withLock { $0.append(synced.withLock { $0 }) }
                group.leave()
            }
        }
        group.wait()
        #expect(seenAtCompletion.withLock { $0 }.allSatisfy { $0 > 0 })
    }

    /// A failing fsync fails the append (so the request gets 503), leaves nothing behind in
    /// the segment, and a later write that works clears the failure.
    @Test func aFailingSyncFailsTheAppendAndLeavesNothing() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let failing = Mutex(false)
        let journal = try F.open(directory.path, hooks: JournalHooks(beforeSync: { () throws(SystemError) in
            if failing.withLock({ $0 }) { throw SystemError("fdatasync", errno: EIO) }
        }))
        defer { journal.close() }
        _ = try F.append(journal, [.event(F.event(1))])
        let size = journal.bytesOnDisk
        failing.withLock { $0 = true }
        #expect(throws: SystemError.self) { try F.append(journal, [.event(F.event(2))]) }
        #expect(journal.health != JournalHealth.writable)
        #expect(journal.bytesOnDisk == size)
        #expect(try F.records(directory.path).count == 1)
        failing.withLock { $0 = false }
        _ = try F.append(journal, [.event(F.event(3))])
        #expect(journal.health == JournalHealth.writable)
        #expect(try F.records(directory.path).map(\.1) == [.event(F.event(1)), .event(F.event(3))])
    }

    /// A full disk fails every append without leaving a new, empty segment per attempt.
    @Test func aFullDiskFailsWithoutLeavingFiles() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let journal = try F.open(directory.path, segmentBytes: 1)
        defer { journal.close() }
        _ = try F.append(journal, [.event(F.event(1))])
        // The next append rotates to the next segment, which is made to be /dev/full (ENOSPC).
        let next = journal.path(of: JournalSegment(sequence: journal.currentSegment.sequence + 1))
        try FileManager.default.createSymbolicLink(atPath: next, withDestinationPath: "/dev/full")
        for n in 2...10 { #expect(throws: SystemError.self) { try F.append(journal, [.event(F.event(n))]) } }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("segment-") }
        #expect(files.count == 2, "\(files)")
    }

    /// A data directory deleted under a running journal is noticed before the next write: the
    /// write fails (503), never a 2xx into a file nobody will read.
    @Test func aDeletedDirectoryFailsEveryLaterWrite() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let journal = try F.open(directory.path + "/journal")
        defer { journal.close() }
        _ = try F.append(journal, [.event(F.event(1))])
        try FileManager.default.removeItem(atPath: directory.path)
        #expect(throws: SystemError.self) { try F.append(journal, [.event(F.event(2))]) }
        guard case .lost = journal.health else {
            Issue.record("the journal should know its directory is gone, not \(journal.health)")
            return
        }
        // Even once the directory is back, nothing goes into the old one's files.
        try FileManager.default.createDirectory(atPath: directory.path + "/journal", withIntermediateDirectories: true)
        #expect(throws: SystemError.self) { try F.append(journal, [.event(F.event(3))]) }
    }
}

extension Transition.Change {
    var isEventLevel: Bool {
        switch self {
        case .quarantined, .released, .duplicate: return true
        default: return false
        }
    }
}
