import Checksums
import Foundation
import Synchronization
import Testing
@testable import Delivery

@Suite struct JournalTests {
    static func event(_ n: Int, body: String = "{\"n\":1}") -> EventRecord {
        EventRecord(
            id: EventID(rawValue: UInt64(1000 + n)), receivedAt: 1_700_000_000_000 + Int64(n), route: "/webhooks/a",
            kind: "attempt.completed", handlers: ["log", "file"], requestID: "r-\(n)", contentType: "application/json",
            body: Array(body.utf8))
    }

    static func appendAndWait(_ journal: Journal, _ record: JournalRecord) throws {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<JournalPosition, SystemErrorBox>?>(nil)
        journal.append(record) { result in
            outcome.withLock { $0 = result.mapError(SystemErrorBox.init) }
            done.signal()
        }
        done.wait()
        _ = try outcome.withLock { $0 }!.get()
    }

    struct SystemErrorBox: Error { let error: any Error }

    @Test func recordsSurviveReopenInOrder() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let (journal, first) = try Journal.open(directory: directory.path)
        #expect(first.records.isEmpty)
        for n in 0..<5 { try Self.appendAndWait(journal, .event(Self.event(n))) }
        try Self.appendAndWait(journal, .ack(AckRecord(id: EventID(rawValue: 1002), handler: "log", outcome: .delivered)))
        journal.close()

        let (reopened, recovery) = try Journal.open(directory: directory.path)
        defer { reopened.close() }
        #expect(recovery.records.count == 6)
        #expect(recovery.records.first?.record == .event(Self.event(0)))
        #expect(recovery.records.last?.record == .ack(AckRecord(id: EventID(rawValue: 1002), handler: "log", outcome: .delivered)))
        #expect(recovery.lastEventID == EventID(rawValue: 1004))
        #expect(recovery.warnings.isEmpty)
        // New ids are above every recovered one, even with a clock far in the past.
        #expect(reopened.nextEventID(now: 0) > EventID(rawValue: 1004))
    }

    /// A crash in the middle of a write leaves a partial frame: it was never acknowledged, so
    /// recovery cuts it off and keeps everything before it.
    @Test(arguments: [1, 7, 20, 60])
    func aTornTailIsCutOff(cut: Int) throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let (journal, _) = try Journal.open(directory: directory.path)
        for n in 0..<3 { try Self.appendAndWait(journal, .event(Self.event(n))) }
        let segmentPath = journal.path(of: journal.currentSegment)
        journal.close()
        let partial = Array(JournalRecord.event(Self.event(3)).framed().prefix(cut))
        let handle = FileHandle(forWritingAtPath: segmentPath)!
        handle.seekToEndOfFile()
        handle.write(Data(partial))
        handle.closeFile()

        let (reopened, recovery) = try Journal.open(directory: directory.path)
        defer { reopened.close() }
        #expect(recovery.records.count == 3)
        #expect(recovery.warnings.count == 1)
        #expect(FileManager.default.contents(atPath: segmentPath)!.count == 3 * JournalRecord.event(Self.event(0)).framed().count)
    }

    @Test func aCorruptFrameIsReportedAndTheRestOfItsSegmentSkipped() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let (journal, _) = try Journal.open(directory: directory.path)
        for n in 0..<3 { try Self.appendAndWait(journal, .event(Self.event(n))) }
        let segmentPath = journal.path(of: journal.currentSegment)
        journal.close()
        var bytes = [UInt8](FileManager.default.contents(atPath: segmentPath)!)
        let frame = JournalRecord.event(Self.event(0)).framed().count
        bytes[frame + 20] ^= 0xFF  // inside the second record's payload
        FileManager.default.createFile(atPath: segmentPath, contents: Data(bytes))

        let (reopened, recovery) = try Journal.open(directory: directory.path)
        defer { reopened.close() }
        #expect(recovery.records.count == 1)
        #expect(recovery.warnings.first?.contains("checksum mismatch") == true)
    }

    /// Many concurrent appends are made durable by far fewer fsyncs than records.
    @Test func concurrentAppendsShareFsyncs() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let (journal, _) = try Journal.open(directory: directory.path)
        let flushes = Mutex(0)
        journal.onFlush = { _, _ in flushes.withLock { $0 += 1 } }
        let group = DispatchGroup()
        let failures = Mutex(0)
        for n in 0..<400 {
            group.enter()
            journal.append(.event(Self.event(n))) { result in
                if case .failure = result { failures.withLock { $0 += 1 } }
                group.leave()
            }
        }
        group.wait()
        journal.close()
        #expect(failures.withLock { $0 } == 0)
        #expect(flushes.withLock { $0 } < 400)
        let (_, recovery) = try Journal.open(directory: directory.path)
        #expect(recovery.records.count == 400)
    }

    /// The on-disk layout stays what older journals hold: u32 length, u32 CRC32C(payload),
    /// payload (little-endian), here for an ack.
    @Test func aFrameIsLengthChecksumAndPayload() {
        let ack = AckRecord(id: EventID(rawValue: 0x0102_0304_0506_0708), handler: "log", outcome: .delivered)
        let payload: [UInt8] = [2, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, AckRecord.Outcome.delivered.rawValue, 3, 0]
            + Array("log".utf8)
        let crc = CRC32C.checksum(payload)
        let expected: [UInt8] = [UInt8(payload.count), 0, 0, 0, UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 24)]
            + payload
        #expect(JournalRecord.ack(ack).framed() == expected)
    }

    /// Acks no one waits on ride with the next event's fsync instead of paying for their own.
    @Test func acksRideWithTheNextGroupCommit() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let (journal, _) = try Journal.open(directory: directory.path)
        let flushes = Mutex(0)
        journal.onFlush = { _, _ in flushes.withLock { $0 += 1 } }
        for n in 0..<20 { journal.append(.ack(AckRecord(id: EventID(rawValue: UInt64(n)), handler: "log", outcome: .delivered))) }
        try Self.appendAndWait(journal, .event(Self.event(1)))
        #expect(flushes.withLock { $0 } == 1, "twenty acks and an event in one write and fsync")
        journal.close()
        let (_, recovery) = try Journal.open(directory: directory.path)
        #expect(recovery.records.count == 21)
    }

    /// With no event to ride on, acks still reach the disk by themselves, shortly.
    @Test func aLoneAckIsWrittenWithinTheLazyDelay() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let (journal, _) = try Journal.open(directory: directory.path)
        let before = journal.bytesOnDisk
        journal.append(.ack(AckRecord(id: EventID(rawValue: 7), handler: "log", outcome: .delivered)))
        let deadline = Date().addingTimeInterval(5)
        while journal.bytesOnDisk == before && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(journal.bytesOnDisk > before)
        // Nothing closed the journal: the record must already be on disk for a reader.
        let recovery = try Journal.scan(directory: directory.path, repair: false)
        #expect(recovery.records.map(\.record) == [.ack(AckRecord(id: EventID(rawValue: 7), handler: "log", outcome: .delivered))])
        journal.close()
    }

    @Test func segmentsRotateAtTheirSize() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let (journal, _) = try Journal.open(directory: directory.path, segmentBytes: 200)
        for n in 0..<6 { try Self.appendAndWait(journal, .event(Self.event(n))) }
        journal.close()
        let (_, recovery) = try Journal.open(directory: directory.path)
        #expect(recovery.segments.count >= 3)
        #expect(recovery.records.count == 6)
    }

    /// A full disk must fail the append (so the request gets 503), never report success.
    @Test func aFullDiskFailsTheCompletion() throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let (journal, _) = try Journal.open(directory: directory.path, segmentBytes: 1)
        defer { journal.close() }
        try Self.appendAndWait(journal, .event(Self.event(1)))
        // The next append rotates to the next segment, which is made to be /dev/full (ENOSPC).
        let next = journal.path(of: JournalSegment(sequence: journal.currentSegment.sequence + 1))
        try FileManager.default.createSymbolicLink(atPath: next, withDestinationPath: "/dev/full")
        #expect(throws: SystemErrorBox.self) { try Self.appendAndWait(journal, .event(Self.event(2))) }
    }
}
